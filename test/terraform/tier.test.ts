/**
 * When the Terraform tier runs, skips loudly, or fails: a machine without terraform or the provider
 * mirror skips with a warning naming what is missing; CI (EKSGUARD_REQUIRE_TERRAFORM=1, set by
 * .ci/run) fails instead. No terraform needed.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { tierDecision } from './support/tier';
import { findTerraformTools } from './support/tools';

describe('the Terraform tier decision', () => {
  test.each([
    ['no terraform on PATH', { PATH: '/nonexistent' }, /the terraform CLI \(not on PATH/],
    ['EKSGUARD_TERRAFORM naming nothing', { EKSGUARD_TERRAFORM: '/nonexistent/terraform' }, /EKSGUARD_TERRAFORM=\/nonexistent\/terraform does not exist/],
    ['no provider mirror', { EKSGUARD_TERRAFORM: process.execPath, EKSGUARD_TF_MIRROR: '/nonexistent' }, /an offline mirror of hashicorp\/aws .* under \/nonexistent/],
  ])('names what is missing: %s', (_label, env, missing) => {
    const found = findTerraformTools(env);
    expect('missing' in found && found.missing).toMatch(missing);
  });

  test('skips with a warning line where something is missing, and fails when the tier is required', () => {
    const found = { missing: 'the terraform CLI (not on PATH; set EKSGUARD_TERRAFORM)' };
    expect(tierDecision('t', found, {})).toEqual({ kind: 'skip', line: expect.stringMatching(/^SKIPPED: Terraform tier "t" cannot run: missing the terraform CLI/) });
    expect(tierDecision('t', found, { EKSGUARD_REQUIRE_TERRAFORM: '1' })).toEqual({ kind: 'fail', line: expect.stringMatching(/cannot run: missing the terraform CLI.*makes this a failure/) });
    expect(tierDecision('t', found, { EKSGUARD_REQUIRE_TERRAFORM: '0' }).kind).toBe('skip');
  });

  test('runs when the tools are found, required or not', () => {
    const found = { terraform: 't', mirror: 'm', awsVersion: '5.100.0', env: {}, workDir: 'w' };
    expect(tierDecision('t', found, {})).toEqual({ kind: 'run' });
    expect(tierDecision('t', found, { EKSGUARD_REQUIRE_TERRAFORM: '1' })).toEqual({ kind: 'run' });
  });

  test('CI requires the tier', () => {
    expect(readFileSync(path.join(__dirname, '..', '..', '.ci', 'run'), 'utf8')).toMatch(/^export EKSGUARD_REQUIRE_TERRAFORM=1$/m);
  });
});
