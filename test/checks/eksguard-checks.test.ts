/**
 * EksGuardChecks: the rule pack as a cdktf Aspect on any user's stacks. A planted violation (a role
 * anyone may assume) fails the synth naming the construct path; a reasoned acknowledgement on that
 * construct passes it, and silences nothing on any other construct.
 */
import { existsSync, mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { App, Aspects, TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { EksGuardChecks, RULES, ServiceRole } from '../../src';
import { serviceTrust } from '../../src/policy/cluster';
import { main } from '../../src/cli/main';

const OPEN_TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] });
/** What the pack says of a role anyone may assume (checkov's row and eksguard's own). */
const OPEN_TRUST_RULES = ['AA-TRUST-WILDCARD', 'CKV_AWS_60'];
const EC2_TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

function userApp(): { app: App; stack: TerraformStack; open: Construct; other: Construct } {
  const app = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'eksguard-checks-')), stackTraces: false });
  const stack = new TerraformStack(app, 'shop');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  // A user's own construct holding the role, as an app would.
  const open = new Construct(stack, 'demo');
  new IamRole(open, 'role', { name: 'demo', assumeRolePolicy: OPEN_TRUST });
  const other = new IamRole(stack, 'other', { name: 'other', assumeRolePolicy: OPEN_TRUST });
  new IamRole(stack, 'fine', { name: 'fine', assumeRolePolicy: EC2_TRUST });
  return { app, stack, open, other };
}

const synthError = (app: App): string => {
  try {
    app.synth();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('synth passed');
};

describe('EksGuardChecks on a plain user stack', () => {
  test('fails when a role trusts Principal "*", naming the construct path of each', () => {
    const { app, stack } = userApp();
    Aspects.of(stack).add(new EksGuardChecks());
    const message = synthError(app);
    expect(message).toMatch(/\[shop\/demo\/role\] error \[[A-Z0-9_-]+\] shop\/aws_iam_role\.demo_role_[0-9A-F]+/);
    expect(message).toMatch(/\[shop\/other\] error \[[A-Z0-9_-]+\] shop\/aws_iam_role\.other: /);
    expect(message).not.toMatch(/shop\/fine\]/);
    expect([...message.matchAll(/\[shop\/other\] error \[([A-Z0-9_-]+)\]/g)].map((m) => m[1]).sort()).toEqual(OPEN_TRUST_RULES);
    expect(message).toContain('EksGuardChecks.acknowledge');
  });

  test('passes with a reasoned acknowledgement on each construct, and writes the report', () => {
    const { app, stack, open, other } = userApp();
    const checks = new EksGuardChecks();
    Aspects.of(stack).add(checks);
    const rules = OPEN_TRUST_RULES;
    EksGuardChecks.acknowledge(open, rules.map((rule) => ({ rule, reason: 'a public demo role without permissions' })));
    EksGuardChecks.acknowledge(other, rules.map((rule) => ({ rule, reason: 'a public demo role without permissions' })));
    app.synth();
    const report = JSON.parse(readFileSync(path.join(app.outdir, 'eksguard-report.json'), 'utf8'));
    expect(report).toEqual(checks.report);
    expect(report.rules).toBe(RULES.length);
    expect(report.findings.filter((f: any) => f.severity === 'error')).toEqual([]);
    expect(report.acknowledged.map((a: any) => `${a.ruleId} ${a.acknowledgement.source}`)).toEqual(expect.arrayContaining(rules.map((r) => `${r} EksGuardChecks.acknowledge(shop/demo)`)));
    expect(Object.keys(report.digests)).toEqual(['stacks/shop/cdk.tf.json']);
    expect(report.acknowledged[0].file).toBe('stacks/shop/cdk.tf.json');
  });

  test('fails when only the other construct is acknowledged: an acknowledgement reaches its own resources only', () => {
    const { app, stack, other } = userApp();
    Aspects.of(stack).add(new EksGuardChecks());
    EksGuardChecks.acknowledge(other, OPEN_TRUST_RULES.map((rule) => ({ rule, reason: 'a public demo role without permissions' })));
    const message = synthError(app);
    expect(message).toMatch(/\[shop\/demo\/role\] error/);
    expect(message).not.toMatch(/\[shop\/other\] error/);
    expect(existsSync(path.join(app.outdir, 'eksguard-report.json'))).toBe(false);
  });

  test('an expired acknowledgement no longer applies', () => {
    const { app, stack, open, other } = userApp();
    Aspects.of(stack).add(new EksGuardChecks({ today: '2030-01-02' }));
    const rules = OPEN_TRUST_RULES;
    EksGuardChecks.acknowledge(open, rules.map((rule) => ({ rule, reason: 'a public demo role without permissions', expires: '2030-01-01' })));
    EksGuardChecks.acknowledge(other, rules.map((rule) => ({ rule, reason: 'a public demo role without permissions' })));
    expect(synthError(app)).toMatch(/\[shop\/demo\/role\] error/);
  });

  test.each([
    ['an unknown rule id, with a did-you-mean', { rule: 'CKV_AWS_6O', reason: 'a reason long enough' }, /not a rule id of the pack\. Did you mean CKV_AWS_60\?/],
    ['a pattern', { rule: 'CKV_*', reason: 'a reason long enough' }, /never a pattern/],
    ['an empty reason', { rule: 'CKV_AWS_60', reason: '   ' }, /a reason of at least 10 visible characters/],
    ['a reason with control characters', { rule: 'CKV_AWS_60', reason: 'fine\u001b[2Khidden' }, /a reason of at least 10 visible characters/],
    ['an expiry that is not a day', { rule: 'CKV_AWS_60', reason: 'a reason long enough', expires: 'next week' }, /expires must be a day/],
  ])('acknowledge fails on %s, naming the construct path', (_name, ack, message) => {
    const { open } = userApp();
    expect(() => EksGuardChecks.acknowledge(open, [ack as any])).toThrow(new RegExp(`\\[shop/demo\\] .*${message.source}`));
    expect(EksGuardChecks.acknowledgementsOf(open)).toEqual([]);
  });
});

