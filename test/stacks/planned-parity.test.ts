/**
 * Review of the planned elements (src/terraform/planned.ts, since d27e29d): what a planned element
 * writes against what the binding it replaced wrote, in the places test/terraform/planned.test.ts
 * does not reach.
 *
 * - A user's Aspect that edits a planned resource (its `lifecycle`) after cdktf's prepare pass: the
 *   binding writes the edit, the planned resource must too.
 * - `networkPolicy()` (src/kubernetes/network-policies.ts) for every shape its spec type admits,
 *   against the kubernetes provider's `NetworkPolicyV1`: the same JSON and the same nested blocks
 *   (what `--hcl` writes as blocks).
 * - Configs that combine the workload features (UDP flows, several flows to one server, servers
 *   without a group, declared egress, internet egress opt-out, secrets with env, policies beyond the
 *   inline quota, Pod Identity target roles, migration mode, an existing cluster, shards): their
 *   whole output, byte for byte, as d27e29d (the last commit before planned elements) wrote it,
 *   pinned in test/data/planned-parity/<config>.json.
 *
 * Tests marked `test.failing` pin a defect found in review; each names it.
 */
import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { App, Aspects, IAspect, LocalBackend, TerraformOutput, TerraformResource, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { NetworkPolicyV1, NetworkPolicyV1Config } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { plannedOrThrow, renderCluster } from '../../src/app/build';
import { synthesize } from '../../src/app/synth';
import { networkPolicy, type NetworkPolicySpec } from '../../src/kubernetes/network-policies';
import { Addresses } from '../../src/terraform/addresses';
import { collectBlockShapes } from '../../src/terraform/hcl';
import { makeInert } from '../../src/terraform/inert-strings';
import { PlannedResource } from '../../src/terraform/planned';
import { exampleInput, filesOf, tempOut, valid } from '../support/synth';
import { existingShardsInput, flowsInput, identitiesInput, placedOutput } from '../support/parity-inputs';

// ---------------------------------------------------------------------------------------------
// A user's aspect on eksguard's stacks in the user's own App.

/** What a platform team adds to every stack: IAM roles must not be destroyed by accident. */
class ProtectRoles implements IAspect {
  visit(node: IConstruct): void {
    if (node instanceof TerraformResource && node.terraformResourceType === 'aws_iam_role') node.lifecycle = { ...node.lifecycle, preventDestroy: true };
  }
}

/** The example rendered in a user's App, `aspect` added to every stack, synthesized: each stack's JSON. */
function userApp(aspect: IAspect): Record<string, any> {
  const outdir = mkdtempSync(path.join(tmpdir(), 'eksguard-parity-'));
  const app = new App({ outdir, stackTraces: false });
  for (const plan of plannedOrThrow(valid(exampleInput()))) renderCluster(app, plan, outdir);
  const stacks = app.node.children.filter(TerraformStack.isStack);
  // cdktf invokes the aspects of a stack and its children, not the App's: added per stack.
  for (const s of stacks) Aspects.of(s).add(aspect);
  app.synth();
  return Object.fromEntries(stacks.map((s) => [s.node.id, JSON.parse(readFileSync(path.join(outdir, 'stacks', s.node.id, 'cdk.tf.json'), 'utf8'))]));
}

describe("a user's aspect that sets a planned resource's lifecycle", () => {
  test('the workload roles are planned resources and the cluster roles bindings (what the next test compares)', () => {
    const app = new App({ outdir: tempOut(), stackTraces: false });
    for (const plan of plannedOrThrow(valid(exampleInput()))) renderCluster(app, plan, app.outdir);
    const roles = app.node.findAll().filter((c): c is TerraformResource => c instanceof TerraformResource && c.terraformResourceType === 'aws_iam_role');
    expect(roles.filter((r) => r instanceof PlannedResource).length).toBe(4);
    expect(roles.filter((r) => !(r instanceof PlannedResource)).length).toBeGreaterThan(0);
  });

  // DEFECT (planned.ts PlannedResource.toTerraform): the plain path caches its fragment by address
  // alone. cdktf's App.synth() runs prepareStack() (which renders every element) before it invokes
  // the stacks' aspects, so an aspect that sets `lifecycle` (prevent_destroy, create_before_destroy:
  // the two the plain path writes itself) is rendered from the cache made before it ran, and is
  // silently dropped; the binding it replaced (IamRole in d27e29d) wrote it. Fix: key the cached
  // fragment on the lifecycle too (or add `lifecycle` to the cached attributes on every call).
  test('is written on every role, planned or binding, as d27e29d wrote it on every role', () => {
    const docs = userApp(new ProtectRoles());
    const lifecycles = Object.entries(docs).flatMap(([stack, doc]) =>
      Object.entries((doc.resource?.aws_iam_role ?? {}) as Record<string, any>).map(([name, r]) => `${stack}/${name}: ${JSON.stringify(r.lifecycle)}`));
    expect(lifecycles.length).toBeGreaterThan(4);
    expect(lifecycles.filter((l) => !l.endsWith(': {"prevent_destroy":true}'))).toEqual([]);
  });

  test('an aspect that adds an override instead is honoured on the planned roles (the slow path)', () => {
    const docs = userApp({ visit: (n) => { if (n instanceof PlannedResource && n.terraformResourceType === 'aws_iam_role') n.addOverride('tags.owner', 'platform ${var.x}'); } });
    const roles = docs['production-cluster-workloads'].resource.aws_iam_role as Record<string, any>;
    expect(Object.keys(roles).length).toBe(4);
    // The override is data, like every string of the element (a binding's override is escaped too).
    for (const r of Object.values(roles)) expect(r.tags.owner).toBe('platform $${var.x}');
  });
});

// ---------------------------------------------------------------------------------------------
// The workload outputs as TerraformOutputs in a user's App.

describe("the workload outputs (PlannedOutput) read as the TerraformOutputs they were in d27e29d", () => {
  /** The example in a user's App, and a stack of the user's that re-exports the outputs of the workloads stack. */
  function reexported(): { outputs: TerraformOutput[]; doc: any; workloads: any } {
    const outdir = mkdtempSync(path.join(tmpdir(), 'eksguard-outputs-'));
    const app = new App({ outdir, stackTraces: false });
    for (const plan of plannedOrThrow(valid(exampleInput()))) renderCluster(app, plan, outdir);
    const workloads = app.node.children.find((c) => c.node.id === 'production-cluster-workloads') as TerraformStack;
    const outputs = workloads.node.findAll().filter(TerraformOutput.isTerraformOutput) as TerraformOutput[];
    const mine = new TerraformStack(app, 'team-wiring');
    new LocalBackend(mine, { path: path.join(outdir, 'team.tfstate') });
    for (const o of outputs.filter((x) => x.node.id.endsWith('_role_arn'))) new TerraformOutput(mine, o.node.id, { value: o.value, description: o.description });
    app.synth();
    const read = (id: string) => JSON.parse(readFileSync(path.join(outdir, 'stacks', id, 'cdk.tf.json'), 'utf8'));
    return { outputs, doc: read('team-wiring'), workloads: read('production-cluster-workloads') };
  }

  test('the workloads stack writes the role ARN outputs as references (what the next test reads back)', () => {
    const { workloads } = reexported();
    expect(workloads.output['payments_app-sqs-consumer_role_arn']).toEqual({ value: '${aws_iam_role.payments_app-sqs-consumer.arn}', description: 'IAM role of payments/app-sqs-consumer' });
  });

  // DEFECT (planned.ts PlannedOutput): it passes `{ value: undefined }` to TerraformOutput and keeps
  // its value and description to itself, so the public `value` and `description` of what is still a
  // TerraformOutput read `undefined`. A user's stack that re-exports a workload's role ARN
  // (`new TerraformOutput(mine, id, { value: output.value })`, a cross-stack reference with the
  // bindings of d27e29d) gets an output without a value, silently; an aspect that sets `description`
  // is ignored. Fix: give PlannedOutput `value` and `description` accessors (the value's `Ref`s as
  // the resources' attribute tokens, made on first read; a set value or description takes the
  // binding-like path), or pass them to `super` when they hold no `Ref`.
  test("a user's stack that re-exports them gets each role's ARN by cross-stack reference, with its description", () => {
    const { outputs, doc } = reexported();
    const arn = outputs.find((o) => o.node.id === 'payments_app-sqs-consumer_role_arn')!;
    expect(arn.description).toBe('IAM role of payments/app-sqs-consumer');
    expect(arn.value).toBeDefined();
    const out = doc.output['payments_app-sqs-consumer_role_arn'];
    expect(out.value).toMatch(/^\$\{data\.terraform_remote_state\.[^.]+\.outputs\.[^}]+\}$/);
    expect(out.description).toBe('IAM role of payments/app-sqs-consumer');
  });
});

