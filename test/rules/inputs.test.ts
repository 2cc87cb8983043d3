/** check's inputs: Terraform JSON, HCL and plan JSON read into one model; directories read whole. */
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { loadInputs, loadTerraform, readPolicy, resourceCount, RULES, runRules, TfDocument, UNKNOWN } from '../../src/rules';
import { normaliseConfig } from '../../src/rules/input/config';

// The HCL parser's WebAssembly is compiled on first use: seconds on a loaded machine.
jest.setTimeout(60_000);

const DATA = path.join(__dirname, '..', 'data', 'inputs');
const findings = (docs: TfDocument[]) => runRules(RULES, docs).findings.map((f) => `${f.ruleId} ${f.address}`).sort();
const temp = () => mkdtempSync(path.join(tmpdir(), 'eksguard-inputs-'));
const write = (file: string, text: string) => {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
};

describe('one module in three forms finds the same', () => {
  const forms: Array<[string, () => Promise<TfDocument[]>]> = [
    ['Terraform JSON', () => loadInputs([path.join(DATA, 'parity', 'json')])],
    ['HCL in two files', () => loadInputs([path.join(DATA, 'parity', 'hcl')])],
    ['plan JSON (terraform show -json)', () => loadInputs([path.join(DATA, 'parity', 'plan.json')])],
  ];
  // Each violation beside its compliant twin: a rule cannot pass by flagging everything.
  const table: Array<[string, string, string, string]> = [
    ['a trust of Principal "*"', 'CKV_AWS_60', 'aws_iam_role.open', 'aws_iam_role.app'],
    ['s3:* on *', 'CKV_AWS_355', 'aws_iam_policy.everything', 'aws_iam_policy.reader'],
    ['SSH from 0.0.0.0/0', 'CKV_AWS_24', 'aws_security_group.ssh_world', 'aws_security_group.ssh_office'],
  ];

  test.each(forms)('fails when %s holds the violations, and passes their compliant twins', async (_form, load) => {
    const found = findings(await load());
    for (const [, rule, flagged, compliant] of table) {
      expect(found).toContain(`${rule} ${flagged}`);
      expect(found).not.toContain(`${rule} ${compliant}`);
    }
  });

  test('the same rule ids on the same addresses in every form', async () => {
    const [json, hcl, plan] = await Promise.all(forms.map(([, load]) => load()));
    expect(findings(hcl)).toEqual(findings(json));
    expect(findings(plan)).toEqual(findings(json));
    expect([json, hcl, plan].map(resourceCount)).toEqual([6, 6, 6]);
  });

  test('a reference in one file finds its target in another file of the directory; each finding names its own file', async () => {
    const docs = await loadInputs([path.join(DATA, 'parity', 'hcl')]);
    expect(docs).toHaveLength(1);
    expect(Object.keys(docs[0].digests!).map((f) => path.basename(f))).toEqual(['iam.tf', 'main.tf']);
    const run = runRules(RULES, docs);
    expect(run.findings.find((f) => f.ruleId === 'CKV_AWS_60')?.file).toBe(path.join(DATA, 'parity', 'hcl', 'main.tf'));
    expect(run.findings.map((f) => f.ruleId)).not.toContain('POLICY-UNRESOLVED');
  });

  test('fails when the policy document a file references is in no file of the directory (reported, never passed)', async () => {
    const dir = temp();
    write(path.join(dir, 'main.tf'), readFileSync(path.join(DATA, 'parity', 'hcl', 'main.tf'), 'utf8'));
    const found = findings(await loadInputs([dir]));
    expect(found).toContain('POLICY-UNRESOLVED aws_iam_role.open');
  });
});

