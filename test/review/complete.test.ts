/**
 * Review is complete by construction: each widening below (issue 11's list) is reported as widening
 * or unclassified (both count for --fail-on broadening), and an equivalent change that admits
 * nothing new is not counted, in the same table.
 */
import { review, reviewMarkdown } from '../../src/review/review';
import { documentOf } from '../../src/rules';

const S = 'hand';
const policy = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const trust = (extra: object = {}) => policy({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole', ...extra });
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const BOUNDARY = policy({ Effect: 'Allow', Action: ['s3:GetObject', 'sqs:ReceiveMessage'], Resource: '*' }, { Effect: 'Deny', Action: 'iam:*', Resource: '*' });
const KEY_POLICY = policy({ Sid: 'Root', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'kms:*', Resource: '*' });
const ISSUER_SUB = '${local.issuer}:sub';

/** A small account: a role with a boundary, a KMS key, a cluster, a launch template, RBAC and default-deny NetworkPolicies. */
function account(): any {
  return {
    locals: { issuer: 'oidc.eks.us-east-1.amazonaws.com/id/AAAA', unrelated: 'x' },
    resource: {
      aws_iam_role: {
        ops: { name: 'ops', assume_role_policy: trust(), permissions_boundary: '${aws_iam_policy.boundary.arn}' },
        app: { name: 'app', assume_role_policy: policy({ Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/${local.issuer}' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [ISSUER_SUB]: 'system:serviceaccount:payments:app' } } }) },
      },
      aws_iam_user: { alice: { name: 'alice' } },
      aws_iam_openid_connect_provider: { eks: { url: 'https://oidc.eks.us-east-1.amazonaws.com/id/AAAA', client_id_list: ['sts.amazonaws.com'] } },
      aws_iam_policy: { boundary: { name: 'boundary', policy: BOUNDARY } },
      aws_kms_key: { secrets: { description: 'secrets', enable_key_rotation: true, policy: KEY_POLICY } },
      aws_eks_cluster: { c: { name: 'c', role_arn: '${aws_iam_role.ops.arn}', version: '1.31', vpc_config: { subnet_ids: ['subnet-1', 'subnet-2'], endpoint_private_access: true, endpoint_public_access: false }, access_config: { authentication_mode: 'API', bootstrap_cluster_creator_admin_permissions: false } } },
      aws_launch_template: { nodes: { name: 'nodes', metadata_options: { http_tokens: 'required', http_put_response_hop_limit: 1, http_endpoint: 'enabled' } } },
      kubernetes_cluster_role_binding_v1: { viewers: { metadata: [{ name: 'viewers' }], role_ref: [{ api_group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }], subject: [{ kind: 'Group', name: 'viewers', api_group: 'rbac.authorization.k8s.io' }] } },
      kubernetes_network_policy_v1: { 'deny-payments': { metadata: [{ name: 'default-deny', namespace: 'payments' }], spec: [{ pod_selector: [{}], policy_types: ['Ingress', 'Egress'] }] } },
      kubernetes_manifest: { 'deny-orders': { manifest: { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'default-deny', namespace: 'orders' }, spec: { podSelector: {}, policyTypes: ['Ingress'] } } } },
    },
  };
}
const doc = (json: any, file = 'main.tf.json') => [documentOf(json, S, file)];
const changed = (edit: (j: any) => void, file?: string) => {
  const j = account();
  edit(j);
  return doc(j, file);
};
const run = (edit: (j: any) => void, file?: string) => review(doc(account()), changed(edit, file));
const counted = (r: ReturnType<typeof review>) => r.changes.filter((c) => c.broadening).map((c) => `${c.classification} ${c.category} ${c.resource}`);
const res = (j: any) => j.resource;
const crb = (name: string, group: string) => ({ metadata: [{ name }], role_ref: [{ api_group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name }], subject: [{ kind: 'Group', name: group, api_group: 'rbac.authorization.k8s.io' }] });

/** [what, the widening edit, what must be counted, an equivalent edit that admits nothing new, and the base that one is compared to]. */
const CASES: Array<[string, (j: any) => void, string, (j: any) => void, ((j: any) => void)?]> = [
  ['AdministratorAccess attached naming the role by its literal name',
    (j) => (res(j).aws_iam_role_policy_attachment = { admin: { role: 'ops', policy_arn: ADMIN } }), `widening permissions ${S}/aws_iam_role.ops`,
    // Equivalent: the base already attached it by reference; the head names the role literally instead.
    (j) => (res(j).aws_iam_role_policy_attachment = { admin: { role: 'ops', policy_arn: ADMIN } }), (j) => (res(j).aws_iam_role_policy_attachment = { a: { role: '${aws_iam_role.ops.id}', policy_arn: ADMIN } })],
  ['AdministratorAccess attached through aws_iam_policy_attachment',
    (j) => (res(j).aws_iam_policy_attachment = { admin: { name: 'admin', roles: ['${aws_iam_role.ops.name}'], users: ['alice'], policy_arn: ADMIN } }), `widening permissions ${S}/aws_iam_role.ops`,
    (j) => (res(j).aws_iam_policy_attachment = { admin: { name: 'admin', roles: [], policy_arn: ADMIN } })],
  ["a role's permissions_boundary removed",
    (j) => delete res(j).aws_iam_role.ops.permissions_boundary, `widening boundaries ${S}/aws_iam_role.ops`,
    (j) => (res(j).aws_iam_role.app.permissions_boundary = '${aws_iam_policy.boundary.arn}')],
  ['the boundary policy rewritten to Allow *',
    (j) => (res(j).aws_iam_policy.boundary.policy = policy({ Effect: 'Allow', Action: '*', Resource: '*' })), `widening permissions ${S}/aws_iam_policy.boundary`,
    (j) => (res(j).aws_iam_policy.boundary.policy = policy({ Effect: 'Deny', Action: 'iam:*', Resource: '*' }, { Effect: 'Allow', Action: ['sqs:ReceiveMessage', 's3:GetObject'], Resource: '*' }))],
  ['a Deny removed from the boundary policy',
    (j) => (res(j).aws_iam_policy.boundary.policy = policy({ Effect: 'Allow', Action: ['s3:GetObject', 'sqs:ReceiveMessage'], Resource: '*' })), `widening permissions ${S}/aws_iam_policy.boundary`,
    (j) => (res(j).aws_iam_policy.boundary.policy = policy({ Effect: 'Allow', Action: ['s3:GetObject'], Resource: '*' }, { Effect: 'Deny', Action: 'iam:*', Resource: '*' }))],
  ['a Principal "*" statement added to a KMS key policy',
    (j) => (res(j).aws_kms_key.secrets.policy = policy(JSON.parse(KEY_POLICY).Statement[0], { Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' })), `widening access ${S}/aws_kms_key.secrets`,
    (j) => (res(j).aws_kms_key.secrets.policy = policy(JSON.parse(KEY_POLICY).Statement[0], { Effect: 'Deny', Principal: '*', Action: 'kms:Decrypt', Resource: '*' }))],
  ['the EKS public endpoint opened to 0.0.0.0/0',
    (j) => Object.assign(res(j).aws_eks_cluster.c.vpc_config, { endpoint_public_access: true, public_access_cidrs: ['0.0.0.0/0'] }), `widening clusters ${S}/aws_eks_cluster.c`,
    (j) => Object.assign(res(j).aws_eks_cluster.c.vpc_config, { subnet_ids: ['subnet-2', 'subnet-1'], endpoint_public_access: false })],
  ['the EKS public endpoint enabled with the default CIDRs (absent = 0.0.0.0/0)',
    (j) => delete res(j).aws_eks_cluster.c.vpc_config.endpoint_public_access, `widening clusters ${S}/aws_eks_cluster.c`,
    (j) => (res(j).aws_eks_cluster.c.version = '1.32')],
  ["the issuer local swapped to another cluster's issuer",
    (j) => (j.locals.issuer = 'oidc.eks.us-east-1.amazonaws.com/id/OTHER'), `unclassified unclassified ${S}/aws_iam_role.app`,
    (j) => (j.locals.unrelated = 'y')],
  ['cluster-admin bound to system:authenticated (kubernetes_cluster_role_binding_v1)',
    (j) => (res(j).kubernetes_cluster_role_binding_v1.everyone = crb('cluster-admin', 'system:authenticated')), `widening kubernetes ${S}/kubernetes_cluster_role_binding_v1.everyone`,
    (j) => delete res(j).kubernetes_cluster_role_binding_v1.viewers],
  ['cluster-admin bound to system:authenticated (kubernetes_manifest)',
    (j) => (res(j).kubernetes_manifest.everyone = { manifest: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'everyone' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [{ kind: 'Group', name: 'system:authenticated', apiGroup: 'rbac.authorization.k8s.io' }] } }), `widening kubernetes ${S}/kubernetes_manifest.everyone`,
    (j) => (res(j).kubernetes_cluster_role_binding_v1.viewers.metadata[0].labels = { team: 'platform' })],
  ['the default-deny NetworkPolicies removed',
    (j) => {
      delete res(j).kubernetes_network_policy_v1['deny-payments'];
      delete res(j).kubernetes_manifest['deny-orders'];
    }, `widening kubernetes ${S}/kubernetes_manifest.deny-orders`,
    (j) => (res(j).kubernetes_network_policy_v1['deny-kube'] = { metadata: [{ name: 'default-deny', namespace: 'kube-system' }], spec: [{ pod_selector: [{}], policy_types: ['Ingress'] }] })],
  ['IMDSv1 allowed with hop limit 3 on a launch template',
    (j) => (res(j).aws_launch_template.nodes.metadata_options = { http_tokens: 'optional', http_put_response_hop_limit: 3, http_endpoint: 'enabled' }), `widening instances ${S}/aws_launch_template.nodes`,
    (j) => (res(j).aws_launch_template.nodes.metadata_options = { http_tokens: 'required', http_put_response_hop_limit: 1, http_endpoint: 'disabled' })],
  ['a new block (from HCL) of a security type review has no analysis for',
    (j) => (res(j).aws_iam_user_login_profile = { alice: { user: 'alice', password_reset_required: false } }), `unclassified unclassified ${S}/aws_iam_user_login_profile.alice`,
    (j) => (res(j).aws_cloudwatch_log_group = { logs: { name: 'logs', retention_in_days: 30 } })],
  ['the default-deny NetworkPolicy switched off with count = 0',
    (j) => (res(j).kubernetes_network_policy_v1['deny-payments'].count = 0), `unclassified unclassified ${S}/kubernetes_network_policy_v1.deny-payments`,
    (j) => (res(j).kubernetes_network_policy_v1['deny-payments'].metadata[0].annotations = { owner: 'platform' })],
  ["the OIDC provider's URL swapped to another issuer",
    (j) => (res(j).aws_iam_openid_connect_provider.eks.url = 'https://oidc.eks.us-east-1.amazonaws.com/id/OTHER'), `unclassified unclassified ${S}/aws_iam_openid_connect_provider.eks`,
    (j) => (res(j).aws_iam_openid_connect_provider.eks.tags = { cluster: 'c' })],
  ['system:masters granted through the aws-auth ConfigMap',
    (j) => (res(j).kubernetes_config_map_v1_data = { 'aws-auth': { metadata: [{ name: 'aws-auth', namespace: 'kube-system' }], data: { mapRoles: '- rolearn: arn:aws:iam::123456789012:role/ops\n  groups: [system:masters]' } } }), `unclassified unclassified ${S}/kubernetes_config_map_v1_data.aws-auth`,
    (j) => (res(j).kubernetes_config_map_v1_data = { settings: { metadata: [{ name: 'settings', namespace: 'payments' }], data: { level: 'debug' } } })],
  ['an unknown attribute of a known type changed',
    (j) => (res(j).aws_eks_cluster.c.vpc_config.security_group_ids = ['sg-open']), `unclassified unclassified ${S}/aws_eks_cluster.c`,
    (j) => (res(j).aws_eks_cluster.c.tags = { team: 'platform' })],
];

describe('review is complete by construction', () => {
  test.each(CASES.map(([a, b, c, d, e]) => [a, b, c, d, e ?? null] as const))('fails when %s (counted as widening), and an equivalent change is not counted', (_, widen, expected, equivalent, equivalentBase) => {
    const r = run(widen, 'main.tf');
    expect(counted(r)).toEqual(expect.arrayContaining([expected]));
    expect(r.broadening).toBeGreaterThan(0);
    expect(counted(review(changed(equivalentBase ?? (() => undefined)), changed(equivalent)))).toEqual([]);
  });

  // Completeness: an attribute no analysis reads, on a block of any security-relevant type, is never silent.
  test.each([
    'aws_iam_role', 'aws_iam_user', 'aws_iam_group', 'aws_iam_policy', 'aws_iam_openid_connect_provider', 'aws_iam_instance_profile', 'aws_iam_user_group_membership',
    'aws_kms_key', 'aws_kms_alias', 'aws_security_group', 'aws_default_security_group', 'aws_network_acl_rule', 'aws_vpc_endpoint', 'aws_eks_cluster', 'aws_eks_node_group',
    'aws_eks_addon', 'aws_eks_access_entry', 'aws_eks_pod_identity_association', 'aws_eks_identity_provider_config', 'aws_launch_template', 'aws_instance',
    'aws_s3_bucket_policy', 'aws_s3_bucket_public_access_block', 'aws_lambda_permission', 'aws_ssoadmin_permission_set', 'aws_organizations_policy',
    'kubernetes_cluster_role_binding', 'kubernetes_role_v1', 'kubernetes_network_policy', 'kubernetes_service_account_v1', 'kubernetes_validating_webhook_configuration_v1',
  ])('fails when an attribute review does not read changes on %s (unclassified)', (type) => {
    const docOf = (extra: object) => doc({ resource: { [type]: { x: { name: 'x', metadata: [{ name: 'x', namespace: 'ns' }], ...extra } } } });
    const r = review(docOf({}), docOf({ surprise: 'anything' }));
    expect(r.changes.map((c) => [c.classification, c.resource])).toEqual([['unclassified', `${S}/${type}.x`]]);
    expect(r.changes[0].detail).toContain('surprise: (absent) → anything');
    expect(review(docOf({}), docOf({})).changes).toEqual([]);
  });

  test("fails when a service account's IAM role annotation changes; a binding's annotation is neutral", () => {
    const sa = (role: string) => doc({ resource: { kubernetes_service_account_v1: { app: { metadata: [{ name: 'app', namespace: 'payments', annotations: { 'eks.amazonaws.com/role-arn': role } }] } }, kubernetes_role_binding_v1: { b: { metadata: [{ name: 'b', namespace: 'payments', annotations: { note: role } }], role_ref: [{ kind: 'Role', name: 'r', api_group: 'rbac.authorization.k8s.io' }], subject: [{ kind: 'ServiceAccount', name: 'app', namespace: 'payments' }] } } } });
    const r = review(sa('arn:aws:iam::123456789012:role/app'), sa('arn:aws:iam::123456789012:role/admin'));
    expect(r.changes.map((c) => [c.classification, c.resource])).toEqual([['neutral', `${S}/kubernetes_role_binding_v1.b`], ['unclassified', `${S}/kubernetes_service_account_v1.app`]]);
  });

  test('the default-deny NetworkPolicy removed is widening in both forms (resource and manifest)', () => {
    const r = run((j) => {
      delete res(j).kubernetes_network_policy_v1['deny-payments'];
      delete res(j).kubernetes_manifest['deny-orders'];
    });
    expect(counted(r).sort()).toEqual([`widening kubernetes ${S}/kubernetes_manifest.deny-orders`, `widening kubernetes ${S}/kubernetes_network_policy_v1.deny-payments`]);
  });

  test('a reordering, reformatted JSON and a moved statement report nothing', () => {
    const r = run((j) => {
      res(j).aws_iam_policy.boundary.policy = JSON.stringify(JSON.parse(BOUNDARY), null, 2);
      const statements = JSON.parse(BOUNDARY).Statement.reverse();
      res(j).aws_iam_policy.boundary.policy = policy(...statements);
      res(j).aws_eks_cluster.c.vpc_config.subnet_ids.reverse();
      j.resource = Object.fromEntries(Object.entries(j.resource).reverse());
    });
    expect(r.changes).toEqual([]);
    expect(reviewMarkdown(r)).toContain('No security-relevant changes.');
  });

  test('a rename (delete + create of the same body) is shown as one, and still reviewed for what differs', () => {
    const withGrant = (j: any) => (res(j).aws_iam_role_policy = { ops: { name: 'ops', role: '${aws_iam_role.ops.name}', policy: policy({ Effect: 'Allow', Action: 'sqs:ReceiveMessage', Resource: '*' }) } });
    const moved = review(changed(withGrant), changed((j) => {
      withGrant(j);
      res(j).aws_iam_role.operators = res(j).aws_iam_role.ops;
      delete res(j).aws_iam_role.ops;
      res(j).aws_eks_cluster.c.role_arn = '${aws_iam_role.operators.arn}';
      res(j).aws_iam_role_policy.ops.role = '${aws_iam_role.operators.name}';
    }));
    expect(moved.changes.map((c) => [c.category, c.kind, c.resource, c.broadening])).toEqual([['lifecycle', 'renamed', `${S}/aws_iam_role.operators`, false]]);
    const widened = run((j) => {
      res(j).aws_iam_role.operators = { ...res(j).aws_iam_role.ops, assume_role_policy: trust({ Principal: '*' }) };
      delete res(j).aws_iam_role.ops;
    });
    expect(widened.changes.map((c) => [c.category, c.kind, c.classification])).toEqual(expect.arrayContaining([['lifecycle', 'renamed', 'neutral'], ['trust', 'changed', 'widening']]));
    expect(widened.changes.some((c) => c.kind === 'added')).toBe(false);
  });

  test('a renamed security group keeps its rules and the references to it: only the rename is reported', () => {
    const withGroup = (name: string) => changed((j) => {
      res(j).aws_security_group = { [name]: { name: 'nodes', vpc_id: 'vpc-1' } };
      res(j).aws_vpc_security_group_ingress_rule = { https: { security_group_id: `\${aws_security_group.${name}.id}`, ip_protocol: 'tcp', from_port: 443, to_port: 443, cidr_ipv4: '10.0.0.0/8' } };
      res(j).aws_eks_cluster.c.vpc_config.security_group_ids = [`\${aws_security_group.${name}.id}`];
    });
    const r = review(withGroup('nodes'), withGroup('workers'));
    expect(r.changes.map((c) => [c.category, c.kind, c.resource])).toEqual([['lifecycle', 'renamed', `${S}/aws_security_group.workers`]]);
    expect(r.broadening).toBe(0);
  });

  test('a value known only after apply (a plan) is not read as unchanged', () => {
    const r = run((j) => (res(j).aws_iam_policy.boundary.policy = '(known after apply)'));
    expect(counted(r)).toEqual([`widening permissions ${S}/aws_iam_policy.boundary`]);
    expect(r.changes[0].detail).toContain('not analysable');
  });

  test('fails when AdministratorAccess is attached in another file of the stack, naming the role literally', () => {
    const files = (attach: boolean) => [
      documentOf({ resource: { aws_iam_role: { ops: { name: 'ops', assume_role_policy: trust() } } } }, S, 'iam.tf'),
      documentOf({ resource: attach ? { aws_iam_role_policy_attachment: { admin: { role: 'ops', policy_arn: ADMIN } } } : {} }, S, 'attach.tf'),
    ];
    const r = review(files(false), files(true));
    expect(counted(r)).toEqual([`widening permissions ${S}/aws_iam_role.ops`]);
    expect(r.changes[0].detail).toBe('+ managed policy AdministratorAccess');
    expect(review(files(true), files(true)).changes).toEqual([]);
  });

  test('an unclassified change shows the changed attribute and its own Markdown section', () => {
    const r = run((j) => (res(j).aws_eks_cluster.c.vpc_config.security_group_ids = ['sg-open']));
    const c = r.changes.find((x) => x.classification === 'unclassified')!;
    expect(c.detail).toContain('vpc_config.security_group_ids: (absent) → ["sg-open"]');
    expect(reviewMarkdown(r)).toContain('#### Unclassified changes');
  });

  test('a neutral change is listed with its reason and not counted', () => {
    const r = run((j) => (res(j).aws_eks_cluster.c.tags = { team: 'platform' }));
    expect(r.changes.map((c) => [c.classification, c.detail])).toEqual([['neutral', '~ tags: tags grant nothing']]);
    expect(r.broadening).toBe(0);
    const retagged = review(changed((j) => (res(j).aws_eks_cluster.c.tags = { team: 'platform' })), changed((j) => (res(j).aws_eks_cluster.c.tags = { team: 'payments' })));
    expect(retagged.changes.map((c) => c.classification)).toEqual(['neutral']);
  });

  test('fails when a tag changes while a policy conditions on tags (ABAC): tags then grant access', () => {
    const abac = (team: string) => changed((j) => {
      res(j).aws_eks_cluster.c.tags = { team };
      res(j).aws_iam_policy.boundary.policy = policy({ Effect: 'Allow', Action: 'eks:*', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': 'payments' } } });
    });
    expect(counted(review(abac('orders'), abac('payments')))).toEqual([`unclassified unclassified ${S}/aws_eks_cluster.c`]);
  });

  test('fails when a tag changes while the tag condition key is held in a local (ABAC through a local)', () => {
    const abac = (team: string) => changed((j) => {
      res(j).aws_eks_cluster.c.tags = { team };
      j.locals.tag_key = 'aws:ResourceTag/team';
      res(j).aws_iam_policy.boundary.policy = '${jsonencode({ Statement = [{ Effect = "Allow", Action = "eks:*", Resource = "*", Condition = { StringEquals = { (local.tag_key) = "payments" } } }] })}';
    });
    expect(counted(review(abac('orders'), abac('payments')))).toEqual([`unclassified unclassified ${S}/aws_eks_cluster.c`]);
  });

  test('fails when a ClusterRole is labelled to aggregate into admin; another label is neutral', () => {
    const withRole = (labels: object) => changed((j) => (res(j).kubernetes_cluster_role_v1 = { reader: { metadata: [{ name: 'reader', labels }], rule: [{ api_groups: [''], resources: ['secrets'], verbs: ['get'] }] } }));
    const aggregated = review(withRole({ team: 'a' }), withRole({ team: 'a', 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' }));
    expect(counted(aggregated)).toEqual([`widening kubernetes ${S}/kubernetes_cluster_role_v1.reader`]);
    expect(counted(review(withRole({ team: 'a' }), withRole({ team: 'b' })))).toEqual([]);
  });
});

describe('an attachment for each element of a collection', () => {
  const attach = (forEach: unknown) =>
    documentOf({ resource: { aws_iam_role: { ops: { name: 'ops', assume_role_policy: trust() } }, aws_iam_role_policy_attachment: { a: { for_each: forEach, role: '${aws_iam_role.ops.name}', policy_arn: '${each.value}' } } } }, S, 'main.tf.json');
  const READ = 'arn:aws:iam::aws:policy/ReadOnlyAccess';

  test('fails when AdministratorAccess joins the for_each set (widening), and a reordered set is no change', () => {
    const widened = review([attach(`\${toset(["${READ}"])}`)], [attach(`\${toset(["${READ}", "${ADMIN}"])}`)]);
    expect(widened.changes.filter((c) => c.broadening).map((c) => c.detail).join('\n')).toContain('AdministratorAccess');
    expect(review([attach([READ, ADMIN])], [attach(`\${toset(["${ADMIN}", "${READ}"])}`)]).changes).toEqual([]);
  });

  test('fails when a collection only Terraform knows changes (the grant names it, so the change is seen)', () => {
    const r = review([attach('${toset(module.a.arns)}')], [attach('${toset(module.b.arns)}')]);
    expect(r.broadening).toBeGreaterThan(0);
    expect(review([attach('${toset(module.a.arns)}')], [attach('${toset(module.a.arns)}')]).changes).toEqual([]);
  });
});

describe('module calls', () => {
  const withModule = (module: Record<string, unknown> | undefined) =>
    documentOf({ resource: { aws_iam_role: { ops: { name: 'ops', assume_role_policy: trust() } } }, ...(module === undefined ? {} : { module: { irsa: module } }) }, S, 'main.tf.json');
  const call = { source: 'terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts-eks', version: '5.48.0', role_policy_arns: { ro: 'arn:aws:iam::aws:policy/ReadOnlyAccess' } };

  test.each([
    ['an input of a module call widens (review reads no module inputs)', call, { ...call, role_policy_arns: { ro: 'arn:aws:iam::aws:policy/ReadOnlyAccess', admin: ADMIN } }],
    ['a module call is added', undefined, call],
    ['the module source moves to another module', call, { ...call, source: 'git::https://example.com/evil.git' }],
  ])('fails when %s: unclassified, counted as broadening', (_what, before, after) => {
    const r = review([withModule(before)], [withModule(after)]);
    expect(r.changes.filter((c) => c.resource === `${S}/module.irsa` && c.classification === 'unclassified')).toHaveLength(1);
    expect(r.broadening).toBeGreaterThan(0);
  });

  test('the same module call on both sides is no change', () => {
    expect(review([withModule(call)], [withModule({ ...call })]).changes).toEqual([]);
  });
});

describe('count on a grant', () => {
  const withCount = (count: unknown) =>
    documentOf({ resource: { aws_iam_role: { ops: { name: 'ops', assume_role_policy: trust() } }, aws_iam_role_policy: { p: { count, role: '${aws_iam_role.ops.id}', policy: policy({ Effect: 'Allow', Action: '*', Resource: '*' }) } }, aws_iam_role_policy_attachment: { a: { count, role: 'ops', policy_arn: ADMIN } } } }, S, 'main.tf.json');

  test('fails when count turns a dormant grant on (0 → 1), and a count that stays 1 is no change', () => {
    const r = review([withCount(0)], [withCount(1)]);
    const widened = r.changes.filter((c) => c.classification === 'widening').map((c) => c.detail).join('\n');
    expect(widened).toContain('* on *');
    expect(widened).toContain('AdministratorAccess');
    expect(review([withCount(1)], [withCount('1')]).broadening).toBe(0);
  });
});

describe('resources that hand out roles or data access are security-relevant', () => {
  const pool = (roles: Record<string, string>) =>
    documentOf({ resource: { aws_cognito_identity_pool_roles_attachment: { main: { identity_pool_id: 'eu-west-1:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0', roles } } } }, S, 'main.tf.json');
  const lake = (permissions: string[]) =>
    documentOf({ resource: { aws_lakeformation_permissions: { p: { principal: 'arn:aws:iam::123456789012:role/analyst', permissions, table: [{ database_name: 'sales', name: 'orders' }] } } } }, S, 'main.tf.json');

  test('fails when unauthenticated Cognito identities get the admin role; the same roles are no change', () => {
    const authenticated = { authenticated: 'arn:aws:iam::123456789012:role/app' };
    expect(review([pool(authenticated)], [pool({ ...authenticated, unauthenticated: 'arn:aws:iam::123456789012:role/admin' })]).broadening).toBeGreaterThan(0);
    expect(review([pool(authenticated)], [pool({ ...authenticated })]).changes).toEqual([]);
  });

  test('fails when Lake Formation permissions grow to ALL; the same permissions are no change', () => {
    expect(review([lake(['SELECT'])], [lake(['ALL'])]).broadening).toBeGreaterThan(0);
    expect(review([lake(['SELECT'])], [lake(['SELECT'])]).changes).toEqual([]);
  });
});

describe('a policy document the analysis cannot read whole', () => {
  // A for_each only a plan resolves: the document is not analysable on either side, so its change is unclassified.
  const withDocument = (action: string) =>
    documentOf({
      data: { aws_iam_policy_document: { d: { dynamic: { statement: { for_each: '${var.actions}', content: { actions: ['${statement.value}'], resources: [action] } } } } } },
      resource: { aws_iam_role: { ops: { name: 'ops', assume_role_policy: trust() } }, aws_iam_role_policy: { p: { role: '${aws_iam_role.ops.id}', policy: '${data.aws_iam_policy_document.d.json}' } } },
    }, S, 'main.tf.json');

  test('fails when a dynamic statement of the document changes (unclassified, as the analysis reads it as not analysable on both sides)', () => {
    const r = review([withDocument('s3:GetObject')], [withDocument('*')]);
    expect(r.changes.filter((c) => c.classification === 'unclassified').map((c) => c.resource)).toEqual([`${S}/aws_iam_role_policy.p`]);
    expect(review([withDocument('s3:GetObject')], [withDocument('s3:GetObject')]).changes).toEqual([]);
  });

  test('fails when a dynamic statement over a literal for_each grows to *: expanded, so the widening is classified', () => {
    const literal = (action: string) =>
      documentOf({
        data: { aws_iam_policy_document: { d: { dynamic: { statement: { for_each: [action], content: { actions: ['${statement.value}'], resources: ['*'] } } } } } },
        resource: { aws_iam_role: { ops: { name: 'ops', assume_role_policy: trust() } }, aws_iam_role_policy: { p: { role: '${aws_iam_role.ops.id}', policy: '${data.aws_iam_policy_document.d.json}' } } },
      }, S, 'main.tf.json');
    expect(review([literal('s3:GetObject')], [literal('*')]).broadening).toBeGreaterThan(0);
  });
});
