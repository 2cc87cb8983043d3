/**
 * Issue 11, hostile review: a literal written as an interpolation (`"${"*"}"`, `"s3:${"*"}"`,
 * `"${"0.0.0.0"}/0"`, `"${true}"`) is the literal Terraform renders, for every rule and in both
 * syntaxes (HCL and Terraform JSON), not an expression that only a plan resolves. One pass
 * (input/config: every string of every body, local and module call) renders them before any rule
 * reads a value. Each case has a flagged form and a compliant form of the same shape.
 */
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { loadInputs, RULES, runRules } from '../../src/rules';
import { simplifyTemplate } from '../../src/rules/normalise/hcl-literal';

jest.setTimeout(60_000);

async function failing(file: string, text: string): Promise<string[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'eksguard-tpl-'));
  writeFileSync(path.join(dir, file), text);
  const { findings } = runRules(RULES, await loadInputs([dir]));
  return findings.filter((f) => f.severity === 'error').map((f) => `${f.ruleId} ${f.address}`);
}

const policy = (action: string, resource: string) => `resource "aws_iam_policy" "p" {
  name   = "app"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ${action}, Resource = ${resource} }] })
}
`;
const trust = (principal: string) => `resource "aws_iam_role" "r" {
  name               = "app"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = ${principal} }, Action = "sts:AssumeRole" }] })
}
`;
const sshRule = (cidr: string) => `resource "aws_security_group_rule" "ssh" {
  type              = "ingress"
  description       = "ssh"
  security_group_id = "sg-0123456789abcdef0"
  protocol          = "\${"tcp"}"
  from_port         = 22
  to_port           = 22
  cidr_blocks       = [${cidr}]
}
`;
const cluster = (flag: string) => `resource "aws_eks_cluster" "c" {
  name     = "c"
  role_arn = "arn:aws:iam::111122223333:role/x"
  vpc_config {
    subnet_ids              = ["subnet-1"]
    endpoint_private_access = true
    endpoint_public_access  = ${flag}
  }
}
`;
// The policy text as an author writes it in Terraform JSON: the interpolation's own quotes are not JSON-escaped (Terraform renders the template first, then the text is the policy).
const jsonPolicy = (action: string) => JSON.stringify({ resource: { aws_iam_policy: { p: { name: 'app', policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"${action}","Resource":"*"}]}` } } } });

const CASES: Array<[string, string, string, string, string]> = [
  // [what, rule id and address, file, flagged, compliant]
  ['an action * written as "${"*"}"', 'CKV_AWS_63 aws_iam_policy.p', 'main.tf', policy('"${"*"}"', '"*"'), policy('"${"s3:GetObject"}"', '"arn:aws:s3:::app/*"')],
  ['a service wildcard spliced into an action ("iam:${"*"}")', 'CKV2_AWS_40 aws_iam_policy.p', 'main.tf', policy('"iam:${"*"}"', '"*"'), policy('"iam:${"GetRole"}"', '"*"')],
  ['a resource * written as "${"*"}" next to *', 'CKV_AWS_62 aws_iam_policy.p', 'main.tf', policy('"*"', '"${"*"}"'), policy('"*"', '"arn:aws:s3:::${"app"}/*"')],
  ['a principal * written as "${"*"}"', 'CKV_AWS_60 aws_iam_role.r', 'main.tf', trust('"${"*"}"'), trust('"arn:aws:iam::${"111122223333"}:role/ci"')],
  ['a principal * in a stripped interpolation "${~ "*" ~}"', 'CKV_AWS_60 aws_iam_role.r', 'main.tf', trust('"${~ "*" ~}"'), trust('"${~ "arn:aws:iam::111122223333:role/ci" ~}"')],
  ['0.0.0.0/0 spliced from parts', 'CKV_AWS_24 aws_security_group_rule.ssh', 'main.tf', sshRule('"${"0.0.0.0"}/${0}"'), sshRule('"${"10.0.0.0"}/8"')],
  ['a public endpoint flag written as "${true}"', 'CKV_AWS_39 aws_eks_cluster.c', 'main.tf', cluster('"${true}"'), cluster('"${false}"')],
  ['an action * in a Terraform JSON policy string written as "${"*"}"', 'CKV_AWS_63 aws_iam_policy.p', 'main.tf.json', jsonPolicy('${"*"}'), jsonPolicy('${"s3:GetObject"}')],
];

describe.each(CASES)('%s', (_what, expected, file, flagged, compliant) => {
  test(`is flagged (${expected})`, async () => {
    expect(await failing(file, flagged)).toContain(expected);
  });
  test('its compliant form of the same shape is not', async () => {
    expect(await failing(file, compliant)).not.toContain(expected);
  });
});

describe('simplifyTemplate', () => {
  test.each([
    ['s3:${"*"}', 's3:*'],
    ['${var.x}-${"*"}', '${var.x}-*'],
    ['${"$${"}x}', '$${x}'],
    ['$${"*"}', '$${"*"}'],
    ['%{ if true }x%{ endif }', '%{ if true }x%{ endif }'],
    ['${1}/${true}', '1/true'],
    ['${upper("a")}', '${upper("a")}'],
    ['${"unclosed', '${"unclosed'],
    // Blanks and `~` before the literal; a reference with nothing literal is returned as it is.
    ['${~ "*" ~}', '*'],
    ['${ ~ "*"}', '${ ~ "*"}'],
    ['${\n\t"*"}', '*'],
    ['${~true}', 'true'],
    ['${ ~ var.x} and ${aws_s3_bucket.b.arn}', '${ ~ var.x} and ${aws_s3_bucket.b.arn}'],
    ['x ${tostring (1)} ${jsonencode (["a"])}', 'x 1 ["a"]'],
  ])('%s renders as %s', (input, output) => {
    expect(simplifyTemplate(input)).toBe(output);
  });
  test('a literal that renders to ${ stays literal text, never a live interpolation', () => {
    expect(simplifyTemplate('${"$${file(\\"/etc/passwd\\")}"}')).toBe('$${file("/etc/passwd")}');
  });
  // A quadratic pattern took about 2 s on 30,000 blanks (about 200 s on these); linear, it takes milliseconds.
  test('a long run of blanks inside an interpolation is read in linear time', () => {
    const blanks = ' '.repeat(300_000);
    const started = Date.now();
    // Compared as booleans: a failing diff of such strings would take minutes itself.
    expect(simplifyTemplate(`\${${blanks}var.x}`) === `\${${blanks}var.x}`).toBe(true);
    expect(simplifyTemplate(`\${~${blanks}"*"}`) === '*').toBe(true);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
