/**
 * Every way a managed policy reaches a principal is the same case for the attachment rules: each
 * form below attaches the policy under test, and the same form with a harmless policy passes.
 */
import { documentOf, RULES, runRules } from '../../src/rules';
import { attachmentIndex } from '../../src/rules/normalise/attachments';

const trust = (service: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });
/** A document with a node role `nodes` (named `eks-nodes`), an app role `ops`, a user, a group, a permission set, and the attachment under test. */
const docWith = (resource: Record<string, Record<string, unknown>>, extra: object = {}) =>
  documentOf({
    ...extra,
    resource: {
      aws_iam_role: { nodes: { name: 'eks-nodes', assume_role_policy: trust('ec2.amazonaws.com') }, ops: { name: 'ops', assume_role_policy: trust('lambda.amazonaws.com') } },
      aws_iam_user: { alice: { name: 'alice' } },
      aws_iam_group: { admins: { name: 'admins' } },
      aws_ssoadmin_permission_set: { ps: { name: 'ps', instance_arn: 'arn:aws:sso:::instance/ssoins-1' } },
      ...resource,
    },
  }, 'hand', 'main.tf');
const found = (id: string, resource: Record<string, Record<string, unknown>>, extra?: object) =>
  runRules(RULES.filter((r) => r.id === id), [docWith(resource, extra)]).findings.map((f) => f.address);

