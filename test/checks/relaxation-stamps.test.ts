/**
 * eksguard's own stacks rendered in a user's app (renderCluster) under EksGuardChecks: the config's
 * reasoned relaxations, stamped on the element that renders each, are honoured as acknowledgements
 * of exactly that element, as `eksguard synth` honours them; a stamp is held to an
 * acknowledgement's shape.
 */
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { App, Aspects, TerraformStack } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { EksGuardChecks } from '../../src/checks/eksguard-checks';
import { renderCluster } from '../../src/app/build';
import { planPlatform } from '../../src/plan';
import { stampRelaxation } from '../../src/terraform/stamps';
import { exampleInput, synthMessage, valid } from '../support/synth';

const PUBLIC_REASON = 'operators reach the API from the office range only';

/** The example with a public endpoint and its reason, planned; `stamped: false` drops the relaxation from the plan (the schema refuses a public endpoint without one). */
function renderedApp(stamped: boolean): { app: App; checks: EksGuardChecks } {
  const input = exampleInput();
  const cluster = input.clusters[0];
  cluster.endpointAccess = { public: true, publicAccessCidrs: ['203.0.113.0/24'], reason: PUBLIC_REASON };
  const { plans, problems } = planPlatform(valid(input));
  expect(problems).toEqual([]);
  let plan = plans[0];
  if (plan.cluster.kind !== 'created') throw new Error('the example creates its cluster');
  expect(plan.cluster.clusterRelaxations.map((r) => r.configPath)).toEqual(['clusters[0].endpointAccess']);
  if (!stamped) plan = { ...plan, cluster: { ...plan.cluster, clusterRelaxations: [] } };
  const outdir = mkdtempSync(path.join(tmpdir(), 'eksguard-stamps-'));
  const app = new App({ outdir, stackTraces: false });
  renderCluster(app, plan, outdir);
  const checks = new EksGuardChecks({ today: '2026-12-03' });
  // The cluster stack alone: a workloads stack checked without its cluster stack misses the agent add-on.
  for (const stack of app.node.children.filter(TerraformStack.isStack).filter((s) => s.node.id === cluster.name)) {
    Aspects.of(stack).add(checks);
  }
  return { app, checks };
}

test('a relaxation with a reason passes under the Aspect, acknowledged on its element only, sourced to its config path', () => {
  const { app, checks } = renderedApp(true);
  app.synth();
  const report = checks.report as { acknowledged: Array<{ acknowledgement: { rule: string; target: string; source: string; reason: string } }> };
  const public_ = report.acknowledged.map((a) => a.acknowledgement).filter((a) => a.source === 'clusters[0].endpointAccess');
  expect(public_.map((a) => a.rule).sort()).toEqual(['AWS-0040', 'AWS-0041', 'CIS-5.4.2', 'CKV_AWS_39']);
  for (const a of public_) {
    expect(a.target).toBe('production-cluster/aws_eks_cluster.production-cluster');
    expect(a.reason).toBe(PUBLIC_REASON);
  }
});

test('without the relaxation stamp the same public endpoint is an error under the Aspect', () => {
  const { app } = renderedApp(false);
  expect(() => app.synth()).toThrow(/error \[CKV_AWS_39\] production-cluster\/aws_eks_cluster\.production-cluster/);
});

test('a stamp is an acknowledgement: an unknown rule, a pattern or a short reason is refused', () => {
  const app = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'eksguard-stamps-')), stackTraces: false });
  const stack = new TerraformStack(app, 's');
  const role = new IamRole(stack, 'r', { name: 'r', assumeRolePolicy: '{}' });
  expect(() => stampRelaxation(role, { configPath: 'x', reason: 'a long enough reason', rules: ['CKV_AWS_*'] })).toThrow(/not a rule id of the pack/);
  expect(() => stampRelaxation(role, { configPath: 'x', reason: 'too short', rules: ['CKV_AWS_60'] })).toThrow(/at least 10 visible characters/);
  expect(() => stampRelaxation(role, { configPath: 'x', reason: 'a long enough\u202ereason', rules: ['CKV_AWS_60'] })).toThrow(/one line/);
  expect(() => stampRelaxation(role, { configPath: 'x', reason: 'a long enough reason', rules: ['CKV_AWS_60'] })).not.toThrow();
});

const OPEN_TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] });
const OPEN_RULES = ['AA-TRUST-WILDCARD', 'CKV_AWS_60'];

function userStack(): { app: App; stack: TerraformStack } {
  const app = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'eksguard-stamps-')), stackTraces: false });
  const stack = new TerraformStack(app, 'shop');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { AwsProvider } = require('@cdktf/provider-aws/lib/provider');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  Aspects.of(stack).add(new EksGuardChecks({ today: '2026-12-03', reportFile: false }));
  return { app, stack };
}


test('a relaxation stamp covers its own element only, never an element made below it', () => {
  const { app, stack } = userStack();
  const relaxed = new IamRole(stack, 'relaxed', { name: 'relaxed', assumeRolePolicy: OPEN_TRUST });
  stampRelaxation(relaxed, { configPath: 'clusters[0].demo', reason: 'a public demo role with no permissions', rules: OPEN_RULES });
  new IamRole(relaxed, 'child', { name: 'child', assumeRolePolicy: OPEN_TRUST });
  const message = synthMessage(app);
  expect(message).toMatch(/error \[CKV_AWS_60\] shop\/aws_iam_role\.relaxed_child/);
  expect(message).not.toMatch(/shop\/aws_iam_role\.relaxed:/);
});

test('stamps and acknowledgements planted as raw metadata are checked when read, naming the construct', () => {
  for (const [type, data] of [
    ['eksguard:relaxation', { configPath: 'x', reason: 'x', rules: OPEN_RULES }],
    ['eksguard:relaxation', { configPath: 'x', reason: 'a long enough reason', rules: ['*'] }],
    ['eksguard:acknowledgement', { rule: 'CKV_AWS_60', reason: 'x' }],
    ['eksguard:acknowledgement', { rule: 'CKV_AWS_*', reason: 'a long enough reason' }],
    ['eksguard:acknowledgement', { rule: 'CKV_AWS_60', reason: 'a long enough reason', expires: 'never' }],
  ] as const) {
    const { app, stack } = userStack();
    const role = new IamRole(stack, 'planted', { name: 'planted', assumeRolePolicy: OPEN_TRUST });
    role.node.addMetadata(type, data);
    expect(synthMessage(app)).toMatch(/\[shop\/planted\] (relaxation|acknowledgement)/);
  }
});
