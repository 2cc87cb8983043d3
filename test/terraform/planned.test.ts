/**
 * Elements rendered from plain data (src/terraform/planned.ts) against the cdktf provider bindings
 * they stand in for: `plannedServiceRole`, `plannedPodIdentityAssociation` and `plannedServiceAccount`
 * write the same Terraform JSON (addresses and `//` metadata included) and the same HCL block shapes
 * as `ServiceRole`, `PodIdentityAssociation` and `WorkloadServiceAccount` for every combination of
 * props; their strings are data (hostile text reads back as itself, number-token text stops synth
 * naming the element); meta-arguments, overrides, moves and imports render as cdktf renders them;
 * and an element without tokens reaches the fast resolve path already resolved.
 */
import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { App, TerraformOutput, TerraformResource, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { PodIdentityAssociation, plannedPodIdentityAssociation, type PodIdentityAssociationProps } from '../../src/identity/pod-identity-association';
import { ServiceRole, plannedServiceRole, type ServiceRoleProps } from '../../src/identity/service-role';
import { WorkloadServiceAccount, plannedServiceAccount, type WorkloadServiceAccountProps } from '../../src/kubernetes/service-account';
import type { PolicyDocument } from '../../src/policy/document';
import { plannedOrThrow, renderCluster } from '../../src/app/build';
import { everyFeatureInput } from '../support/fixtures';
import { valid } from '../support/synth';
import { escapeTemplate, liveTemplates, numberTokenText, unescapeTemplate } from '../../src/terraform/escape';
import { withFastResolve } from '../../src/terraform/fast-resolve';
import { Addresses } from '../../src/terraform/addresses';
import { collectBlockShapes } from '../../src/terraform/hcl';
import { makeInert, makeInertNow, NumberTokenTextError } from '../../src/terraform/inert-strings';
import { PlannedOutput, PlannedResource } from '../../src/terraform/planned';

// ---------------------------------------------------------------------------------------------
// Two apps, one stack id: the binding side and the planned side, synthesized the way cdktf does.

interface Side {
  readonly app: App;
  readonly stack: TerraformStack;
}

function side(id = 'w'): Side {
  const app = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'eksguard-planned-')), stackTraces: false });
  const stack = new TerraformStack(app, id);
  // The providers the workloads stack configures (cdktf refuses a binding's resource without its provider).
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  new KubernetesProvider(stack, 'kubernetes', {});
  return { app, stack };
}

/** Synthesize the app (optionally with the fast resolve path on, as src/app/synth.ts does) and read one stack's JSON. */
function synthDoc(s: Side, fast = false, id = s.stack.node.id): any {
  const on = fast ? withFastResolve(numberTokenText, TerraformStack) : undefined;
  try {
    s.app.synth();
  } finally {
    on?.restore();
  }
  return JSON.parse(readFileSync(path.join(s.app.outdir, 'stacks', id, 'cdk.tf.json'), 'utf8'));
}

/** Both sides built by their own builder, synthesized; the two documents (compared whole). */
function both(binding: (stack: TerraformStack) => void, planned: (stack: TerraformStack) => void, fast = false): { binding: any; planned: any; shapes: [string[], string[]] } {
  const b = side();
  const p = side();
  binding(b.stack);
  planned(p.stack);
  const docs = { binding: synthDoc(b, fast), planned: synthDoc(p, fast) };
  return { ...docs, shapes: [[...collectBlockShapes(b.stack)].sort(), [...collectBlockShapes(p.stack)].sort()] };
}

// ---------------------------------------------------------------------------------------------
// Props.

const TRUST: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }],
};
const doc = (sid: string, resource: string): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [{ Sid: sid, Effect: 'Allow', Action: ['s3:GetObject'], Resource: resource, Condition: { StringEquals: { 'aws:PrincipalTag/team': '${aws:PrincipalTag/team}' } } }],
});