const arn = (name: string) => `arn:aws:iam::aws:policy/${name}`;
/** [form, the block(s) attaching `policy`, the address that must be flagged]. */
const FORMS: Array<[string, (policy: string) => Record<string, Record<string, unknown>>, string]> = [
  ['role attachment by reference', (p) => ({ aws_iam_role_policy_attachment: { a: { role: '${aws_iam_role.ops.name}', policy_arn: p } } }), 'aws_iam_role_policy_attachment.a'],
  ['role attachment by literal name', (p) => ({ aws_iam_role_policy_attachment: { a: { role: 'ops', policy_arn: p } } }), 'aws_iam_role_policy_attachment.a'],
  ['role attachment to a role not in the file', (p) => ({ aws_iam_role_policy_attachment: { a: { role: 'elsewhere', policy_arn: p } } }), 'aws_iam_role_policy_attachment.a'],
  ['aws_iam_policy_attachment (roles)', (p) => ({ aws_iam_policy_attachment: { a: { name: 'a', roles: ['ops'], policy_arn: p } } }), 'aws_iam_policy_attachment.a'],
  ['aws_iam_policy_attachment (users)', (p) => ({ aws_iam_policy_attachment: { a: { name: 'a', users: ['${aws_iam_user.alice.name}'], policy_arn: p } } }), 'aws_iam_policy_attachment.a'],
  ['aws_iam_policy_attachment (groups)', (p) => ({ aws_iam_policy_attachment: { a: { name: 'a', groups: ['admins'], policy_arn: p } } }), 'aws_iam_policy_attachment.a'],
  ['exclusive role attachments', (p) => ({ aws_iam_role_policy_attachments_exclusive: { a: { role_name: '${aws_iam_role.ops.id}', policy_arns: [arn('ReadOnlyAccess'), p] } } }), 'aws_iam_role_policy_attachments_exclusive.a'],
  ['user attachment', (p) => ({ aws_iam_user_policy_attachment: { a: { user: 'alice', policy_arn: p } } }), 'aws_iam_user_policy_attachment.a'],
  ['group attachment', (p) => ({ aws_iam_group_policy_attachment: { a: { group: '${aws_iam_group.admins.name}', policy_arn: p } } }), 'aws_iam_group_policy_attachment.a'],
  ['SSO permission set', (p) => ({ aws_ssoadmin_managed_policy_attachment: { a: { instance_arn: 'arn:aws:sso:::instance/ssoins-1', permission_set_arn: '${aws_ssoadmin_permission_set.ps.arn}', managed_policy_arn: p } } }), 'aws_ssoadmin_managed_policy_attachment.a'],
  ['managed_policy_arns on a role', (p) => ({ aws_iam_role: { nodes: { name: 'eks-nodes', assume_role_policy: trust('ec2.amazonaws.com') }, ops: { name: 'ops', assume_role_policy: trust('lambda.amazonaws.com'), managed_policy_arns: [p] } } }), 'aws_iam_role.ops.managed_policy_arns[0]'],
  ['an ARN with the partition as an expression', (p) => ({ aws_iam_role_policy_attachment: { a: { role: 'ops', policy_arn: p.replace('arn:aws:', 'arn:${data.aws_partition.current.partition}:') } } }), 'aws_iam_role_policy_attachment.a'],
  ['an ARN built by format()', (p) => ({ aws_iam_role_policy_attachment: { a: { role: 'ops', policy_arn: `\${format("arn:aws:iam::aws:policy/%s", "${p.split('/').pop()}")}` } } }), 'aws_iam_role_policy_attachment.a'],
  ['managed_policy_arns from a local list', (p) => ({ aws_iam_role: { nodes: { name: 'eks-nodes', assume_role_policy: trust('ec2.amazonaws.com') }, ops: { name: 'ops', assume_role_policy: trust('lambda.amazonaws.com'), managed_policy_arns: '${local.arns}' } }, _locals: { arns: [arn('ReadOnlyAccess'), p] } }), 'aws_iam_role.ops.managed_policy_arns[0]'],
  ['exclusive attachments from a variable default', (p) => ({ aws_iam_role_policy_attachments_exclusive: { a: { role_name: 'ops', policy_arns: '${var.arns}' } }, _variables: { arns: [p] } }), 'aws_iam_role_policy_attachments_exclusive.a'],
  ['an ARN in a local', (p) => ({ aws_iam_role_policy_attachment: { a: { role: '${local.role}', policy_arn: '${local.policy}' } }, _locals: { policy: p } }), 'aws_iam_role_policy_attachment.a'],
  ['for_each over a literal set (each.value)', (p) => ({ aws_iam_role_policy_attachment: { a: { for_each: `\${toset(["${arn('ViewOnlyAccess')}", "${p}"])}`, role: 'ops', policy_arn: '${each.value}' } } }), 'aws_iam_role_policy_attachment.a'],
  ['for_each over a map (each.value)', (p) => ({ aws_iam_role_policy_attachment: { a: { for_each: { view: arn('ViewOnlyAccess'), extra: p }, role: '${aws_iam_role.ops.name}', policy_arn: '${each.value}' } } }), 'aws_iam_role_policy_attachment.a'],
  ['for_each over a local map, the ARN its key (each.key)', (p) => ({ aws_iam_user_policy_attachment: { a: { for_each: '${local.attached}', user: '${each.value}', policy_arn: '${each.key}' } }, _locals: { attached: { [p]: 'alice' } } }), 'aws_iam_user_policy_attachment.a'],
  ['for_each over a variable default', (p) => ({ aws_iam_group_policy_attachment: { a: { for_each: '${toset(var.arns)}', group: 'admins', policy_arn: '${each.value}' } }, _variables: { arns: [p] } }), 'aws_iam_group_policy_attachment.a'],
];
const build = (form: (p: string) => Record<string, Record<string, unknown>>, p: string) => {
  const resource = form(p);
  const locals = resource._locals as Record<string, unknown> | undefined;
  const variables = resource._variables as Record<string, unknown> | undefined;
  delete resource._locals;
  delete resource._variables;
  return { resource, extra: { locals: { ...locals, role: 'ops' }, variable: Object.fromEntries(Object.entries(variables ?? {}).map(([k, v]) => [k, { default: v }])) } };
};

