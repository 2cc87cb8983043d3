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
  const decision = tierDecision(title, found, process.env);
  if (decision.kind === 'fail') {
    describe(title, () => {
      test(`fails when the Terraform tier is required (${REQUIRE_VARIABLE}=1) and cannot run`, () => {
        throw new Error(decision.line);
      });
    });
  } else if (decision.kind === 'skip') {
    console.warn(decision.line);
    describe.skip(title, () => body(() => found as never));
  } else {
    describe(title, () => body(() => found as TerraformTools));
  }
}

/** Run, skip with a warning line, or fail with a line: from what was found and the environment. Pure. */
export function tierDecision(title: string, found: TerraformTools | { missing: string }, env: NodeJS.ProcessEnv): { kind: 'run' } | { kind: 'skip' | 'fail'; line: string } {
  if (!('missing' in found)) return { kind: 'run' };
  const line = `Terraform tier "${title}" cannot run: missing ${found.missing}.`;
  if (env[REQUIRE_VARIABLE] === '1') return { kind: 'fail', line: `${line} ${REQUIRE_VARIABLE}=1 makes this a failure (as in .ci/run).` };
  return { kind: 'skip', line: `SKIPPED: ${line} Set ${REQUIRE_VARIABLE}=1 to make this a failure.` };
}
