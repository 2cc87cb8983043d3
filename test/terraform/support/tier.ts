/**
 * Whether the Terraform tier runs here. Where terraform or the provider mirror is missing, the tier
 * is skipped with a loud console.warn naming what is missing; with EKSGUARD_REQUIRE_TERRAFORM=1
 * (set by .ci/run) the same absence is a failing test instead.
 */
import { findTerraformTools, type TerraformTools } from './tools';

export const REQUIRE_VARIABLE = 'EKSGUARD_REQUIRE_TERRAFORM';

/**
 * Declare the tier's tests: `body` gets the tools when they are present. Otherwise one failing test
 * (when required) or a warning and a skipped describe block.
 */
export function describeTerraform(title: string, body: (tools: () => TerraformTools) => void): void {
  const found = findTerraformTools();
  if ('missing' in found) {
    const line = `Terraform tier "${title}" cannot run: missing ${found.missing}.`;
    if (process.env[REQUIRE_VARIABLE] === '1') {
      describe(title, () => {
        test(`fails when the Terraform tier is required (${REQUIRE_VARIABLE}=1) and cannot run`, () => {
          throw new Error(line);
        });
      });
      return;
    }
    console.warn(`SKIPPED: ${line} Set ${REQUIRE_VARIABLE}=1 to make this a failure.`);
    describe.skip(title, () => body(() => found as never));
    return;
  }
  describe(title, () => body(() => found));
}