// ---------------------------------------------------------------------------------------------
// networkPolicy() against the kubernetes provider's binding.

/** One stack with the kubernetes provider, `build` in it, synthesized: its resources and block shapes. */
function rendered(build: (stack: TerraformStack) => void): { resource: any; shapes: string[] } {
  const app = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'eksguard-np-')), stackTraces: false });
  const stack = new TerraformStack(app, 'w');
  new KubernetesProvider(stack, 'kubernetes', {});
  build(stack);
  app.synth();
  const doc = JSON.parse(readFileSync(path.join(app.outdir, 'stacks', 'w', 'cdk.tf.json'), 'utf8'));
  return { resource: doc.resource, shapes: [...collectBlockShapes(stack)].sort() };
}

const expressions = { matchExpressions: [{ key: 'team', operator: 'In', values: ['a', 'b'] }, { key: 'tier', operator: 'Exists' }] };
const labels = { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } };

/** Specs of every shape NetworkPolicySpec admits (and the binding's config for the same policy). */
const SPECS: Array<[string, NetworkPolicySpec]> = [
  ['deny all', { namespace: 'shop', name: 'deny', types: ['Ingress', 'Egress'] }],
  ['a pod selector by expression', { namespace: 'shop', name: 'sel', podSelector: expressions, types: ['Ingress'] }],
  ['peers by labels, ports', { namespace: 'shop', name: 'in', podSelector: labels, types: ['Ingress'], ingress: [{ from: [{ namespaceSelector: labels, podSelector: labels }], ports: [{ port: '80', protocol: 'TCP' }, { port: '53', protocol: 'UDP' }] }] }],
  ['an ip block with exceptions', { namespace: 'shop', name: 'out', types: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }], ports: [{ port: '443', protocol: 'TCP' }] }] }],
  ['ingress peers by expression', { namespace: 'shop', name: 'inx', types: ['Ingress'], ingress: [{ from: [{ namespaceSelector: expressions, podSelector: expressions }] }] }],
  ['egress peers by expression', { namespace: 'shop', name: 'outx', types: ['Egress'], egress: [{ to: [{ namespaceSelector: expressions }, { podSelector: expressions }] }] }],
];