describe('attachment rules read every attachment form', () => {
  // CKV_AWS_274 (AdministratorAccess) and CKV2_AWS_56 (IAMFullAccess): flagged through every form, a harmless policy through the same form passes.
  test.each(FORMS)('CKV_AWS_274 fails when AdministratorAccess is attached through %s, and passes ReadOnlyAccess', (_, form, address) => {
    const bad = build(form, arn('AdministratorAccess'));
    expect(found('CKV_AWS_274', bad.resource, bad.extra)).toEqual([address]);
    const good = build(form, arn('ReadOnlyAccess'));
    expect(found('CKV_AWS_274', good.resource, good.extra)).toEqual([]);
  });

  test.each(FORMS)('CKV2_AWS_56 fails when IAMFullAccess is attached through %s, and passes IAMReadOnlyAccess', (_, form, address) => {
    const bad = build(form, arn('IAMFullAccess'));
    expect(found('CKV2_AWS_56', bad.resource, bad.extra)).toEqual([address]);
    const good = build(form, arn('IAMReadOnlyAccess'));
    expect(found('CKV2_AWS_56', good.resource, good.extra)).toEqual([]);
  });

  test.each(FORMS)('IAM-POWERUSER fails when PowerUserAccess is attached through %s, and passes ViewOnlyAccess', (_, form, address) => {
    const bad = build(form, arn('PowerUserAccess'));
    expect(found('IAM-POWERUSER', bad.resource, bad.extra)).toEqual([address]);
    const good = build(form, arn('job-function/ViewOnlyAccess'));
    expect(found('IAM-POWERUSER', good.resource, good.extra)).toEqual([]);
  });

  test('AdministratorAccess read through a data "aws_iam_policy" by name is the same case', () => {
    const extra = { data: { aws_iam_policy: { admin: { name: 'AdministratorAccess' }, ro: { name: 'ReadOnlyAccess' } } } };
    expect(found('CKV_AWS_274', { aws_iam_role_policy_attachment: { a: { role: 'ops', policy_arn: '${data.aws_iam_policy.admin.arn}' } } }, extra)).toEqual(['aws_iam_role_policy_attachment.a']);
    expect(found('CKV_AWS_274', { aws_iam_role_policy_attachment: { a: { role: 'ops', policy_arn: '${data.aws_iam_policy.ro.arn}' } } }, extra)).toEqual([]);
  });

  // Node-role rules: the node role named literally, by ARN-less reference or through aws_iam_policy_attachment is the node role.
  test.each([
    ['CIS-5.1.3', arn('AmazonEC2ContainerRegistryPowerUser'), arn('AmazonEC2ContainerRegistryPullOnly')],
    ['BPG-CNI-OFF-NODE-ROLE', arn('AmazonEKS_CNI_Policy'), arn('AmazonEKSWorkerNodePolicy')],
    ['NODE-ROLE-APP-PERMISSIONS', arn('AmazonS3FullAccess'), arn('AmazonEKSWorkerNodePolicy')],
  ])('%s fails when the policy reaches the node role named literally or through aws_iam_policy_attachment', (id, bad, good) => {
    for (const form of [
      (p: string) => ({ aws_iam_role_policy_attachment: { a: { role: 'eks-nodes', policy_arn: p } } }),
      (p: string) => ({ aws_iam_policy_attachment: { a: { name: 'a', roles: ['${aws_iam_role.nodes.name}'], policy_arn: p } } }),
      (p: string) => ({ aws_iam_role_policy_attachments_exclusive: { a: { role_name: 'eks-nodes', policy_arns: [p] } } }),
    ]) {
      expect(found(id, form(bad))).toEqual([Object.keys(form(bad)).map((t) => `${t}.a`)[0]]);
      expect(found(id, form(good))).toEqual([]);
      // The same policy on a role that is not a node role passes.
      const other = JSON.parse(JSON.stringify(form(bad)).replace(/eks-nodes|aws_iam_role\.nodes/g, (m) => (m === 'eks-nodes' ? 'ops' : 'aws_iam_role.ops')));
      expect(found(id, other)).toEqual([]);
    }
  });

  test('the node role defined in another file of the stack is still the node role (a stack is read whole)', () => {
    const role = documentOf({ resource: { aws_iam_role: { nodes: { name: 'eks-nodes', assume_role_policy: trust('ec2.amazonaws.com') } } } }, 'hand', 'iam.tf');
    const attach = (stack: string) => documentOf({ resource: { aws_iam_role_policy_attachment: { push: { role: 'eks-nodes', policy_arn: arn('AmazonEC2ContainerRegistryPowerUser') } } } }, stack, 'attach.tf');
    const ids = (docs: ReturnType<typeof documentOf>[]) => runRules(RULES.filter((r) => r.id === 'CIS-5.1.3'), docs).findings.map((f) => `${f.stack}/${f.address}`);
    expect(ids([role, attach('hand')])).toEqual(['hand/aws_iam_role_policy_attachment.push']);
    // The same attachment in another stack names a role that stack does not define: not the node role.
    expect(ids([role, attach('other')])).toEqual([]);
  });

  test('fails when the policy of an attachment only Terraform knows (for_each over an output, count into a list): POLICY-UNRESOLVED warns; a literal for_each does not', () => {
    const warned = (resource: Record<string, Record<string, unknown>>) => found('POLICY-UNRESOLVED', resource);
    expect(warned({ aws_iam_role_policy_attachment: { a: { for_each: '${toset(module.policies.arns)}', role: 'ops', policy_arn: '${each.value}' } } })).toEqual(['aws_iam_role_policy_attachment.a']);
    expect(warned({ aws_iam_role_policy_attachment: { a: { count: 2, role: 'ops', policy_arn: '${module.policies.arns[count.index]}' } } })).toEqual(['aws_iam_role_policy_attachment.a']);
    expect(warned({ aws_iam_role_policy_attachment: { a: { role: 'ops', policy_arn: '${var.undeclared}' } } })).toEqual(['aws_iam_role_policy_attachment.a']);
    expect(warned({ aws_iam_role_policy_attachment: { a: { for_each: `\${toset(["${arn('ViewOnlyAccess')}"])}`, role: 'ops', policy_arn: '${each.value}' } } })).toEqual([]);
    expect(warned({ aws_iam_role_policy_attachment: { a: { count: 1, role: 'ops', policy_arn: arn('ViewOnlyAccess') } } })).toEqual([]);
  });

  test('IAM-QUOTA-ATTACH counts distinct policies over every attachment form', () => {
    const many = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`p${i}`, { role: 'ops', policy_arn: `arn:aws:iam::123456789012:policy/p${i}` }]));
    expect(found('IAM-QUOTA-ATTACH', { aws_iam_role_policy_attachment: many })).toEqual(['aws_iam_role.ops']);
    const ten = Object.fromEntries(Object.entries(many).slice(0, 10));
    // The same ten attached twice (by reference and through an exclusive attachment) is ten.
    expect(found('IAM-QUOTA-ATTACH', { aws_iam_role_policy_attachment: ten, aws_iam_role_policy_attachments_exclusive: { x: { role_name: '${aws_iam_role.ops.name}', policy_arns: Object.values(ten).map((v) => v.policy_arn) } } })).toEqual([]);
  });

  test('the index resolves a reference, the literal name and the ARN of a role to the same principal', () => {
    const doc = docWith({});
    const ix = attachmentIndex(doc);
    for (const named of ['${aws_iam_role.ops.name}', '${aws_iam_role.ops.id}', '${ aws_iam_role.ops.arn }', 'ops', 'OPS', 'arn:aws:iam::123456789012:role/team/ops']) expect(ix.principal('role', named).key).toBe('aws_iam_role.ops');
    expect(ix.principal('role', 'opsx').key).toBe('aws_iam_role[name=opsx]');
  });
});