describe('Terraform JSON and HCL have one shape before rules', () => {
  const trust = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }] });
  const safe = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
  // Terraform's JSON syntax lets each block level be an array of objects: the same resources as the plain form.
  test.each([
    ['a body as an object', (p: string) => ({ resource: { aws_iam_role: { r: { assume_role_policy: p } } } })],
    ['a body as a one-element array', (p: string) => ({ resource: { aws_iam_role: { r: [{ assume_role_policy: p }] } } })],
    ['every level as an array', (p: string) => ({ resource: [{ aws_iam_role: [{ r: [{ assume_role_policy: p }] }] }] })],
  ])('fails when a wildcard trust is written with %s; its compliant form passes', async (_what, shape) => {
    const dir = temp();
    write(path.join(dir, 'bad', 'main.tf.json'), JSON.stringify(shape(trust)));
    write(path.join(dir, 'good', 'main.tf.json'), JSON.stringify(shape(safe)));
    expect(findings(await loadInputs([path.join(dir, 'bad')]))).toContain('CKV_AWS_60 aws_iam_role.r');
    expect(findings(await loadInputs([path.join(dir, 'good')]))).not.toContain('CKV_AWS_60 aws_iam_role.r');
  });

  test('a resource declared twice, or a local declared in two files, is refused naming the file', async () => {
    const dir = temp();
    write(path.join(dir, 'a.tf.json'), JSON.stringify({ resource: { aws_iam_role: { r: [{ name: 'a' }, { name: 'b' }] } } }));
    await expect(loadInputs([dir])).rejects.toThrow(`${path.join(dir, 'a.tf.json')}: aws_iam_role.r is declared 2 times`);
    const two = temp();
    write(path.join(two, 'a.tf'), 'locals {\n  x = 1\n}\n');
    write(path.join(two, 'b.tf.json'), JSON.stringify({ locals: { x: 2 }, resource: { aws_s3_bucket: { b: {} } } }));
    await expect(loadInputs([two])).rejects.toThrow(/b\.tf\.json: local\.x is also declared in another file/);
  });

  test('HCL locals, nested blocks and escapes read as Terraform JSON has them', async () => {
    const dir = temp();
    write(path.join(dir, 'main.tf'), [
      'locals {\n  issuer = "oidc.example"\n}',
      'locals {\n  other = 1\n}',
      'resource "aws_security_group" "s" {\n  ingress {\n    from_port = 22\n    to_port = 22\n    protocol = "tcp"\n    cidr_blocks = ["10.0.0.0/8"]\n  }\n  tags = { a = "b" }\n}',
      'resource "aws_iam_policy" "p" {\n  policy = <<EOT\n{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/$${aws:username}/*"}]}\nEOT\n}',
    ].join('\n'));
    const [doc] = await loadInputs([dir]);
    expect(doc.locals).toEqual({ issuer: 'oidc.example', other: 1 });
    const sg = doc.blocks.find((b) => b.address === 'aws_security_group.s')!;
    expect(sg.body.ingress).toEqual([{ from_port: 22, to_port: 22, protocol: 'tcp', cidr_blocks: ['10.0.0.0/8'] }]);
    expect(sg.body.tags).toEqual({ a: 'b' });
    const read = readPolicy(doc.blocks.find((b) => b.address === 'aws_iam_policy.p')!, 'policy', doc);
    expect('policy' in read && read.policy.Statement[0].Resource).toEqual(['arn:aws:s3:::b/${aws:username}/*']);
  });

  test('a type or name __proto__ is a key like any other', () => {
    const config = normaliseConfig(JSON.parse('{"resource": {"__proto__": {"__proto__": {"x": 1}}}}'));
    expect(Object.keys(config.resource)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  test('fails when HCL does not parse: the file and line, never its content', async () => {
    const dir = temp();
    const file = write(path.join(dir, 'main.tf'), 'resource "aws_iam_user" "u" {\n  name = "x"\n  "AKIASECRETSECRET" = 1\n}\n');
    const error = await loadInputs([dir]).catch((e: Error) => e);
    expect((error as Error).message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not valid HCL \\(${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3: `));
    expect((error as Error).message).not.toContain('AKIA');
  });
});

describe('plan JSON', () => {
  const plan = JSON.parse(readFileSync(path.join(DATA, 'parity', 'plan.json'), 'utf8'));

  test('is recognised by its content: renamed to .tf.json it is still read as a plan', async () => {
    const dir = temp();
    write(path.join(dir, 'main.tf.json'), JSON.stringify(plan));
    const docs = await loadInputs([dir]);
    expect(docs.map((d) => d.values)).toEqual(['literal']);
    expect(findings(docs)).toEqual(findings(await loadInputs([path.join(DATA, 'parity', 'json')])));
  });

  /** A hand-made plan with one module call and the given IAM policy on its role. */
  const planWith = (policy: string, options: { unknownPolicy?: boolean } = {}) => ({
    format_version: '1.2',
    planned_values: {
      root_module: {
        child_modules: [{
          address: 'module.irsa',
          resources: [{ address: 'module.irsa.aws_iam_policy.this[0]', mode: 'managed', type: 'aws_iam_policy', name: 'this', index: 0, values: options.unknownPolicy ? { name: 'p', arn: null } : { name: 'p', policy, arn: null } }],
        }],
      },
    },
    resource_changes: [{ address: 'module.irsa.aws_iam_policy.this[0]', mode: 'managed', type: 'aws_iam_policy', name: 'this', change: { actions: ['create'], before: null, after: {}, after_unknown: { arn: true, ...(options.unknownPolicy ? { policy: true } : {}) } } }],
    configuration: { root_module: { module_calls: { irsa: { module: { resources: [{ address: 'aws_iam_policy.this', expressions: { name: {}, policy: {} } }] } } } } },
  });
  const docOf = (json: unknown) => {
    const dir = temp();
    return loadTerraform([write(path.join(dir, 'plan.json'), JSON.stringify(json))]);
  };

  test('terraform show -json of a state (values, no planned_values) is read like a plan\'s planned values', () => {
    const state = { format_version: '1.0', values: { root_module: { resources: plan.planned_values.root_module.resources } } };
    expect(findings(docOf(state))).toEqual(findings(loadTerraform([path.join(DATA, 'parity', 'json')])));
  });

  test('child modules are read with their addresses; null attributes are unset', () => {
    const [doc] = docOf(planWith(JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] })));
    expect(doc.blocks.map((b) => [b.address, b.type, b.name])).toEqual([['module.irsa.aws_iam_policy.this[0]', 'aws_iam_policy', 'this[0]']]);
    expect(doc.blocks[0].body).not.toHaveProperty('arn');
  });

  test.each([
    ['Action "*" on "*"', { Effect: 'Allow', Action: '*', Resource: '*' }, true],
    ['s3:GetObject on one bucket', { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }, false],
  ])('fails when a module\'s policy allows %s (compliant form passes)', (_what, statement, flagged) => {
    const found = findings(docOf(planWith(JSON.stringify({ Statement: [statement] }))));
    expect(found.includes('CKV_AWS_355 module.irsa.aws_iam_policy.this[0]') || found.includes('CKV_AWS_62 module.irsa.aws_iam_policy.this[0]')).toBe(flagged);
  });

  test('a ${ in a plan value is text: $${ is not unescaped and ${...} is no reference', () => {
    const [doc] = docOf(planWith(JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/${aws:username}/$${x}' }] })));
    const read = readPolicy(doc.blocks[0], 'policy', doc);
    expect('policy' in read && read.policy.Statement[0].Resource).toEqual(['arn:aws:s3:::b/${aws:username}/$${x}']);
    doc.blocks[0].body.policy = '${data.aws_iam_policy_document.x.json}';
    expect(readPolicy(doc.blocks[0], 'policy', doc)).toEqual({ unresolved: 'policy is not valid JSON' });
  });

  test('fails when a configured policy is known only after apply: it reads as unknown and is reported, never absent', () => {
    const [doc] = docOf(planWith('', { unknownPolicy: true }));
    expect(doc.blocks[0].body.policy).toBe(UNKNOWN);
    // A computed attribute the configuration does not set (arn) stays absent, as in the configuration.
    expect(doc.blocks[0].body).not.toHaveProperty('arn');
    expect(findings([doc])).toContain('POLICY-UNRESOLVED module.irsa.aws_iam_policy.this[0]');
  });
});

describe('directories are read whole', () => {
  test('main.tf beside main.tf.json is read; other files are listed as skipped; node_modules, dot-directories and symlinks to other files are not entered', async () => {
    const dir = temp();
    write(path.join(dir, 'main.tf'), 'resource "aws_s3_bucket" "from_hcl" {\n  bucket = "a"\n}\n');
    write(path.join(dir, 'main.tf.json'), JSON.stringify({ resource: { aws_s3_bucket: { from_json: { bucket: 'b' } } } }));
    write(path.join(dir, 'README.md'), '# not Terraform\n');
    write(path.join(dir, 'vars.json'), '{"region": "eu-west-1"}');
    write(path.join(dir, 'node_modules', 'x', 'main.tf.json'), JSON.stringify({ resource: { aws_s3_bucket: { vendored: {} } } }));
    write(path.join(dir, '.terraform', 'modules', 'm', 'main.tf'), 'resource "aws_s3_bucket" "cached" {}\n');
    const outside = write(path.join(temp(), 'outside.md'), '# not Terraform\n');
    symlinkSync(outside, path.join(dir, 'link.md'));
    const skipped: string[] = [];
    const docs = await loadInputs([dir], { onSkip: (file, why) => skipped.push(`${path.relative(dir, file)}: ${why}`) });
    expect(docs.flatMap((d) => d.blocks.map((b) => b.address)).sort()).toEqual(['aws_s3_bucket.from_hcl', 'aws_s3_bucket.from_json']);
    expect(skipped).toEqual([
      '.terraform: directory not entered',
      'README.md: not Terraform',
      'link.md: a symbolic link, not followed inside a directory',
      'node_modules: directory not entered',
      'vars.json: not Terraform (JSON that is neither a .tf.json file nor a plan)',
    ]);
    // HCL needs the asynchronous reader; the synchronous one says so instead of skipping it.
    expect(() => loadTerraform([dir])).toThrow(/main\.tf is HCL; read it with loadInputs/);
  });

  test('a plan is read whatever its name, in a directory too; other JSON-looking files are listed as skipped', async () => {
    const dir = temp();
    write(path.join(dir, 'plan.out.txt'), readFileSync(path.join(DATA, 'parity', 'plan.json'), 'utf8'));
    write(path.join(dir, 'data.txt'), '{"not": "a plan"}');
    const skipped: string[] = [];
    const docs = await loadInputs([dir], { onSkip: (file, why) => skipped.push(`${path.basename(file)}: ${why}`) });
    expect(findings(docs)).toEqual(findings(await loadInputs([path.join(DATA, 'parity', 'json')])));
    expect(skipped).toEqual(['data.txt: not Terraform (JSON that is neither a .tf.json file nor a plan)']);
  });

  // Terraform merges *_override.tf files into the blocks they name: the check sees the merged block.
  test.each([
    ['a wildcard trust', '*', true],
    ['a trust of one account', 'arn:aws:iam::111122223333:root', false],
  ])('fails when an override file replaces a role\'s trust with %s (compliant override passes)', async (_what, principal, flagged) => {
    const dir = temp();
    const safe = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    write(path.join(dir, 'main.tf.json'), JSON.stringify({ resource: { aws_iam_role: { r: { name: 'r', assume_role_policy: safe } } } }));
    write(path.join(dir, 'main_override.tf.json'), JSON.stringify({ resource: { aws_iam_role: { r: { assume_role_policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }] }) } } } }));
    const docs = await loadInputs([dir]);
    expect(docs[0].blocks.find((b) => b.address === 'aws_iam_role.r')?.body.name).toBe('r');
    expect(findings(docs).includes('CKV_AWS_60 aws_iam_role.r')).toBe(flagged);
  });

  test('a resource in two files, or an override of a block no file declares, is refused', async () => {
    const dir = temp();
    write(path.join(dir, 'a.tf'), 'resource "aws_s3_bucket" "b" {\n}\n');
    write(path.join(dir, 'b.tf.json'), JSON.stringify({ resource: { aws_s3_bucket: { b: {} } } }));
    await expect(loadInputs([dir])).rejects.toThrow(/b\.tf\.json: aws_s3_bucket\.b is also declared in .*a\.tf/);
    const lone = temp();
    write(path.join(lone, 'override.tf'), 'resource "aws_s3_bucket" "b" {\n}\n');
    await expect(loadInputs([lone])).rejects.toThrow(/override\.tf: overrides aws_s3_bucket\.b, which no other file/);
  });

  test('{} is a module of 0 resources', async () => {
    const dir = temp();
    write(path.join(dir, 'empty.tf.json'), '{}');
    expect(resourceCount(await loadInputs([dir]))).toBe(0);
  });
});