const bindingConfig = (s: NetworkPolicySpec): NetworkPolicyV1Config => ({
  metadata: { name: s.name, namespace: s.namespace, labels: { 'app.kubernetes.io/managed-by': 'eksguard' } },
  spec: { podSelector: (s.podSelector ?? {}) as any, policyTypes: s.types, ingress: s.ingress as any, egress: s.egress as any },
});

/** Whether a spec selects peers by expression (the shapes the next tests tell apart). */
const peerExpressions = (s: NetworkPolicySpec) => [...(s.ingress ?? []).flatMap((r) => r.from ?? []), ...(s.egress ?? []).flatMap((r) => r.to ?? [])].some((p) => p.namespaceSelector?.matchExpressions ?? p.podSelector?.matchExpressions);

describe('networkPolicy() writes what NetworkPolicyV1 writes', () => {
  test.each(SPECS)('%s: the same JSON', (_name, spec) => {
    const binding = rendered((s) => { makeInert(s); Addresses.assign(new NetworkPolicyV1(s, 'p', bindingConfig(spec))); });
    const planned = rendered((s) => { networkPolicy(s, 'p', spec); });
    expect(planned.resource).toEqual(binding.resource);
  });

  test.each(SPECS.filter(([, s]) => !peerExpressions(s)))('%s: every nested block of the binding is a block of the planned policy', (_name, spec) => {
    const binding = rendered((s) => { makeInert(s); Addresses.assign(new NetworkPolicyV1(s, 'p', bindingConfig(spec))); });
    const planned = rendered((s) => { networkPolicy(s, 'p', spec); });
    expect(binding.shapes.filter((b) => !planned.shapes.includes(b))).toEqual([]);
  });

  // DEFECT (network-policies.ts POLICY_BLOCKS): the block paths declared for `--hcl` stop at a
  // peer's selector (`spec/ingress/from/namespace_selector`): a peer selected by expression, which
  // PolicyPeer admits, has its `match_expressions` written as an attribute (`match_expressions = [...]`),
  // which the kubernetes provider refuses (a nested block). The binding declared them as blocks.
  // Fix: add `${peers}/namespace_selector/match_expressions` and `${peers}/pod_selector/match_expressions`.
  test.each(SPECS.filter(([, s]) => peerExpressions(s)))('%s: every nested block of the binding is a block of the planned policy', (_name, spec) => {
    const binding = rendered((s) => { makeInert(s); Addresses.assign(new NetworkPolicyV1(s, 'p', bindingConfig(spec))); });
    const planned = rendered((s) => { networkPolicy(s, 'p', spec); });
    expect(binding.shapes.filter((b) => !planned.shapes.includes(b))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Whole outputs against d27e29d.

const PARITY: Array<[string, () => unknown, boolean]> = [
  ['flows', flowsInput, false],
  ['flows-hcl', flowsInput, true],
  ['identities', identitiesInput, false],
  ['existing-shards', existingShardsInput, false],
];

const PARITY_DIR = path.join(__dirname, '..', 'data', 'planned-parity');

const outputOf = (input: unknown, hcl: boolean) => placedOutput(synthesize, valid(input), tempOut(), hcl, filesOf);

describe('configs combining the workload features: the output d27e29d wrote, byte for byte', () => {
  test.each(PARITY)('%s', (name, input, hcl) => {
    const actual = outputOf(input(), hcl);
    const file = path.join(PARITY_DIR, `${name}.json`);
    // Written from d27e29d's synthesize (test/support/pin-planned-parity.ts), never from this code.
    const pinned: Record<string, string> = JSON.parse(readFileSync(file, 'utf8'));
    expect(Object.keys(actual)).toEqual(Object.keys(pinned));
    for (const f of Object.keys(pinned)) expect({ file: f, text: actual[f] }).toEqual({ file: f, text: pinned[f] });
  });

  test('the configs hold what they say: UDP flows, flows to servers without a group, extra policies, a target role, shards', () => {
    const flows = outputOf(flowsInput(), false)['stacks/production-cluster-workloads/cdk.tf.json'];
    expect(flows).toContain('"ip_protocol": "udp"');
    expect(flows).toContain('Pods behind the node group accept');
    expect(flows).toContain('HTTPS to the internet through NAT');
    const ids = outputOf(identitiesInput(), false);
    const workloads = ids['stacks/production-cluster-workloads/cdk.tf.json'];
    expect(workloads).toContain('"aws_iam_policy"');
    expect(workloads).toContain('"target_role_arn": "arn:aws:iam::999999999999:role/reader"');
    expect(workloads).toContain('"disable_session_tags": true');
    expect(Object.keys(outputOf(existingShardsInput(), false)).filter((f) => /workloads-\d\/cdk\.tf\.json$/.test(f)).length).toBe(3);
  });
});
