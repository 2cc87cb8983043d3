/**
 * Issue 11, second hostile review: what a file holds is read as Terraform reads it, or refused,
 * never silently dropped. A repeated key in Terraform JSON keeps every value (two policies, two
 * statements); a symbolic link to a configuration file is read (inside the tree) or refused (outside);
 * OpenTofu's `.tofu` files are read, and a `.tf`/`.tofu` pair is refused; a role's inline policies and
 * managed_policy_arns are grants in a plan too; a template directive in a literal policy is reported;
 * review sees any edit to a policy it cannot analyse, however long. Each case has a flagged form and
 * a compliant one. The plans in test/data/inputs/plans are real `terraform show -json` output
 * (Terraform 1.11.4, AWS provider 5.100.0, offline).
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { main } from '../../src/cli/main';
import { loadInputs, RULES, runRules } from '../../src/rules';
import { parseTerraformJson, repeatedKey } from '../../src/rules/input/json';

jest.setTimeout(120_000);

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'eksguard-inputs-'));
  for (const [f, t] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), t);
  }
  return dir;
}
const errors = async (p: string) => runRules(RULES, await loadInputs([p])).findings.filter((f) => f.severity === 'error').map((f) => `${f.ruleId} ${f.address}`);
const findings = async (p: string) => runRules(RULES, await loadInputs([p])).findings.map((f) => `${f.ruleId} ${f.address}`);
const run = async (args: string[]) => {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { write: (s: string) => ((stdout += s), true) } as never, { write: (s: string) => ((stderr += s), true) } as never);
  return { code, stdout, stderr };
};
const PLANS = path.join(__dirname, '..', 'data', 'inputs', 'plans');
const admin = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
const narrow = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::app/*' }] });

describe('a repeated key in Terraform JSON keeps every value, as Terraform keeps it', () => {
  // Written by hand: JSON.stringify cannot repeat a key.
  const twoTypes = (first: string) => `{"resource": {"aws_iam_policy": {"first": {"name": "a", "policy": ${JSON.stringify(first)}}}, "aws_iam_policy": {"second": {"name": "b", "policy": ${JSON.stringify(narrow)}}}}}`;
  test('a resource hidden under an earlier repeat of its type key is checked', async () => {
    expect(await errors(tree({ 'main.tf.json': twoTypes(admin) }))).toContain('CKV_AWS_62 aws_iam_policy.first');
    expect(await errors(tree({ 'main.tf.json': twoTypes(narrow) }))).not.toContain('CKV_AWS_62 aws_iam_policy.first');
  });
  const twoStatements = (first: string) =>
    `{"data": {"aws_iam_policy_document": {"d": {"statement": {"actions": [${JSON.stringify(first)}], "resources": ["*"]}, "statement": {"actions": ["s3:GetObject"], "resources": ["arn:aws:s3:::app/*"]}}}}, "resource": {"aws_iam_policy": {"p": {"name": "p", "policy": "\${data.aws_iam_policy_document.d.json}"}}}}`;
  test('a statement hidden under an earlier repeat of "statement" is read', async () => {
    expect(await errors(tree({ 'main.tf.json': twoStatements('*') }))).toContain('CKV_AWS_63 aws_iam_policy.p');
    expect(await errors(tree({ 'main.tf.json': twoStatements('sqs:SendMessage') }))).not.toContain('CKV_AWS_63 aws_iam_policy.p');
  });
  test('review sees a statement added by repeating a key', async () => {
    const base = tree({ 'main.tf.json': twoStatements('s3:GetObject').replace(/"statement": \{"actions": \["s3:GetObject"\][^}]*\}, /, '') });
    const head = tree({ 'main.tf.json': twoStatements('*') });
    const r = await run(['review', '--base', base, '--head', head, '--fail-on', 'broadening']);
    expect(r.code).toBe(3);
  });
  test('the scan: escaped keys are the same key; nested and sibling objects are separate', () => {
    expect(repeatedKey('{"a": 1, "\\u0061": 2}')).toBe('a');
    expect(repeatedKey('{"a": {"a": 1}, "b": [{"a": 1}, {"a": 2}]}')).toBeUndefined();
    expect(repeatedKey('{"a": "x,\\"a\\":", "b": 1}')).toBeUndefined();
    expect(parseTerraformJson('{"k": [1], "k": 2, "__proto__": {"x": 1}}')).toEqual(JSON.parse('{"k": [1, 2], "__proto__": {"x": 1}}'));
  });
});

describe('symbolic links and OpenTofu files', () => {
  const role = (policy: string) => `resource "aws_iam_policy" "p" {\n  name   = "p"\n  policy = ${JSON.stringify(policy)}\n}\n`;
  test('a link to a configuration file inside the tree is read', async () => {
    const dir = tree({ 'root/main.tf': '', 'root/shared/iam.tf.txt': role(admin) });
    symlinkSync(path.join(dir, 'root', 'shared', 'iam.tf.txt'), path.join(dir, 'root', 'iam.tf'));
    expect(await errors(path.join(dir, 'root'))).toContain('CKV_AWS_62 aws_iam_policy.p');
  });
  test('a link to a configuration file outside the tree is refused with an error naming it, never skipped', async () => {
    const dir = tree({ 'root/main.tf': '', 'elsewhere/iam.tf.txt': role(narrow) });
    symlinkSync(path.join(dir, 'elsewhere', 'iam.tf.txt'), path.join(dir, 'root', 'iam.tf'));
    const r = await run(['check', path.join(dir, 'root')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('is a symbolic link to');
  });
  test('a .tofu file is read; a .tf and .tofu pair is refused', async () => {
    expect(await errors(tree({ 'main.tofu': role(admin) }))).toContain('CKV_AWS_62 aws_iam_policy.p');
    expect(await errors(tree({ 'main.tofu': role(narrow) }))).toEqual([]);
    const r = await run(['check', tree({ 'main.tf': role(narrow), 'main.tofu': role(admin) })]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('OpenTofu reads the .tofu file');
  });
});

describe('a plan: a role\'s inline policies and managed_policy_arns are grants', () => {
  test.each([
    ['inl.json', 'CKV_AWS_62'],
    ['mpa.json', 'CKV_AWS_274'],
  ])('check %s flags %s', async (file, rule) => {
    expect((await errors(path.join(PLANS, file))).some((f) => f.startsWith(`${rule} `))).toBe(true);
  });
  test.each(['inl-review.json', 'mpa-review.json'])('review --plan %s reports the widening', async (file) => {
    const r = await run(['review', '--plan', path.join(PLANS, file), '--fail-on', 'broadening']);
    expect(r.code).toBe(3);
  });
});

test('a template directive in a literal policy is reported, not read as text', async () => {
  const policy = (resource: string) => `resource "aws_iam_policy" "p" {\n  name   = "p"\n  policy = "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Action\\":\\"secretsmanager:GetSecretValue\\",\\"Resource\\":\\"${resource}\\"}]}"\n}\n`;
  expect(await findings(tree({ 'main.tf': policy('%{ if true }*%{ endif }') }))).toContain('POLICY-UNRESOLVED aws_iam_policy.p');
  expect(await findings(tree({ 'main.tf': policy('arn:aws:secretsmanager:eu-west-1:111122223333:secret:app-*') }))).not.toContain('POLICY-UNRESOLVED aws_iam_policy.p');
});

test('review sees an edit anywhere in a policy it cannot analyse, however long the expression', async () => {
  const trust = (fallback: string) => `resource "aws_iam_role" "r" {\n  name = "r"\n  assume_role_policy = jsonencode({Version="2012-10-17", Statement=[{Effect="Allow", Action="sts:AssumeRole", Principal={AWS= terraform.workspace == "prod" ? "arn:aws:iam::111122223333:root" : "${fallback}"}}]})\n}\n`;
  const same = await run(['review', '--base', tree({ 'main.tf': trust('arn:aws:iam::444455556666:root') }), '--head', tree({ 'main.tf': trust('arn:aws:iam::444455556666:root') }), '--fail-on', 'broadening']);
  expect(same.code).toBe(0);
  const r = await run(['review', '--base', tree({ 'main.tf': trust('arn:aws:iam::444455556666:root') }), '--head', tree({ 'main.tf': trust('*') }), '--fail-on', 'broadening']);
  expect(r.code).toBe(3);
});

describe('a principal or resource that is not a plain reference may be anything: reported, never taken as one named thing', () => {
  const trust = (principal: string) => `resource "aws_iam_role" "r" {\n  name               = "r"\n  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = ${principal} } }] })\n}\n`;
  test.each([
    ['a function of literals (base64decode("Kg==") is *)', '"${base64decode("Kg==")}"'],
    ['each.value', 'each.value'],
    ['a data source value', 'data.aws_ssm_parameter.p.value'],
    ['try() of an input', 'try(var.p, "arn:aws:iam::111122223333:root")'],
  ])('%s', async (_what, principal) => {
    expect(await findings(tree({ 'main.tf': trust(principal) }))).toContain('POLICY-UNRESOLVED aws_iam_role.r');
  });
  test.each([
    ['a managed resource\'s attribute', 'aws_iam_role.ci.arn'],
    ['a data source\'s identifying attribute', '"arn:aws:iam::${data.aws_caller_identity.c.account_id}:root"'],
    ['another stack\'s output', 'data.terraform_remote_state.cluster.outputs.ci_role_arn'],
  ])('%s names one thing', async (_what, principal) => {
    expect(await findings(tree({ 'main.tf': trust(principal) }))).not.toContain('POLICY-UNRESOLVED aws_iam_role.r');
  });
  test('an IAM policy variable is IAM\'s, not an input', async () => {
    const policy = `resource "aws_iam_policy" "p" {\n  name   = "p"\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::app/$\${aws:username}/*" }] })\n}\n`;
    expect(await findings(tree({ 'main.tf': policy }))).not.toContain('POLICY-UNRESOLVED aws_iam_policy.p');
  });
});

test('an attachment whose policy name only a plan knows is reported', async () => {
  const attach = (arn: string) => `variable "pol" {\n  type = string\n}\nresource "aws_iam_role_policy_attachment" "a" {\n  role       = "r"\n  policy_arn = "${arn}"\n}\n`;
  expect(await findings(tree({ 'main.tf': attach('arn:aws:iam::aws:policy/${var.pol}') }))).toContain('POLICY-UNRESOLVED aws_iam_role_policy_attachment.a');
  expect(await findings(tree({ 'main.tf': attach('arn:aws:iam::aws:policy/ReadOnlyAccess') }))).not.toContain('POLICY-UNRESOLVED aws_iam_role_policy_attachment.a');
});

test('review compares a policy document read by index (count, for_each) as a reference target', async () => {
  const doc = (identifier: string, meta: string, ref: string) => `data "aws_iam_policy_document" "t" {\n  ${meta}\n  statement {\n    actions = ["sts:AssumeRole"]\n    principals {\n      type        = "AWS"\n      identifiers = ["${identifier}"]\n    }\n  }\n}\nresource "aws_iam_role" "r" {\n  name               = "r"\n  assume_role_policy = ${ref}\n}\n`;
  for (const [meta, ref] of [['count = 1', 'data.aws_iam_policy_document.t[0].json'], ['for_each = toset(["a"])', 'data.aws_iam_policy_document.t["a"].json']]) {
    const r = await run(['review', '--base', tree({ 'main.tf': doc('arn:aws:iam::111122223333:root', meta, ref) }), '--head', tree({ 'main.tf': doc('*', meta, ref) }), '--fail-on', 'broadening']);
    expect(r.code).toBe(3);
  }
});

test('review --plan: a deposed copy does not stand in for the current object', async () => {
  const policy = (action: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
  const change = (before: string, after: string, deposed?: string) => ({ address: 'aws_iam_policy.p', mode: 'managed', type: 'aws_iam_policy', name: 'p', ...(deposed ? { deposed } : {}), change: { actions: deposed ? ['delete'] : ['update'], before: { name: 'p', policy: before }, after: deposed ? null : { name: 'p', policy: after }, after_unknown: {} } });
  const plan = { format_version: '1.2', terraform_version: '1.11.4', planned_values: { root_module: {} }, resource_changes: [change(policy('s3:GetObject'), policy('*')), change(policy('*'), '', '00000001')] };
  const dir = tree({ 'plan.json': JSON.stringify(plan) });
  const r = await run(['review', '--plan', path.join(dir, 'plan.json'), '--fail-on', 'broadening']);
  expect(r.code).toBe(3);
});

describe('a local module\'s variables are what its calls pass, not its defaults', () => {
  const mod = (dflt: string) => `variable "pol" {\n  type    = string\n  default = "${dflt}"\n}\nresource "aws_iam_role_policy_attachment" "a" {\n  role       = "r"\n  policy_arn = "arn:aws:iam::aws:policy/\${var.pol}"\n}\n`;
  const call = (value: string) => `module "m" {\n  source = "./m"\n  pol    = ${value}\n}\n`;
  const attached = async (files: Record<string, string>) => (await findings(tree(files))).filter((f) => f.endsWith('aws_iam_role_policy_attachment.a'));
  test('a call passing AdministratorAccess over a harmless default is flagged; the reverse is not', async () => {
    expect(await attached({ 'main.tf': call('"AdministratorAccess"'), 'm/main.tf': mod('ReadOnlyAccess') })).toContain('CKV_AWS_274 aws_iam_role_policy_attachment.a');
    expect(await attached({ 'main.tf': call('"ReadOnlyAccess"'), 'm/main.tf': mod('AdministratorAccess') })).not.toContain('CKV_AWS_274 aws_iam_role_policy_attachment.a');
  });
  test('a call passing an expression makes the value unknown: reported, never read through the default', async () => {
    expect(await attached({ 'main.tf': call('var.anything'), 'm/main.tf': mod('ReadOnlyAccess') })).toContain('POLICY-UNRESOLVED aws_iam_role_policy_attachment.a');
  });
});

describe('second hostile review: modules, tfvars, OpenTofu overrides, inline resource policies', () => {
  const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
  const READ = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
  const mod = (dflt: string) => `variable "policy_arn" {\n  type    = string\n  default = "${dflt}"\n}\nresource "aws_iam_role_policy_attachment" "a" {\n  role       = "r"\n  policy_arn = var.policy_arn\n}\n`;
  const attached = async (dir: string) => (await findings(dir)).filter((f) => f.endsWith('aws_iam_role_policy_attachment.a'));
  test('a terraform.tfvars inside a called module is not its values (Terraform reads tfvars for the root only)', async () => {
    const files = (tfvars: string) => ({ 'main.tf': 'module "m" {\n  source = "./m"\n}\n', 'm/main.tf': mod(ADMIN), 'm/terraform.tfvars': `policy_arn = "${tfvars}"\n` });
    expect(await attached(tree(files(READ)))).toContain('CKV_AWS_274 aws_iam_role_policy_attachment.a');
    expect(await attached(tree({ 'main.tf': 'module "m" {\n  source = "./m"\n}\n', 'm/main.tf': mod(READ) }))).not.toContain('CKV_AWS_274 aws_iam_role_policy_attachment.a');
  });
  test('module arguments set in an override file are the call\'s arguments', async () => {
    const files = { 'main.tf': `module "m" {\n  source     = "./m"\n  policy_arn = "${READ}"\n}\n`, 'override.tf': `module "m" {\n  policy_arn = "${ADMIN}"\n}\n`, 'm/main.tf': mod(READ) };
    expect(await attached(tree(files))).toContain('CKV_AWS_274 aws_iam_role_policy_attachment.a');
  });
  test('two calls of one module, one through a symbolic link, are both its calls', async () => {
    const dir = tree({ 'main.tf': `module "a" {\n  source     = "./m"\n  policy_arn = "${READ}"\n}\nmodule "b" {\n  source     = "./link"\n  policy_arn = "${ADMIN}"\n}\n`, 'm/main.tf': mod(READ) });
    symlinkSync(path.join(dir, 'm'), path.join(dir, 'link'));
    expect(await attached(dir)).toContain('POLICY-UNRESOLVED aws_iam_role_policy_attachment.a');
  });
  test('review sees a module whose source link now points at other files', async () => {
    const side = (target: string) => {
      const dir = tree({ 'main.tf': 'module "x" {\n  source = "./link"\n}\n', 'ro/main.tf': mod(READ).replace('default = ', 'default = ').replace(/variable[\s\S]*?\n}\n/, '').replace('var.policy_arn', `"${READ}"`), 'admin/main.tf': mod(ADMIN).replace(/variable[\s\S]*?\n}\n/, '').replace('var.policy_arn', `"${ADMIN}"`) });
      symlinkSync(path.join(dir, target), path.join(dir, 'link'));
      return dir;
    };
    expect((await run(['review', '--base', side('ro'), '--head', side('admin'), '--fail-on', 'broadening'])).code).toBe(3);
  });
  test('a .tofu file among .tf files (an override Terraform ignores) is refused', async () => {
    const r = await run(['check', tree({ 'main.tf': mod(ADMIN), 'z_override.tofu': `resource "aws_iam_role_policy_attachment" "a" {\n  policy_arn = "${READ}"\n}\n` })]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('sits among .tf files');
  });
  test('an absolute module source is named as not read', async () => {
    const r = await run(['check', tree({ 'main.tf': 'module "m" {\n  source = "/opt/elsewhere"\n}\nresource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n' })]);
    expect(r.stderr).toContain('module source /opt/elsewhere is an absolute path, not read');
  });
  test.each([
    ['aws_opensearch_domain', 'access_policies', 'es:*'],
    ['aws_s3_access_point', 'policy', 's3:GetObject'],
    ['aws_api_gateway_rest_api', 'policy', 'execute-api:Invoke'],
  ])('review sees an inline resource policy of %s opened to everyone', async (type, attribute, action) => {
    const block = (principal: unknown) => `resource "${type}" "x" {\n  name = "x"\n  ${attribute} = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "${action}", Resource = "*", Principal = ${JSON.stringify(principal).replace(/"AWS":/, 'AWS =')} }] })\n}\n`;
    const r = await run(['review', '--base', tree({ 'main.tf': block({ AWS: 'arn:aws:iam::111122223333:role/app' }) }), '--head', tree({ 'main.tf': block('*') }), '--fail-on', 'broadening']);
    expect(r.code).toBe(3);
    const same = await run(['review', '--base', tree({ 'main.tf': block('*').replace('name = "x"', 'name = "y"') }), '--head', tree({ 'main.tf': block('*') }), '--fail-on', 'broadening']);
    expect(same.code).toBe(0);
  });
  test('review sees the role a Lambda function runs as change; its other settings grant nothing', async () => {
    const fn = (role: string, memory: number) => `resource "aws_lambda_function" "f" {\n  function_name = "f"\n  role          = "${role}"\n  memory_size   = ${memory}\n}\n`;
    expect((await run(['review', '--base', tree({ 'main.tf': fn('arn:aws:iam::111122223333:role/app', 128) }), '--head', tree({ 'main.tf': fn('arn:aws:iam::111122223333:role/admin', 128) }), '--fail-on', 'broadening'])).code).toBe(3);
    expect((await run(['review', '--base', tree({ 'main.tf': fn('arn:aws:iam::111122223333:role/app', 128) }), '--head', tree({ 'main.tf': fn('arn:aws:iam::111122223333:role/app', 256) }), '--fail-on', 'broadening'])).code).toBe(0);
  });
});