describe('inline policy size per role', () => {
  const sized = (n: number) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: Array.from({ length: n }, (_, i) => `arn:aws:s3:::prod-artifacts/tenant-${i}/*`) }] });
  test('fails when inline policies over 10,240 characters name the role by its literal name; small ones pass', () => {
    expect(found('IAM-QUOTA-INLINE', { aws_iam_role_policy: { a: { role: 'ops', policy: sized(200) }, b: { role: '${aws_iam_role.ops.id}', policy: sized(200) } } })).toEqual(['aws_iam_role.ops']);
    expect(found('IAM-QUOTA-INLINE', { aws_iam_role_policy: { a: { role: 'ops', policy: sized(20) }, b: { role: '${aws_iam_role.ops.id}', policy: sized(20) } } })).toEqual([]);
  });
});

describe('linear time over many blocks of one type', () => {
  test('80,000 blocks of one type and a for_each of 20,000 attachments are evaluated in seconds, not minutes', () => {
    const queues: Record<string, unknown> = {};
    for (let i = 0; i < 80_000; i++) queues[`q${i}`] = { name: `q${i}` };
    const arns = Array.from({ length: 20_000 }, (_, i) => `arn:aws:iam::123456789012:policy/p${i}`);
    const start = Date.now();
    runRules(RULES, [documentOf({ resource: { aws_sqs_queue: queues } }, 'hand', 'main.tf')]);
    const found = runRules(RULES.filter((r) => r.id === 'IAM-QUOTA-ATTACH'), [docWith({ aws_iam_role_policy_attachment: { a: { for_each: arns, role: 'ops', policy_arn: '${each.value}' } } })]).findings;
    expect(Date.now() - start).toBeLessThan(15_000);
    // 20,000 distinct policies on one role: the quota rule sees every instance.
    expect(found.map((f) => f.ruleId)).toContain('IAM-QUOTA-ATTACH');
  });
});