const ROLE_CASES: Array<[string, Partial<ServiceRoleProps>]> = [
  ['the minimum', {}],
  ['a description', { description: 'the role of shop/cart' }],
  ['a permissions boundary', { permissionsBoundaryArn: 'arn:aws:iam::123456789012:policy/eksguard/boundary' }],
  ['managed policies, several, given unsorted', { managedPolicies: { zeta: 'arn:aws:iam::aws:policy/Z', AmazonS3ReadOnlyAccess: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess', alpha: 'arn:aws:iam::aws:policy/A' } }],
  ['inline permissions', { permissions: doc('S3Objects', 'arn:aws:s3:::bucket/*') }],
  ['inline permissions and one extra policy beyond the quota (2 documents)', { permissions: doc('S3Objects', 'arn:aws:s3:::a/*'), extraPolicies: [doc('S3Objects2', 'arn:aws:s3:::b/*')] }],
  ['inline permissions and two extra policies (3 documents)', { permissions: doc('S3Objects', 'arn:aws:s3:::a/*'), extraPolicies: [doc('S3Objects2', 'arn:aws:s3:::b/*'), doc('S3Objects3', 'arn:aws:s3:::c/*')] }],
  ['extra policies without inline permissions', { extraPolicies: [doc('X', 'arn:aws:s3:::b/*'), doc('Y', 'arn:aws:s3:::c/*'), doc('Z', 'arn:aws:s3:::d/*')] }],
  ['tags', { tags: { 'eksguard:namespace': 'shop', 'eksguard:service-account': 'cart', Team: 'payments' } }],
  ['empty tags', { tags: {} }],
  ['a path', { path: '/eksguard/workloads/' }],
  ['a max session duration', { maxSessionDurationSeconds: 43200 }],
  ['everything at once', {
    path: '/eksguard/', description: 'all of it', permissionsBoundaryArn: 'arn:aws:iam::123456789012:policy/b', maxSessionDurationSeconds: 7200,
    managedPolicies: { b: 'arn:aws:iam::aws:policy/B', a: 'arn:aws:iam::aws:policy/A' }, tags: { k: 'v' },
    permissions: doc('S3Objects', 'arn:aws:s3:::a/*'), extraPolicies: [doc('S3Objects2', 'arn:aws:s3:::b/*'), doc('S3Objects3', 'arn:aws:s3:::c/*')],
  }],
];

const roleProps = (extra: Partial<ServiceRoleProps>): ServiceRoleProps => ({ roleName: 'shop-cart', trust: TRUST, ...extra });

const ASSOCIATION_CASES: Array<[string, Partial<PodIdentityAssociationProps>]> = [
  ['no target role, session tags left alone', {}],
  ['a target role', { targetRoleArn: 'arn:aws:iam::210987654321:role/target' }],
  ['session tags disabled', { disableSessionTags: true }],
  ['session tags explicitly kept (false)', { disableSessionTags: false }],
  ['a target role and session tags disabled', { targetRoleArn: 'arn:aws:iam::210987654321:role/target', disableSessionTags: true }],
];

const ACCOUNT_CASES: Array<[string, Partial<WorkloadServiceAccountProps>, boolean]> = [
  ['with a role (IRSA)', {}, true],
  ['without a role (Pod Identity)', {}, false],
  ['sts regional endpoints off', { stsRegionalEndpoints: false }, true],
  ['sts regional endpoints explicitly on', { stsRegionalEndpoints: true }, true],
  ['a token expiration', { tokenExpirationSeconds: 3600 }, true],
  ['a token expiration without a role (no annotations)', { tokenExpirationSeconds: 3600 }, false],
  ['automount on', { automountServiceAccountToken: true }, true],
  ['automount explicitly off, everything else', { automountServiceAccountToken: false, stsRegionalEndpoints: false, tokenExpirationSeconds: 86400 }, true],
];

// The workload's pieces, as the workloads stack makes them (one flat scope per kind), on each side.
const bindingRole = (stack: TerraformStack, props: ServiceRoleProps) => new ServiceRole(new Construct(stack, Addresses.flat(stack, 'irsa')), 'shop-cart', props);
const plannedRole = (stack: TerraformStack, props: ServiceRoleProps) => plannedServiceRole(new Construct(stack, Addresses.flat(stack, 'irsa')), 'shop-cart', props);

function bindingWorkload(stack: TerraformStack, role: ServiceRoleProps, association?: Partial<PodIdentityAssociationProps>, account?: [Partial<WorkloadServiceAccountProps>, boolean]): void {
  const r = bindingRole(stack, role);
  if (association !== undefined) {
    new PodIdentityAssociation(new Construct(stack, Addresses.flat(stack, 'pod-identity')), 'shop-cart', { clusterName: 'prod', namespace: 'shop', serviceAccount: 'cart', ...association, roleArn: r.roleArn });
  }
  if (account !== undefined) {
    const [props, withRole] = account;
    new WorkloadServiceAccount(new Construct(stack, Addresses.flat(stack, 'service-accounts')), 'shop-cart', { namespace: 'shop', name: 'cart', ...props, identity: withRole ? r : undefined });
  }
}

function plannedWorkload(stack: TerraformStack, role: ServiceRoleProps, association?: Partial<PodIdentityAssociationProps>, account?: [Partial<WorkloadServiceAccountProps>, boolean]): void {
  const r = plannedRole(stack, role);
  if (association !== undefined) {
    plannedPodIdentityAssociation(new Construct(stack, Addresses.flat(stack, 'pod-identity')), 'shop-cart', { clusterName: 'prod', namespace: 'shop', serviceAccount: 'cart', ...association, roleArn: r.role.ref('arn') });
  }
  if (account !== undefined) {
    const [props, withRole] = account;
    plannedServiceAccount(new Construct(stack, Addresses.flat(stack, 'service-accounts')), 'shop-cart', { namespace: 'shop', name: 'cart', ...props, roleArn: withRole ? r.role.ref('arn') : undefined });
  }
}

// ---------------------------------------------------------------------------------------------

describe('planned elements write what the bindings write', () => {
  test.each(ROLE_CASES)('a role with %s: the same JSON, addresses and metadata included, and the same HCL block shapes', (_name, extra) => {
    const { binding, planned, shapes } = both((s) => bindingRole(s, roleProps(extra)), (s) => plannedRole(s, roleProps(extra)));
    expect(planned).toEqual(binding);
    // Key order too: the documents are written as they come.
    expect(JSON.stringify(planned)).toBe(JSON.stringify(binding));
    expect(shapes[1]).toEqual(shapes[0]);
  });

  test('the matrix is what it says: every kind of resource a role holds is rendered, references included', () => {
    const { planned } = both(() => undefined, (s) => plannedRole(s, roleProps(ROLE_CASES[ROLE_CASES.length - 1][1])));
    const r = planned.resource;
    expect(Object.keys(r).sort()).toEqual(['aws_iam_policy', 'aws_iam_role', 'aws_iam_role_policy', 'aws_iam_role_policy_attachment']);
    expect(Object.keys(r.aws_iam_role_policy_attachment).sort()).toEqual(['shop-cart_2', 'shop-cart_3', 'shop-cart_a', 'shop-cart_b']);
    expect(r.aws_iam_role_policy_attachment['shop-cart_a'].role).toBe('${aws_iam_role.shop-cart.name}');
    expect(r.aws_iam_role_policy_attachment['shop-cart_3'].policy_arn).toBe('${aws_iam_policy.shop-cart_3.arn}');
    expect(r.aws_iam_role['shop-cart']['//'].metadata.path).toBe('w/irsa/shop-cart/Default');
    // IAM policy variables are data.
    expect(r.aws_iam_role_policy['shop-cart'].policy).toContain('"$${aws:PrincipalTag/team}"');
  });

  test.each(ASSOCIATION_CASES)('a Pod Identity association with %s: the same JSON; the role is ${aws_iam_role.<name>.arn} on both sides', (_name, extra) => {
    const { binding, planned, shapes } = both((s) => bindingWorkload(s, roleProps({}), extra), (s) => plannedWorkload(s, roleProps({}), extra));
    expect(planned).toEqual(binding);
    expect(JSON.stringify(planned)).toBe(JSON.stringify(binding));
    expect(planned.resource.aws_eks_pod_identity_association['shop-cart'].role_arn).toBe('${aws_iam_role.shop-cart.arn}');
    expect(shapes[1]).toEqual(shapes[0]);
  });

  test.each(ACCOUNT_CASES)('a service account %s: the same JSON and the same HCL block shapes (metadata is a block)', (_name, extra, withRole) => {
    const { binding, planned, shapes } = both((s) => bindingWorkload(s, roleProps({}), undefined, [extra, withRole]), (s) => plannedWorkload(s, roleProps({}), undefined, [extra, withRole]));
    expect(planned).toEqual(binding);
    expect(JSON.stringify(planned)).toBe(JSON.stringify(binding));
    const annotations = planned.resource.kubernetes_service_account_v1['shop-cart'].metadata.annotations;
    if (withRole) expect(annotations['eks.amazonaws.com/role-arn']).toBe('${aws_iam_role.shop-cart.arn}');
    else expect(annotations).toBeUndefined();
    expect(shapes[1]).toEqual(shapes[0]);
    expect(shapes[1]).toContain('resource/kubernetes_service_account_v1/metadata');
  });

  test('a whole workload (role, association, service account) with the fast resolve path on: the same JSON as without it, and as the bindings', () => {
    const all = ROLE_CASES[ROLE_CASES.length - 1][1];
    const slow = both((s) => bindingWorkload(s, roleProps(all), ASSOCIATION_CASES[4][1], [{ tokenExpirationSeconds: 3600 }, true]), (s) => plannedWorkload(s, roleProps(all), ASSOCIATION_CASES[4][1], [{ tokenExpirationSeconds: 3600 }, true]));
    const fast = both((s) => bindingWorkload(s, roleProps(all), ASSOCIATION_CASES[4][1], [{ tokenExpirationSeconds: 3600 }, true]), (s) => plannedWorkload(s, roleProps(all), ASSOCIATION_CASES[4][1], [{ tokenExpirationSeconds: 3600 }, true]), true);
    expect(fast.planned).toEqual(slow.binding);
    expect(fast.binding).toEqual(slow.binding);
    expect(slow.planned).toEqual(slow.binding);
  });
});

// ---------------------------------------------------------------------------------------------

/** Text Terraform would read as a template (interpolation, directive, escapes), quotes and line breaks. */
const HOSTILE = ['${x}', '%{if true}y%{endif}', '$${', 'a "quoted" \\ b', 'line\nbreak\r\tend', 'mixed ${file("/etc/passwd")} %{ for k in v }$${z}'];

/** Every string of a value, object keys included, with where it is. */
function strings(value: unknown, at = ''): Array<[string, string]> {
  if (typeof value === 'string') return [[at, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${at}[${i}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => [[`${at}{key}`, k] as [string, string], ...strings(v, `${at}.${k}`)]);
  }
  return [];
}

/** What Terraform reads a string of its JSON as: refused when it holds a live template, else the escapes undone. */
const reads = (text: string): string => {
  expect(liveTemplates(text)).toEqual([]);
  return unescapeTemplate(text);
};

function hostileProps(h: string): { role: ServiceRoleProps; association: Partial<PodIdentityAssociationProps>; account: Partial<WorkloadServiceAccountProps> } {
  const hostileDoc: PolicyDocument = { Version: '2012-10-17', Statement: [{ Sid: 'S3', Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::b/${h}`, Condition: { StringEquals: { [`aws:ResourceTag/${h}`]: h } } }] };
  return {
    role: {
      roleName: `role-${h}`,
      path: `/p-${h}/`,
      description: `desc ${h}`,
      trust: { ...TRUST, Statement: [{ ...TRUST.Statement[0], Condition: { StringEquals: { [`aws:RequestTag/${h}`]: h } } }] },
      permissionsBoundaryArn: `arn:aws:iam::1:policy/${h}`,
      // The policy's name is a construct id (`Attach-<name>`): hostile ids are the test below.
      managedPolicies: { readonly: `arn:aws:iam::aws:policy/${h}` },
      permissions: hostileDoc,
      extraPolicies: [hostileDoc],
      tags: { [h]: h, [`k-${h}`]: `v-${h}` },
    },
    association: { clusterName: `c-${h}`, namespace: `ns-${h}`, serviceAccount: `sa-${h}`, targetRoleArn: `arn:aws:iam::2:role/${h}` },
    account: { name: `sa-${h}`, namespace: `ns-${h}`, tokenExpirationSeconds: 3600 },
  };
}

/** The references a workload's planned resources hold: the only live templates allowed. */
describe("cdktf's own HCL rendering (a user's `cdktf synth --hcl`) of planned elements", () => {
  /** The stack as cdktf's HCL synthesis writes it (stack.toHclTerraform()). */
  const hclOf = (s: Side): string => (s.stack.toHclTerraform() as { hcl: string }).hcl;

  test.each(HOSTILE.slice(0, 3).concat('plain'))('a whole workload with %j in its strings, and an output: the bindings\' HCL, never an empty block', (h) => {
    const all = ROLE_CASES[ROLE_CASES.length - 1][1];
    const props = roleProps({ ...all, description: `d ${h}`, tags: { [`k ${h}`]: `v ${h}` } });
    const b = side();
    const p = side();
    bindingWorkload(b.stack, props, ASSOCIATION_CASES[4][1], [{ tokenExpirationSeconds: 3600 }, true]);
    plannedWorkload(p.stack, props, ASSOCIATION_CASES[4][1], [{ tokenExpirationSeconds: 3600 }, true]);
    const role = (s: Side) => s.stack.node.findAll().find((c) => (c as { terraformResourceType?: string }).terraformResourceType === 'aws_iam_role' && c.node.id === 'Default')!;
    new TerraformOutput(b.stack, 'arn', { value: (role(b) as IamRole).arn, description: `role ${h}` });
    new PlannedOutput(p.stack, 'arn', { value: (role(p) as PlannedResource).ref('arn'), description: `role ${h}` });
    makeInertNow(b.app);
    const expected = hclOf(b);
    expect(hclOf(p)).toBe(expected);
    expect(expected).toContain('assume_role_policy');
    expect(expected).toMatch(/metadata \{/);
    expect(expected).toContain('output "arn"');
  });
});

describe('a lifecycle on a planned resource', () => {
  const group = { name_prefix: 'p-', description: 'Pods of shop/cart', vpc_id: 'vpc-1', tags: { Name: 'p' } };
  test.each([{}, { createBeforeDestroy: undefined }, { preventDestroy: true }, { createBeforeDestroy: false, preventDestroy: false }])('%j is written as a binding writes it', (lifecycle) => {
    const { binding, planned } = both(
      (s) => new SecurityGroup(s, 'g', { namePrefix: 'p-', description: 'Pods of shop/cart', vpcId: 'vpc-1', tags: { Name: 'p' }, lifecycle }),
      (s) => new PlannedResource(s, 'g', { type: 'aws_security_group', body: group, lifecycle }),
    );
    expect(planned).toEqual(binding);
  });

  test.each([false, true])('is written as a binding writes it, on the plain path and with an override (override: %s)', (override) => {
    const { binding, planned } = both((s) => {
      makeInert(s);
      const g = new SecurityGroup(s, 'g', { namePrefix: 'p-', description: 'Pods of shop/cart', vpcId: 'vpc-1', tags: { Name: 'p' }, lifecycle: { createBeforeDestroy: true } });
      if (override) g.addOverride('description', 'over ${x}');
    }, (s) => {
      const g = new PlannedResource(s, 'g', { type: 'aws_security_group', body: group, lifecycle: { createBeforeDestroy: true } });
      if (override) g.addOverride('description', 'over ${x}');
    });
    expect(planned).toEqual(binding);
    expect(planned.resource.aws_security_group.g.lifecycle).toEqual({ create_before_destroy: true });
  });

  test("and in cdktf's own HCL of eksguard's workloads stacks in a user's app: every resource block has its arguments", () => {
    const app = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'eksguard-planned-')), stackTraces: false });
    for (const plan of plannedOrThrow(valid(everyFeatureInput()))) renderCluster(app, plan, app.outdir);
    const stacks = app.node.children.filter(TerraformStack.isStack).filter((s) => s.node.id.includes('-workloads'));
    expect(stacks.length).toBeGreaterThan(0);
    const all = stacks.map((stack) => {
      const hcl = (stack.toHclTerraform() as { hcl: string }).hcl;
      expect({ stack: stack.node.id, empty: hcl.match(/^resource "[^"]+" "[^"]+" \{\n\}/gm) ?? [] }).toEqual({ stack: stack.node.id, empty: [] });
      return hcl;
    }).join('\n');
    for (const type of ['aws_iam_role', 'aws_eks_pod_identity_association', 'kubernetes_service_account_v1', 'kubernetes_network_policy_v1', 'kubernetes_manifest', 'aws_security_group']) expect(all).toContain(`resource "${type}"`);
    const groups = all.split(/\n(?=resource ")/).filter((b) => b.startsWith('resource "aws_security_group"'));
    expect(groups.length).toBeGreaterThan(0);
    for (const block of groups) expect(block).toMatch(/lifecycle \{\n\s*create_before_destroy = true\n/);
  });
});

const REFERENCES = ['${aws_iam_role.shop-cart.name}', '${aws_iam_role.shop-cart.arn}', '${aws_iam_policy.shop-cart_2.arn}'];

describe('strings are data in planned bodies', () => {
  test.each(HOSTILE.flatMap((h) => [[h, false], [h, true]] as Array<[string, boolean]>))('%j in every string and key reads back as itself (fast resolve path: %s), the references stay live, as the bindings write it', (h, fast) => {
    const p = hostileProps(h);
    const { binding, planned } = both((s) => bindingWorkload(s, p.role, p.association, [p.account, true]), (s) => plannedWorkload(s, p.role, p.association, [p.account, true]), fast);
    expect(planned.resource).toEqual(binding.resource);
    const r = planned.resource;
    // Every string and key of every body: no live template but the workload's own references.
    for (const [type, byName] of Object.entries(r as Record<string, Record<string, any>>)) {
      for (const [name, body] of Object.entries(byName)) {
        const { '//': _meta, ...attributes } = body;
        for (const [at, text] of strings(attributes)) {
          const live = liveTemplates(text);
          expect({ at: `${type}.${name}${at}`, live: live.filter((t) => !REFERENCES.includes(t)) }).toEqual({ at: `${type}.${name}${at}`, live: [] });
        }
      }
    }
    // And each given string reads back as exactly the text.
    const role = r.aws_iam_role['shop-cart'];
    expect([role.name, role.path, role.description, role.permissions_boundary].map(reads)).toEqual([p.role.roleName, p.role.path, p.role.description, p.role.permissionsBoundaryArn]);
    expect(Object.fromEntries(Object.entries(role.tags as Record<string, string>).map(([k, v]) => [reads(k), reads(v)]))).toEqual(p.role.tags);
    expect(JSON.parse(reads(role.assume_role_policy))).toEqual(p.role.trust);
    expect(JSON.parse(reads(r.aws_iam_role_policy['shop-cart'].policy))).toEqual(p.role.permissions);
    const extra = r.aws_iam_policy['shop-cart_2'];
    expect([extra.name, extra.path, extra.description].map(reads)).toEqual([`${p.role.roleName}-2`, p.role.path, `eksguard: permissions of ${p.role.roleName} beyond the inline quota (2)`]);
    expect(JSON.parse(reads(extra.policy))).toEqual(p.role.permissions);
    const attachments = Object.values(r.aws_iam_role_policy_attachment as Record<string, any>);
    expect(attachments.map((a) => a.policy_arn).sort()).toEqual(['${aws_iam_policy.shop-cart_2.arn}', escapeTemplate(`arn:aws:iam::aws:policy/${h}`)].sort());
    const association = r.aws_eks_pod_identity_association['shop-cart'];
    expect([association.cluster_name, association.namespace, association.service_account, association.target_role_arn].map(reads)).toEqual([p.association.clusterName, p.association.namespace, p.association.serviceAccount, p.association.targetRoleArn]);
    expect(association.role_arn).toBe('${aws_iam_role.shop-cart.arn}');
    const account = r.kubernetes_service_account_v1['shop-cart'].metadata;
    expect([account.name, account.namespace].map(reads)).toEqual([p.account.name, p.account.namespace]);
    expect(account.annotations['eks.amazonaws.com/role-arn']).toBe('${aws_iam_role.shop-cart.arn}');
  });

  // BUG (src/terraform/planned.ts, PlannedResource.toTerraform): the `//` metadata path and uniqueId
  // are only checked for number-token text (`check(path)`), not escaped, so a construct id holding
  // `${`/`%{` is written as is where the InertStrings aspect escapes it on a binding. Terraform
  // ignores `//` (a comment), so nothing becomes live; but it is not the bindings' output, and
  // every other string of the element passes the boundary. Fix: render them with the element's
  // `checkedInertString(this, inertString)`. Remove `.failing` once fixed.
  test('a hostile construct id: the metadata and the address are the bindings\' too', () => {
    const h = '${x}%{y}"q"';
    const { binding, planned } = both((s) => new ServiceRole(s, h, roleProps({ managedPolicies: { [h]: 'arn:aws:iam::aws:policy/A' } })), (s) => plannedServiceRole(s, h, roleProps({ managedPolicies: { [h]: 'arn:aws:iam::aws:policy/A' } })));
    expect(planned).toEqual(binding);
  });
});

// ---------------------------------------------------------------------------------------------

/** The error a synth throws (the fast resolve path on or off). */
function synthError(s: Side, fast: boolean): unknown {
  try {
    synthDoc(s, fast);
  } catch (e) {
    return e;
  }
  throw new Error('synth passed');
}

describe('number-token text in a planned element stops synth, naming the element, as on a binding', () => {
  // `-82e297` is a double cdktf decodes as a number token (escape.ts numberTokenText says so, below).
  const TEXT = 'app-82e297';
  test('the text is one numberTokenText flags (and the test would see a plain name pass)', () => {
    expect(numberTokenText(TEXT)).toBe('-82e297');
    expect(numberTokenText('app-82e29')).toBeUndefined();
  });

  test.each([
    ['a body string (a tag value)', 'shop-cart', { tags: { team: TEXT } }, 'aws_iam_role.shop-cart', 'w/irsa/shop-cart/Default'],
    ['a body key (a tag key)', 'shop-cart', { tags: { [TEXT]: 'x' } }, 'aws_iam_role.shop-cart', 'w/irsa/shop-cart/Default'],
    ['the address (the construct id)', TEXT, {}, `aws_iam_role.${TEXT}`, `w/irsa/${TEXT}/Default`],
  ] as Array<[string, string, Partial<ServiceRoleProps>, string, string]>)('in %s', (_name, id, extra, address, constructPath) => {
    for (const fast of [false, true]) {
      // A binding's strings are checked by the InertStrings aspect, which reaches cdktf's prepare pass
      // only when applied before synth (makeInertNow, as buildApp does); a planned element checks its
      // own strings whenever it is rendered, so it needs no such call.
      const errors = ([['binding', true], ['planned', true], ['planned', false]] as const).map(([kind, inertNow]) => {
        const s = side();
        const scope = new Construct(s.stack, Addresses.flat(s.stack, 'irsa'));
        if (kind === 'binding') new ServiceRole(scope, id, roleProps(extra));
        else plannedServiceRole(scope, id, roleProps(extra));
        if (inertNow) makeInertNow(s.app);
        return synthError(s, fast);
      });
      for (const e of errors) {
        expect(e).toBeInstanceOf(NumberTokenTextError);
        const err = e as NumberTokenTextError;
        expect({ fast, text: err.text, address: err.address, stack: err.stack_ }).toEqual({ fast, text: '-82e297', address, stack: 'w' });
        expect(err.message).toBe(`${constructPath} holds the text -82e297, which cdktf reads as an encoded reference`);
      }
    }
  });

  test('in a planned output\'s value and description', () => {
    for (const props of [{ value: TEXT }, { value: 'x', description: `of ${TEXT}` }]) {
      const s = side();
      new PlannedOutput(s.stack, 'out', props);
      const e = synthError(s, true) as NumberTokenTextError;
      expect(e).toBeInstanceOf(NumberTokenTextError);
      expect([e.message, e.address]).toEqual(['w/out holds the text -82e297, which cdktf reads as an encoded reference', 'out.out']);
    }
  });
});

// ---------------------------------------------------------------------------------------------

/** What the slow path is given on each side: the role's resource (binding or planned), and the stack. */
type Tweak = (resource: TerraformResource, stack: TerraformStack) => void;

/** A binding role in both stacks: a dependency, a move target. */
const other = (stack: TerraformStack) => (stack.node.tryFindChild('other') as IamRole | undefined) ?? new IamRole(stack, 'other', { name: 'other', assumeRolePolicy: '{}' });

const SLOW: Array<[string, Tweak]> = [
  ['addOverride of a body attribute and a new one', (r) => {
    r.addOverride('description', 'over');
    r.addOverride('tags.extra', 'z');
  }],
  ['addOverride of a meta-argument', (r) => r.addOverride('lifecycle.create_before_destroy', true)],
  ['dependsOn', (r, s) => { r.dependsOn = [other(s).fqn]; }],
  ['lifecycle', (r) => { r.lifecycle = { preventDestroy: true, ignoreChanges: ['tags'] }; }],
  ['provider', (r, s) => { r.provider = new AwsProvider(s, 'west', { region: 'us-west-2', alias: 'west' }); }],
  ['count', (r) => { r.count = 2; }],
  ['moveTo', (r, s) => {
    other(s).addMoveTarget('target');
    r.moveTo('target');
  }],
  ['moveToId', (r) => r.moveToId('aws_iam_role.renamed')],
  ['moveFromId', (r) => r.moveFromId('aws_iam_role.former')],
  ['importFrom', (r) => r.importFrom('shop-cart')],
];

describe('the slow path: what cdktf renders for the same body', () => {
  const hostile = roleProps({ description: 'd ${x}', tags: { '${k}': '%{v}' }, permissions: doc('S3Objects', 'arn:aws:s3:::b/*') });

  test.each(SLOW)('%s on a planned resource: the bindings\' JSON, the body inert', (_name, tweak) => {
    for (const fast of [false, true]) {
      const { binding, planned } = both((s) => tweak(bindingRole(s, hostile).role, s), (s) => tweak(plannedRole(s, hostile).role, s), fast);
      expect(planned).toEqual(binding);
      expect(JSON.stringify(planned)).toBe(JSON.stringify(binding));
      // Where the role is still written (cdktf writes only the moved block for moveToId), its body is inert.
      const role = planned.resource.aws_iam_role?.['shop-cart'];
      if (role !== undefined) expect([role.description, role.tags['$${k}']]).toEqual([expect.stringMatching(/^(d \$\$\{x\}|over)$/), '%%{v}']);
      // The body is the planned one: the references of its policy still live.
      expect(planned.resource.aws_iam_role_policy['shop-cart'].role).toBe('${aws_iam_role.shop-cart.name}');
    }
  });

  test('the slow path is taken: each tweak changes what the element writes', () => {
    for (const [name, tweak] of SLOW) {
      const { planned } = both(() => undefined, (s) => tweak(plannedRole(s, hostile).role, s));
      const { planned: plain } = both(() => undefined, (s) => plannedRole(s, hostile));
      expect({ name, same: JSON.stringify(planned) === JSON.stringify(plain) }).toEqual({ name, same: false });
    }
  });

  const OUTPUTS: Array<[string, (o: TerraformOutput) => void]> = [
    ['sensitive', (o) => { o.sensitive = true; }],
    ['addOverride', (o) => o.addOverride('description', 'over')],
    ['dependsOn', (o) => { o.dependsOn = [other(TerraformStack.of(o))]; }],
  ];

  test.each(OUTPUTS)('%s on a planned output: the JSON of a TerraformOutput with the same value, inert', (_name, tweak) => {
    for (const fast of [false, true]) {
      const { binding, planned } = both((s) => {
        makeInert(s);
        tweak(new TerraformOutput(s, 'shop-cart_role_arn', { value: bindingRole(s, roleProps({})).roleArn, description: 'IAM role of ${ns}/cart' }));
      }, (s) => {
        makeInert(s);
        tweak(new PlannedOutput(s, 'shop-cart_role_arn', { value: plannedRole(s, roleProps({})).role.ref('arn'), description: 'IAM role of ${ns}/cart' }));
      }, fast);
      expect(planned).toEqual(binding);
      expect(JSON.stringify(planned)).toBe(JSON.stringify(binding));
      expect(planned.output['shop-cart_role_arn'].value).toBe('${aws_iam_role.shop-cart.arn}');
    }
  });

  // BUG (src/terraform/planned.ts, both classes' slow path): an element that renders its own inert
  // strings is skipped by the InertStrings aspect, and `super.toTerraform()` merges `rawOverrides`
  // as given, so an `addOverride` value holding `${`/`%{` is written live on a planned element
  // while the aspect escapes it on a binding (and number-token text in it is not checked).
  // Fix: in each slow path, render with the overrides made inert first, e.g.
  //   const raw = this.rawOverrides;
  //   (this as { rawOverrides: unknown }).rawOverrides = inertValue(raw, checkedInertString(this, inertString));
  //   try { return super.toTerraform(); } finally { (this as { rawOverrides: unknown }).rawOverrides = raw; }
  // (the body is already inert, and cdktf token markers in an override stay live). Remove `.failing` once fixed.
  test('an addOverride value holding template syntax is escaped on a planned resource and output, as on a binding', () => {
    const { binding, planned } = both((s) => {
      makeInert(s);
      const role = bindingRole(s, roleProps({}));
      role.role.addOverride('description', 'over ${x} %{y}');
      role.role.addOverride('tags.extra', '${z}');
      new TerraformOutput(s, 'o', { value: 'v' }).addOverride('description', 'over ${x}');
    }, (s) => {
      makeInert(s);
      const role = plannedRole(s, roleProps({}));
      role.role.addOverride('description', 'over ${x} %{y}');
      role.role.addOverride('tags.extra', '${z}');
      new PlannedOutput(s, 'o', { value: 'v' }).addOverride('description', 'over ${x}');
    });
    expect(binding.resource.aws_iam_role['shop-cart'].description).toBe('over $${x} %%{y}');
    expect(binding.output.o.description).toBe('over $${x}');
    expect(planned).toEqual(binding);
  });

  test('a plain planned output writes what a TerraformOutput writes', () => {
    const { binding, planned } = both((s) => {
      makeInert(s);
      new TerraformOutput(s, 'o', { value: bindingRole(s, roleProps({})).roleArn, description: 'IAM role of ${ns}/cart' });
      new TerraformOutput(s, 'n', { value: 'shop ${x}' });
    }, (s) => {
      makeInert(s);
      new PlannedOutput(s, 'o', { value: plannedRole(s, roleProps({})).role.ref('arn'), description: 'IAM role of ${ns}/cart' });
      new PlannedOutput(s, 'n', { value: 'shop ${x}' });
    });
    expect(planned).toEqual(binding);
    expect(JSON.stringify(planned)).toBe(JSON.stringify(binding));
    expect(planned.output.o).toEqual({ value: '${aws_iam_role.shop-cart.arn}', description: 'IAM role of $${ns}/cart' });
  });

  test("a planned output's value set after it is made is what it writes (cdktf's own rendering), as a TerraformOutput's", () => {
    const { binding, planned } = both((s) => {
      makeInert(s);
      const o = new TerraformOutput(s, 'o', { value: 'before' });
      o.value = 'after ${x}';
    }, (s) => {
      makeInert(s);
      const o = new PlannedOutput(s, 'o', { value: 'before' });
      expect(o.value).toBe('before');
      o.value = 'after ${x}';
      expect(o.value).toBe('after ${x}');
    });
    expect(planned.output.o).toEqual({ value: 'after $${x}' });
    expect(planned).toEqual(binding);
  });
});

// ---------------------------------------------------------------------------------------------

const tokens = require('cdktf/lib/_tokens') as { resolve: (scope: unknown, obj: unknown, preparing?: boolean) => unknown };

describe('markResolved: the fast resolve path and planned elements', () => {
  test('a planned element without tokens is returned as it is by the fast path (and copied by cdktf\'s own resolve)', () => {
    const { stack } = side();
    const role = plannedRole(stack, roleProps({ tags: { a: '${x}' }, permissions: doc('S3Objects', 'arn:aws:s3:::b/*') })).role;
    const output = new PlannedOutput(stack, 'o', { value: role.ref('arn'), description: 'd' });
    for (const element of [role, output]) {
      const fragment = element.toTerraform();
      // Without the fast path cdktf walks it and writes a copy: the identity below says something.
      const copy = tokens.resolve(stack, fragment);
      expect(copy).not.toBe(fragment);
      expect(copy).toEqual(fragment);
      const fast = withFastResolve(numberTokenText, TerraformStack);
      try {
        expect(tokens.resolve(stack, fragment)).toBe(fragment);
        expect(tokens.resolve(stack, fragment, true)).toBe(fragment);
        // Not walked at all (the fast path also returns unchanged plain data itself, so the identity
        // alone does not tell): a probe key with an undefined value, which a walk drops (and so
        // copies the object), is left in place.
        const probed = Object.assign(fragment, { probe: undefined });
        expect(tokens.resolve(stack, probed)).toBe(probed);
        const unmarked = { ...fragment };
        expect(tokens.resolve(stack, unmarked)).not.toBe(unmarked);
      } finally {
        fast.restore();
      }
    }
  });

  test('a planned element holding a token (a reference to another stack) is resolved, not returned as is', () => {
    const app = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'eksguard-planned-')), stackTraces: false });
    const a = new TerraformStack(app, 'a');
    new AwsProvider(a, 'aws', { region: 'us-east-1' });
    const shared = new IamRole(a, 'shared', { name: 'shared', assumeRolePolicy: '{}' });
    const b = new TerraformStack(app, 'b');
    const planned = new PlannedResource(b, 'att', { type: 'aws_iam_role_policy_attachment', body: { role: shared.name, policy_arn: 'arn:aws:iam::aws:policy/A' } });
    const fragment = planned.toTerraform();
    const fast = withFastResolve(numberTokenText, TerraformStack);
    try {
      const resolved = tokens.resolve(b, fragment) as any;
      expect(resolved).not.toBe(fragment);
      expect(resolved.resource.aws_iam_role_policy_attachment.att.role).toBe('${aws_iam_role.shared.name}');
    } finally {
      fast.restore();
    }
  });

  test("a stack's document shares a planned element's JSON, and an override reaching it edits a copy: every synth the same", () => {
    const write = (fast: boolean, times: number): string[] => {
      const { stack } = side();
      const role = new PlannedResource(stack, 'r', { type: 'aws_iam_role', body: { name: 'r', assume_role_policy: '{}', tags: { a: 'b' } } });
      new PlannedOutput(stack, 'o', { value: { plain: 'p' } });
      stack.addOverride('resource.aws_iam_role.r.tags.extra', 'x');
      stack.addOverride('output.o.value.more', 'm');
      const before = JSON.stringify(role.toTerraform());
      const on = fast ? withFastResolve(numberTokenText, TerraformStack) : undefined;
      const out: string[] = [];
      try {
        for (let i = 0; i < times; i++) {
          stack.prepareStack();
          out.push(JSON.stringify(stack.toTerraform()));
        }
      } finally {
        on?.restore();
      }
      // The element's own JSON is what it was: the override went into the document's copy.
      expect(JSON.stringify(role.toTerraform())).toBe(before);
      return out;
    };
    const [expected] = write(false, 1);
    expect(expected).toContain('"extra":"x"');
    expect(expected).toContain('"more":"m"');
    expect(write(true, 3)).toEqual([expected, expected, expected]);
  });

  test('in an element holding a token, each part without one is not walked; the parts with one are, and nothing else is marked', () => {
    const app = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'eksguard-planned-')), stackTraces: false });
    const a = new TerraformStack(app, 'a');
    new AwsProvider(a, 'aws', { region: 'us-east-1' });
    const shared = new IamRole(a, 'shared', { name: 'shared', assumeRolePolicy: '{}' });
    const b = new TerraformStack(app, 'b');
    const body = { role: shared.name, tags: { a: '1', b: '${x}' }, list: [{ k: 'v' }], nested: { plain: { x: 'y' }, token: { name: shared.name } } };
    const planned = new PlannedResource(b, 'att', { type: 'aws_iam_role_policy_attachment', body });
    const fragment = planned.toTerraform();
    const attributes = fragment.resource.aws_iam_role_policy_attachment.att;
    // Probe keys with an undefined value, which a walk drops (and so copies the object): left in place where nothing walked.
    const probe = (o: object) => Object.assign(o, { probe: undefined });
    for (const part of [attributes.tags, attributes.list[0], attributes.nested.plain, attributes.nested.token, attributes.nested]) probe(part);
    const fast = withFastResolve(numberTokenText, TerraformStack);
    try {
      const resolved = tokens.resolve(b, fragment) as any;
      const out = resolved.resource.aws_iam_role_policy_attachment.att;
      expect(out.tags).toBe(attributes.tags);
      expect(out.list).toBe(attributes.list);
      expect(out.nested.plain).toBe(attributes.nested.plain);
      // The parts holding a token: walked (copied, the probe dropped) and resolved.
      expect(out.nested).not.toBe(attributes.nested);
      expect(out.nested.token).toEqual({ name: '${aws_iam_role.shared.name}' });
      expect(out.role).toBe('${aws_iam_role.shared.name}');
      expect(out.tags).toEqual({ a: '1', b: '$${x}', probe: undefined });
    } finally {
      fast.restore();
    }
    // The binding-like rendering (overrides, HCL, an output's value) marks nothing: cdktf and users may edit it.
    const value = new PlannedOutput(b, 'o', { value: { m: { k: 'v' } } }).value as any;
    value.m.k2 = shared.arn;
    const on = withFastResolve(numberTokenText, TerraformStack);
    try {
      expect((tokens.resolve(b, { value }) as any).value.m.k2).toBe('${aws_iam_role.shared.arn}');
    } finally {
      on.restore();
    }
  });

  /** An app of two stacks `a` and `b`, each with an AWS provider; `b` made inert. */
  function twoStackApp(): { app: App; a: TerraformStack; b: TerraformStack } {
    const app = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'eksguard-planned-')), stackTraces: false });
    const a = new TerraformStack(app, 'a');
    new AwsProvider(a, 'aws', { region: 'us-east-1' });
    const b = new TerraformStack(app, 'b');
    new AwsProvider(b, 'aws', { region: 'us-east-1' });
    makeInert(b);
    return { app, a, b };
  }

  /** Two stacks `a` and `b` in one app, filled by `fill`, synthesized (fast resolve path or not); both documents. */
  function twoStacks(fill: (a: TerraformStack, b: TerraformStack) => void, fast: boolean): { a: any; b: any } {
    const { app, a, b } = twoStackApp();
    fill(a, b);
    const on = fast ? withFastResolve(numberTokenText, TerraformStack) : undefined;
    try {
      app.synth();
    } finally {
      on?.restore();
    }
    const read = (id: string) => JSON.parse(readFileSync(path.join(app.outdir, 'stacks', id, 'cdk.tf.json'), 'utf8'));
    return { a: read('a'), b: read('b') };
  }

  /** Stack `a` holds a role; stack `b` a resource and an output referencing it: cdktf writes a remote state read in `b` and an output in `a`. */
  function crossStack(planned: boolean, fast: boolean): { a: any; b: any } {
    return twoStacks((a, b) => {
      const shared = new IamRole(a, 'shared', { name: 'shared', assumeRolePolicy: '{}' });
      if (planned) {
        new PlannedResource(b, 'att', { type: 'aws_iam_role_policy_attachment', body: { role: shared.name, policy_arn: `arn:aws:iam::aws:policy/\${x}` } });
        new PlannedOutput(b, 'arn', { value: shared.arn, description: 'the ${shared} role' });
      } else {
        new IamRolePolicyAttachment(b, 'att', { role: shared.name, policyArn: `arn:aws:iam::aws:policy/\${x}` });
        new TerraformOutput(b, 'arn', { value: shared.arn, description: 'the ${shared} role' });
      }
    }, fast);
  }

  test.each([false, true])('a Ref to a planned resource of another stack is a cross-stack reference, as a binding\'s attribute is (fast resolve path: %s)', (fast) => {
    const run = (planned: boolean) => twoStacks((a, b) => {
      if (planned) {
        const shared = new PlannedResource(a, 'shared', { type: 'aws_iam_role', body: { name: 'shared', assume_role_policy: '{}' } });
        new PlannedOutput(b, 'arn', { value: shared.ref('arn'), description: 'the shared role' });
      } else {
        makeInert(a);
        const shared = new IamRole(a, 'shared', { name: 'shared', assumeRolePolicy: '{}' });
        new TerraformOutput(b, 'arn', { value: shared.arn, description: 'the shared role' });
      }
    }, fast);
    const planned = run(true);
    expect(planned).toEqual(run(false));
    expect(planned.b.output.arn.value).toMatch(/^\$\{data\.terraform_remote_state\.[^.]+\.outputs\.[^}]+\}$/);
  });

  test.each([false, true])("a Ref to another stack's planned resource stays a cross-stack reference on cdktf's own rendering too (an override; fast resolve path: %s)", (fast) => {
    // cdktf keeps what its prepare pass found for a reference on the token itself: every rendering
    // of the body, in either pass, must hold the same token (Ref.token), or the written pass reads
    // `${aws_iam_role.shared.arn}`, a resource of another stack.
    const run = (planned: boolean) => twoStacks((a, b) => {
      if (planned) {
        const shared = new PlannedResource(a, 'shared', { type: 'aws_iam_role', body: { name: 'shared', assume_role_policy: '{}' } });
        const att = new PlannedResource(b, 'att', { type: 'aws_iam_role_policy_attachment', body: { role: shared.ref('name'), policy_arn: 'arn:aws:iam::aws:policy/A' } });
        att.addOverride('depends_on', []);
        const out = new PlannedOutput(b, 'arn', { value: shared.ref('arn'), description: 'the shared role' });
        out.addOverride('sensitive', false);
      } else {
        makeInert(a);
        const shared = new IamRole(a, 'shared', { name: 'shared', assumeRolePolicy: '{}' });
        const att = new IamRolePolicyAttachment(b, 'att', { role: shared.name, policyArn: 'arn:aws:iam::aws:policy/A' });
        att.addOverride('depends_on', []);
        const out = new TerraformOutput(b, 'arn', { value: shared.arn, description: 'the shared role' });
        out.addOverride('sensitive', false);
      }
    }, fast);
    const planned = run(true);
    expect(planned).toEqual(run(false));
    expect(planned.b.output.arn.value).toMatch(/^\$\{data\.terraform_remote_state\.[^.]+\.outputs\.[^}]+\}$/);
    expect(planned.b.resource.aws_iam_role_policy_attachment.att.role).toMatch(/^\$\{data\.terraform_remote_state\./);
  });

  test("and in cdktf's own HCL (a user's `cdktf synth --hcl`): the prepare pass and the HCL rendering share the Ref's token", () => {
    const hcl = (planned: boolean): string => {
      const { a, b } = twoStackApp();
      makeInert(a);
      if (planned) {
        const shared = new PlannedResource(a, 'shared', { type: 'aws_iam_role', body: { name: 'shared', assume_role_policy: '{}' } });
        new PlannedOutput(b, 'arn', { value: shared.ref('arn'), description: 'the shared role' });
      } else {
        const shared = new IamRole(a, 'shared', { name: 'shared', assumeRolePolicy: '{}' });
        new TerraformOutput(b, 'arn', { value: shared.arn, description: 'the shared role' });
      }
      // What cdktf's synth does before it writes: every stack's prepare pass, then each stack's HCL.
      a.prepareStack();
      b.prepareStack();
      return (b.toHclTerraform() as { hcl: string }).hcl;
    };
    const planned = hcl(true);
    expect(planned).toBe(hcl(false));
    expect(planned).toContain('data.terraform_remote_state.cross-stack-reference-input-a.outputs.cross-stack-output-aws_iam_rolesharedarn');
  });

  test.each([false, true])('a cross-stack reference in a planned body: the remote state read and the output a binding gets (fast resolve path: %s)', (fast) => {
    const binding = crossStack(false, fast);
    const planned = crossStack(true, fast);
    expect(planned).toEqual(binding);
    expect(JSON.stringify(planned)).toBe(JSON.stringify(binding));
    // What that is: `a` exports the attributes, `b` reads them through its remote state.
    expect(Object.keys(planned.a.output ?? {})).toHaveLength(2);
    expect(Object.keys(planned.b.data.terraform_remote_state)).toHaveLength(1);
    expect(planned.b.resource.aws_iam_role_policy_attachment.att.role).toMatch(/^\$\{data\.terraform_remote_state\.[^.]+\.outputs\.[^}]+\}$/);
    expect(planned.b.resource.aws_iam_role_policy_attachment.att.policy_arn).toBe('arn:aws:iam::aws:policy/$${x}');
    expect(planned.b.output.arn.value).toMatch(/^\$\{data\.terraform_remote_state\./);
  });
});