describe('in unit tests', () => {
  test("fails cdktf's Testing.synth(stack, true) too (validations on), and Testing.synth(stack) alone checks nothing", () => {
    const { stack } = userApp();
    Aspects.of(stack).add(new EksGuardChecks({ reportFile: false }));
    expect(() => Testing.synth(stack)).not.toThrow();
    expect(() => Testing.synth(stack, true)).toThrow(/\[shop\/other\] error \[CKV_AWS_60\]/);
  });
});

describe('the report', () => {
  const check = async (args: string[]) => {
    let stdout = '';
    const code = await main(args, { write: (s: string) => ((stdout += s), true) } as never, { write: () => true } as never);
    return { code, stdout };
  };

  test('eksguard check honours the acknowledgements the Aspect wrote, bound to the synthesized bytes', async () => {
    const { app, stack, open, other } = userApp();
    Aspects.of(stack).add(new EksGuardChecks());
    for (const c of [open, other]) EksGuardChecks.acknowledge(c, OPEN_TRUST_RULES.map((rule) => ({ rule, reason: 'a public demo role without permissions' })));
    app.synth();
    expect((await check(['check', app.outdir])).code).toBe(0);
    const ignored = await check(['check', '--no-acknowledgements', app.outdir]);
    expect(ignored.code).toBe(1);
    expect(ignored.stdout).toContain('shop/aws_iam_role.other');
  });
});

describe('EksGuardChecks on a whole app', () => {
  test('cdktf 0.21 never invokes an aspect added to the App itself (why addTo exists)', () => {
    const { app } = userApp();
    Aspects.of(app).add(new EksGuardChecks());
    expect(() => app.synth()).not.toThrow();
  });

  test('fails when the aspect is on the App and a stack holds eksguard constructs, saying why', () => {
    const { app, stack } = userApp();
    new ServiceRole(stack, 'nodes', { roleName: 'nodes', trust: serviceTrust('aws', 'ec2', ['sts:AssumeRole']) });
    Aspects.of(app).add(new EksGuardChecks());
    expect(synthError(app)).toMatch(/\[shop\] EksGuardChecks was added to the App \(Aspects.of\(app\).add\(...\)\), which cdktf never invokes/);
  });

  test('addTo(app) checks every stack', () => {
    const { app } = userApp();
    new EksGuardChecks().addTo(app);
    expect(synthError(app)).toMatch(/\[shop\/other\] error/);
  });

  test('fails when a stack is made after addTo(app), naming it', () => {
    const app = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'eksguard-checks-')), stackTraces: false });
    new TerraformStack(app, 'first');
    new EksGuardChecks().addTo(app);
    new TerraformStack(app, 'late');
    expect(synthError(app)).toMatch(/stack late was not checked by EksGuardChecks/);
  });
});
