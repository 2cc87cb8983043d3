/**
 * Issue 11, hostile review: variable values are read as Terraform reads them. A variable's default
 * and the values Terraform loads by itself (`terraform.tfvars`, `terraform.tfvars.json`,
 * `*.auto.tfvars[.json]`, later files winning) are one model, so an attachment naming its policy
 * through a variable is resolved, a tfvars file that swaps the value is seen by check, and a changed
 * default or a new tfvars file is a change in review. Each case has a flagged and a compliant form.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { review } from '../../src/review/review';
import { loadInputs, RULES, runRules } from '../../src/rules';

jest.setTimeout(60_000);

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const READ = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const ROLE = `resource "aws_iam_role" "r" {
  name               = "app"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
resource "aws_iam_role_policy_attachment" "a" {
  role       = aws_iam_role.r.name
  policy_arn = var.policy
}
`;
const variable = (dflt: string) => `variable "policy" {\n  type    = string\n  default = "${dflt}"\n}\n`;

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'eksguard-vars-'));
  for (const [f, t] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), t);
  }
  return dir;
}
const failing = async (files: Record<string, string>) => runRules(RULES, await loadInputs([tree(files)])).findings.map((f) => `${f.ruleId} ${f.address}`);

describe('check reads a variable through its default and the tfvars files Terraform loads', () => {
  const cases: Array<[string, Record<string, string>, Record<string, string>]> = [
    ['the default names AdministratorAccess', { 'main.tf': ROLE + variable(ADMIN) }, { 'main.tf': ROLE + variable(READ) }],
    ['terraform.tfvars replaces a harmless default', { 'main.tf': ROLE + variable(READ), 'terraform.tfvars': `policy = "${ADMIN}"\n` }, { 'main.tf': ROLE + variable(ADMIN), 'terraform.tfvars': `policy = "${READ}"\n` }],
    ['an .auto.tfvars.json replaces it', { 'main.tf': ROLE + variable(READ), 'x.auto.tfvars.json': JSON.stringify({ policy: ADMIN }) }, { 'main.tf': ROLE + variable(READ), 'x.auto.tfvars.json': JSON.stringify({ policy: READ }) }],
    ['a later .auto.tfvars wins over terraform.tfvars', { 'main.tf': ROLE + variable(READ), 'terraform.tfvars': `policy = "${READ}"\n`, 'z.auto.tfvars': `policy = "${ADMIN}"\n` }, { 'main.tf': ROLE + variable(READ), 'terraform.tfvars': `policy = "${ADMIN}"\n`, 'z.auto.tfvars': `policy = "${READ}"\n` }],
  ];
  test.each(cases)('fails when %s (CKV_AWS_274); the compliant form passes', async (_what, flagged, compliant) => {
    expect(await failing(flagged)).toContain('CKV_AWS_274 aws_iam_role_policy_attachment.a');
    expect(await failing(compliant)).not.toContain('CKV_AWS_274 aws_iam_role_policy_attachment.a');
  });

  test('a tfvars file is read, not listed as skipped', async () => {
    const skipped: string[] = [];
    await loadInputs([tree({ 'main.tf': ROLE + variable(READ), 'terraform.tfvars': `policy = "${READ}"\n`, 'notes.txt': 'x' })], { onSkip: (f) => skipped.push(path.basename(f)) });
    expect(skipped).toEqual(['notes.txt']);
  });
});

describe('review sees a changed variable value', () => {
  const reviewOf = async (base: Record<string, string>, head: Record<string, string>) =>
    review(await loadInputs([tree(base)], { rootName: 'root' }), await loadInputs([tree(head)], { rootName: 'root' }));
  const POLICY = (action: string) => `variable "action" {\n  default = "${action}"\n}\nresource "aws_iam_policy" "p" {\n  name   = "p"\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = var.action, Resource = "*" }] })\n}\n`;

  test('fails when a variable default read by a policy changes', async () => {
    expect((await reviewOf({ 'main.tf': POLICY('s3:GetObject') }, { 'main.tf': POLICY('*') })).broadening).toBeGreaterThan(0);
    expect((await reviewOf({ 'main.tf': POLICY('s3:GetObject') }, { 'main.tf': POLICY('s3:GetObject') })).changes).toEqual([]);
  });

  test('fails when a new terraform.tfvars swaps the value an attachment reads', async () => {
    const r = await reviewOf({ 'main.tf': ROLE + variable(READ) }, { 'main.tf': ROLE + variable(READ), 'terraform.tfvars': `policy = "${ADMIN}"\n` });
    expect(r.changes.some((c) => c.broadening && /AdministratorAccess/.test(c.detail))).toBe(true);
    const same = await reviewOf({ 'main.tf': ROLE + variable(READ) }, { 'main.tf': ROLE + variable(ADMIN), 'terraform.tfvars': `policy = "${READ}"\n` });
    expect(same.broadening).toBe(0);
  });
});
