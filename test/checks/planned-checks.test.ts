/**
 * EksGuardChecks on eksguard's workloads stack, whose per-workload role, association and service
 * account are rendered from plain data (src/terraform/planned.ts), in a user's App (renderCluster
 * from a plan): a workload's relaxation stamped on its planned role (or association) is honoured on
 * that element only; an acknowledgement on a workload's scope covers its planned resources'
 * findings; every finding on a planned resource names its construct path.
 */
import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { App, Aspects, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { renderCluster } from '../../src/app/build';
import { EksGuardChecks } from '../../src/checks/eksguard-checks';
import { planPlatform, RELAXATION_RULES, type ClusterPlan, type WorkloadPlan } from '../../src/plan';
import { PlannedResource } from '../../src/terraform/planned';
import { exampleInput, existingClusterInput, synthMessage, valid } from '../support/synth';

const WILDCARD_REASON = 'the batch jobs each get a service account of their own';
const [WILDCARD_RULE] = RELAXATION_RULES.wildcardSubject;
const STACK = 'production-cluster-workloads';

/** The example with two IRSA workloads whose trust admits a service account pattern (each with its reason), planned. */
function wildcardPlan(input = exampleInput()): ClusterPlan {
  input.clusters[0].workloads.push(
    { name: 'batch-a', namespace: 'jobs', serviceAccount: 'batch-a-*', identity: 'irsa', wildcardSubject: { reason: WILDCARD_REASON } },
    { name: 'batch-b', namespace: 'jobs', serviceAccount: 'batch-b-*', identity: 'irsa', wildcardSubject: { reason: WILDCARD_REASON } },
  );
  const { plans, problems } = planPlatform(valid(input));
  expect(problems).toEqual([]);
  return plans[0];
}

/** The plan with `keys`' role relaxations dropped, as if the config had stamped none on them. */
function withoutRoleRelaxation(plan: ClusterPlan, keys: readonly string[]): ClusterPlan {
  const drop = (w: WorkloadPlan): WorkloadPlan => (keys.includes(w.key) ? { ...w, roleRelaxation: undefined } : w);
  return { ...plan, shards: plan.shards.map((s) => ({ ...s, workloads: s.workloads.map(drop) })) };
}

/**
 * The plan rendered in a user's app, checked: every stack (`addTo(app)`), or the workloads stack
 * alone (checked alone, an existing cluster's stack does not see the workload roles its
 * permissions boundary is the boundary of, and reads it as an ordinary policy).
 */
function rendered(plan: ClusterPlan, only?: 'workloads'): { app: App; checks: EksGuardChecks; workloads: TerraformStack } {
  const outdir = mkdtempSync(path.join(tmpdir(), 'eksguard-planned-checks-'));
  const app = new App({ outdir, stackTraces: false });
  renderCluster(app, plan, outdir);
  const checks = new EksGuardChecks({ today: '2026-12-03' });
  const workloads = app.node.children.find((c) => c.node.id === STACK) as TerraformStack;
  if (only === 'workloads') Aspects.of(workloads).add(checks);
  else checks.addTo(app);
  return { app, checks, workloads };
}


type Ack = { rule: string; target: string; source: string; reason: string };
type Report = { acknowledged: Array<{ acknowledgement: Ack }>; findings: Array<{ ruleId: string; severity: string; address: string }>; stale: unknown[] };
const reportOf = (checks: EksGuardChecks) => checks.report as Report;
const acknowledged = (checks: EksGuardChecks, rule: string) => reportOf(checks).acknowledged.map((a) => a.acknowledgement).filter((a) => a.rule === rule).map((a) => `${a.target} <- ${a.source}`).sort();
/** The warnings cdktf annotations put on a construct (EksGuardChecks reports warning findings on their element so). */
const warningsOn = (c: Construct) => c.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));
const workloadScope = (workloads: TerraformStack, kind: string, key: string) => workloads.node.findChild(kind).node.findChild(key) as Construct;

const AGENT_REASON_SOURCE = 'clusters[0].existing.podIdentityAgent';

