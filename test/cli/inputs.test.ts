/** `eksguard check` and `review` on HCL, plan JSON and directories; SARIF suppressions and config lines. */
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { main } from '../../src/cli/main';
import { exampleInput } from '../support/synth';

// The HCL parser's WebAssembly is compiled on first use: seconds on a loaded machine.
jest.setTimeout(60_000);

const DATA = path.join(__dirname, '..', 'data', 'inputs');
const temp = () => mkdtempSync(path.join(tmpdir(), 'eksguard-cli-'));
const run = async (args: string[]) => {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { write: (s: string) => ((stdout += s), true) } as never, { write: (s: string) => ((stderr += s), true) } as never);
  return { code, stdout, stderr };
};
const rel = (file: string) => path.relative(process.cwd(), file) || file;

describe('check', () => {
  test.each([
    ['HCL', path.join(DATA, 'parity', 'hcl')],
    ['plan JSON', path.join(DATA, 'parity', 'plan.json')],
    ['Terraform JSON', path.join(DATA, 'parity', 'json')],
  ])('fails on the violations of the module written as %s, counting its 6 resources', async (_form, input) => {
    const r = await run(['check', input]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('eksguard check: 6 resources checked');
    expect(r.stdout).toMatch(/^error \[CKV_AWS_60\] \S+\/aws_iam_role\.open: /m);
    expect(r.stdout).not.toMatch(/\[CKV_AWS_60\] \S+\/aws_iam_role\.app: /);
  });

  test('fails when the input holds 0 resources ({} or no Terraform), unless --allow-empty', async () => {
    const dir = temp();
    writeFileSync(path.join(dir, 'empty.tf.json'), '{}');
    writeFileSync(path.join(dir, 'notes.txt'), 'hello');
    const empty = await run(['check', dir]);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toBe(`skipped ${rel(path.join(dir, 'notes.txt'))}: not Terraform\neksguard check: 0 resources checked in 1 file (exit 1; pass --allow-empty if that is expected)\n`);
    const allowed = await run(['check', dir, '--allow-empty']);
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).toContain('eksguard check: 0 resources checked in 1 file\n');
    expect((await run(['check', dir, '--allow-empty=yes'])).code).toBe(2);
  });

  test('fails on an HCL syntax error with the file and line, never its content', async () => {
    const dir = temp();
    writeFileSync(path.join(dir, 'main.tf'), 'resource "aws_iam_user" "u" {\n  password = "hunter2\n}\n');
    const r = await run(['check', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`eksguard: ${path.join(dir, 'main.tf')} is not valid HCL (${path.join(dir, 'main.tf')}:2: `);
    expect(r.stderr).not.toContain('hunter2');
  });

  test('SARIF points an HCL finding at its block\'s line', async () => {
    const r = await run(['check', path.join(DATA, 'parity', 'hcl'), '--format', 'sarif']);
    const open = JSON.parse(r.stdout).runs[0].results.find((x: any) => x.ruleId === 'CKV_AWS_60');
    const text = readFileSync(path.join(DATA, 'parity', 'hcl', 'main.tf'), 'utf8').split('\n');
    expect(text[open.locations[0].physicalLocation.region.startLine - 1]).toBe('resource "aws_iam_role" "open" {');
  });
});

test('an eksguard output synthesized as HCL (synth --hcl) checks the same as the JSON one', async () => {
  const dir = temp();
  const config = path.join(dir, 'platform.yaml');
  writeFileSync(config, stringify(exampleInput()));
  const outputs = ['json', 'hcl'].map((form) => path.join(dir, form));
  expect((await run(['synth', '--config', config, '--out', outputs[0]])).code).toBe(0);
  expect((await run(['synth', '--config', config, '--out', outputs[1], '--hcl'])).code).toBe(0);
  const [json, hcl] = await Promise.all(outputs.map((o) => run(['check', o, '--no-acknowledgements'])));
  // With acknowledgements: the report binds to the JSON it was made from, and says so for the HCL.
  const bound = await run(['check', outputs[1]]);
  expect(bound.stderr).toContain(`warning [${rel(path.join(outputs[1], 'eksguard-report.json'))}] not applied to ${rel(path.join(outputs[1], 'stacks', 'production-cluster', 'cdk.tf'))}: a report is bound to the JSON stack files (cdk.tf.json)`);
  expect(hcl.stdout.match(/^eksguard check: \d+ resources/m)?.[0]).toBe(json.stdout.match(/^eksguard check: \d+ resources/m)?.[0]);
  const lines = (r: { stdout: string }) => r.stdout.split('\n').filter((l) => /^(error|warning) \[/.test(l)).sort();
  expect(lines(json).length).toBeGreaterThan(0);
  expect(lines(hcl)).toEqual(lines(json));
});

describe('SARIF on an eksguard output', () => {
  test('acknowledged findings are suppressed results with their reason, pointing at the config line first', async () => {
    const dir = temp();
    const input = exampleInput();
    input.clusters[0].kubernetesVersion = '1.27';
    input.clusters[0].secretsStoreCsi = { driverChartVersion: '1.5.6' };
    input.acknowledgements = [{ rule: 'CKV_AWS_339', target: 'production-cluster/aws_eks_cluster.production-cluster', reason: 'upgrade to 1.33 scheduled' }];
    const config = path.join(dir, 'platform.yaml');
    writeFileSync(config, stringify(input));
    const out = path.join(dir, 'cdktf.out');
    expect((await run(['synth', '--config', config, '--out', out])).code).toBe(0);
    const r = await run(['check', out, '--format', 'sarif']);
    expect(r.code).toBe(0);
    const results = JSON.parse(r.stdout).runs[0].results;
    const acked = results.find((x: any) => x.ruleId === 'CKV_AWS_339');
    expect(acked.suppressions).toEqual([{ kind: 'external', status: 'accepted', justification: `upgrade to 1.33 scheduled (${rel(path.join(out, 'eksguard-report.json'))}: acknowledgements[0])` }]);
    // The cluster's config field first, then the synthesized stack file.
    const [first, second] = acked.locations;
    expect(first.physicalLocation.artifactLocation.uri).toBe(rel(config).split(path.sep).join('/'));
    expect(first.logicalLocations[0].fullyQualifiedName).toBe('clusters[0]');
    const lines = readFileSync(config, 'utf8').split('\n');
    expect(lines[first.physicalLocation.region.startLine - 1]).toMatch(/^ {2}- /);
    expect(second.physicalLocation.artifactLocation.uri).toBe(rel(path.join(out, 'stacks', 'production-cluster', 'cdk.tf.json')).split(path.sep).join('/'));
    // Open findings carry no suppression.
    expect(results.filter((x: any) => x.suppressions === undefined).every((x: any) => x.level === 'warning')).toBe(true);
    // The same output checked with --no-acknowledgements: the finding is open, unsuppressed.
    const strict = JSON.parse((await run(['check', out, '--format', 'sarif', '--no-acknowledgements'])).stdout).runs[0].results;
    expect(strict.find((x: any) => x.ruleId === 'CKV_AWS_339').suppressions).toBeUndefined();
  });
});

describe('review --plan', () => {
  const plan = path.join(DATA, 'review', 'plan.json');

  test('fails on each widening of deployed resources (trust, an inline policy naming its role literally, SSH from the internet); the unchanged role is not listed', async () => {
    const r = await run(['review', '--plan', plan, '--format', 'json', '--fail-on', 'broadening']);
    expect(r.code).toBe(3);
    const changes = JSON.parse(r.stdout).changes as Array<{ category: string; resource: string; broadening: boolean }>;
    const widened = (category: string, resource: string) => changes.some((c) => c.category === category && c.resource === `plan/${resource}` && c.broadening);
    expect(widened('trust', 'aws_iam_role.app')).toBe(true);
    // The plan names the role of the inline policy by its literal name (`role = "app"`), not a reference.
    const permissions = changes.find((c) => c.category === 'permissions' && c.resource === 'plan/aws_iam_role.app') as { broadening: boolean; detail: string } | undefined;
    expect(permissions?.broadening).toBe(true);
    expect(permissions?.detail).toContain('+ s3:* on *');
    expect(widened('security-groups', 'aws_security_group.bastion')).toBe(true);
    expect(changes.map((c) => c.resource)).not.toContain('plan/aws_iam_role.unchanged');
  });

  test('a plan that changes nothing reviews as no change (the compliant form)', async () => {
    const json = JSON.parse(readFileSync(plan, 'utf8'));
    for (const rc of json.resource_changes) rc.change.after = rc.change.before;
    const dir = temp();
    const same = path.join(dir, 'plan.json');
    writeFileSync(same, JSON.stringify(json));
    const r = await run(['review', '--plan', same, '--format', 'json', '--fail-on', 'broadening']);
    expect([r.code, JSON.parse(r.stdout).changes]).toEqual([0, []]);
  });

  test('a value known only after apply shows as a change, never as unchanged', async () => {
    const json = JSON.parse(readFileSync(plan, 'utf8'));
    const rc = json.resource_changes.find((x: any) => x.address === 'aws_iam_role.unchanged');
    rc.change.after = { ...rc.change.after, assume_role_policy: null };
    rc.change.after_unknown = { ...rc.change.after_unknown, assume_role_policy: true };
    const file = path.join(temp(), 'plan.json');
    writeFileSync(file, JSON.stringify(json));
    const r = await run(['review', '--plan', file, '--format', 'json']);
    const change = JSON.parse(r.stdout).changes.find((c: any) => c.resource === 'plan/aws_iam_role.unchanged');
    expect(change).toMatchObject({ category: 'trust', broadening: true });
    expect(JSON.stringify(change)).toContain('(known after apply)');
  });

  test('--plan takes a plan, not a configuration, and not with --base/--head', async () => {
    expect((await run(['review', '--plan', path.join(DATA, 'parity', 'json', 'main.tf.json')])).stderr).toMatch(/is not a Terraform plan with resource_changes/);
    expect((await run(['review', '--plan', plan, '--base', DATA])).code).toBe(2);
  });

  test('review --base/--head reads HCL', async () => {
    const r = await run(['review', '--base', path.join(DATA, 'review', 'base'), '--head', path.join(DATA, 'review', 'head'), '--format', 'json', '--fail-on', 'broadening']);
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout).changes).toEqual(expect.arrayContaining([expect.objectContaining({ category: 'security-groups', resource: 'head/aws_security_group.bastion', broadening: true })]));
  });

  test('the same module as JSON in one file and as HCL in two files reviews as no change; a widened copy does not', async () => {
    const same = await run(['review', '--base', path.join(DATA, 'parity', 'json'), '--head', path.join(DATA, 'parity', 'hcl'), '--format', 'json', '--fail-on', 'broadening']);
    expect([same.code, JSON.parse(same.stdout).changes]).toEqual([0, []]);
    const head = temp();
    for (const f of ['main.tf', 'iam.tf']) writeFileSync(path.join(head, f), readFileSync(path.join(DATA, 'parity', 'hcl', f), 'utf8').replace('"10.20.0.0/16"', '"0.0.0.0/0"'));
    const wider = await run(['review', '--base', path.join(DATA, 'parity', 'json'), '--head', head, '--format', 'json', '--fail-on', 'broadening']);
    expect(wider.code).toBe(3);
    expect(JSON.parse(wider.stdout).changes.map((c: any) => `${c.kind} ${c.resource.split('/')[1]}`)).toEqual(['changed aws_security_group.ssh_office']);
  });
});