describe('relaxations stamped on planned elements (a cluster made elsewhere, its agent installed there)', () => {
  test('the workloads are planned elements here (what this file is about)', () => {
    const { workloads } = rendered(wildcardPlan(existingClusterInput()), 'workloads');
    const role = workloadScope(workloads, 'irsa', 'jobs_batch-a').node.findChild('Default');
    expect(role).toBeInstanceOf(PlannedResource);
    expect((role as PlannedResource).terraformResourceType).toBe('aws_iam_role');
    expect(workloadScope(workloads, 'pod-identity', 'orders_orders-api').node.findChild('Default')).toBeInstanceOf(PlannedResource);
  });

  test('each relaxation is honoured on its own planned element, sourced to its config path', () => {
    const { app, checks } = rendered(wildcardPlan(existingClusterInput()), 'workloads');
    expect(synthMessage(app)).toBe('');
    expect(acknowledged(checks, WILDCARD_RULE)).toEqual([
      `${STACK}/aws_iam_role.jobs_batch-a <- clusters[0].workloads[4].wildcardSubject`,
      `${STACK}/aws_iam_role.jobs_batch-b <- clusters[0].workloads[5].wildcardSubject`,
    ]);
    expect(acknowledged(checks, 'PODID-AGENT')).toEqual([`${STACK}/aws_eks_pod_identity_association.orders_orders-api <- ${AGENT_REASON_SOURCE}`]);
    for (const a of reportOf(checks).acknowledged.map((x) => x.acknowledgement).filter((x) => x.rule === WILDCARD_RULE)) expect(a.reason).toBe(WILDCARD_REASON);
    expect(reportOf(checks).findings.filter((f) => f.ruleId === WILDCARD_RULE)).toEqual([]);
    expect(reportOf(checks).stale).toEqual([]);
  });

  test('on that role only: without batch-b\'s stamp its finding stands, reported on its planned role\'s construct, and batch-a stays relaxed', () => {
    const { app, checks, workloads } = rendered(withoutRoleRelaxation(wildcardPlan(existingClusterInput()), ['jobs_batch-b']), 'workloads');
    // A warning: the synth passes, the finding is in the report and on the construct.
    expect(synthMessage(app)).toBe('');
    expect(reportOf(checks).findings.filter((f) => f.ruleId === WILDCARD_RULE).map((f) => `${f.severity} ${f.address}`)).toEqual(['warning aws_iam_role.jobs_batch-b']);
    expect(acknowledged(checks, WILDCARD_RULE)).toEqual([`${STACK}/aws_iam_role.jobs_batch-a <- clusters[0].workloads[4].wildcardSubject`]);
    const roleB = workloadScope(workloads, 'irsa', 'jobs_batch-b').node.findChild('Default') as Construct;
    expect(roleB.node.path).toBe(`${STACK}/irsa/jobs_batch-b/Default`);
    expect(warningsOn(roleB)).toEqual([expect.stringMatching(new RegExp(`^warning \\[${WILDCARD_RULE}\\] ${STACK}/aws_iam_role\\.jobs_batch-b`))]);
    const roleA = workloadScope(workloads, 'irsa', 'jobs_batch-a').node.findChild('Default') as Construct;
    expect(warningsOn(roleA)).toEqual([]);
  });
});

describe('findings on planned elements and acknowledgements on a workload\'s scope (a cluster eksguard creates)', () => {
  // Checked stack by stack, the workloads stack does not see the cluster stack's agent add-on: an
  // error on the Pod Identity workload's planned association, which a user acknowledges.
  const ERROR_LINE = `[${STACK}/pod-identity/orders_orders-api/Default] error [PODID-AGENT] ${STACK}/aws_eks_pod_identity_association.orders_orders-api: `;

  test('an error finding on a planned resource names its construct path', () => {
    const { app } = rendered(wildcardPlan());
    const message = synthMessage(app);
    expect(message).toContain(ERROR_LINE);
    expect(message).toContain(`eksguard: 1 error finding(s) in stack ${STACK}`);
  });

  test('EksGuardChecks.acknowledge on the workload\'s scope covers its planned association; on another scope it does not', () => {
    const wrong = rendered(wildcardPlan());
    // The same workload's role scope is not the association's.
    EksGuardChecks.acknowledge(workloadScope(wrong.workloads, 'irsa', 'orders_orders-api'), [{ rule: 'PODID-AGENT', reason: 'the agent add-on is in the cluster stack of this app' }]);
    expect(synthMessage(wrong.app)).toContain(ERROR_LINE);

    const right = rendered(wildcardPlan());
    EksGuardChecks.acknowledge(workloadScope(right.workloads, 'pod-identity', 'orders_orders-api'), [{ rule: 'PODID-AGENT', reason: 'the agent add-on is in the cluster stack of this app' }]);
    expect(synthMessage(right.app)).toBe('');
    expect(acknowledged(right.checks, 'PODID-AGENT')).toEqual([`${STACK}/aws_eks_pod_identity_association.orders_orders-api <- EksGuardChecks.acknowledge(${STACK}/pod-identity/orders_orders-api)`]);
    const written = JSON.parse(readFileSync(path.join(right.app.outdir, 'eksguard-report.json'), 'utf8'));
    expect(written.acknowledged.map((a: { acknowledgement: Ack }) => a.acknowledgement.source)).toContain(`EksGuardChecks.acknowledge(${STACK}/pod-identity/orders_orders-api)`);
  });

  test('an acknowledgement on a role\'s workload scope covers its planned role\'s finding (in place of the config\'s stamp)', () => {
    const { app, checks, workloads } = rendered(withoutRoleRelaxation(wildcardPlan(), ['jobs_batch-a', 'jobs_batch-b']));
    EksGuardChecks.acknowledge(workloadScope(workloads, 'pod-identity', 'orders_orders-api'), [{ rule: 'PODID-AGENT', reason: 'the agent add-on is in the cluster stack of this app' }]);
    EksGuardChecks.acknowledge(workloadScope(workloads, 'irsa', 'jobs_batch-a'), [{ rule: WILDCARD_RULE, reason: 'reviewed: one service account per batch job' }]);
    expect(synthMessage(app)).toBe('');
    expect(acknowledged(checks, WILDCARD_RULE)).toEqual([`${STACK}/aws_iam_role.jobs_batch-a <- EksGuardChecks.acknowledge(${STACK}/irsa/jobs_batch-a)`]);
    expect(reportOf(checks).findings.filter((f) => f.ruleId === WILDCARD_RULE).map((f) => f.address)).toEqual(['aws_iam_role.jobs_batch-b']);
  });
});
