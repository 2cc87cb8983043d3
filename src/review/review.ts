/**
 * `eksguard review`: the security diff of two synthesized outputs, for a pull request. Who can
 * assume each role, what each role may do, security group rules, endpoint policies, access entries,
 * and deletions or replacements of sensitive resources, before and after. Everything is compared
 * as sets keyed by Terraform address, so reordering changes nothing. Pure apart from the caller's
 * loading: no cdktf imports.
 */
import { list, one, Policy, readPolicy, refName, Statement, TfBlock, TfDocument } from '../rules/model';

export type Category = 'trust' | 'permissions' | 'security-groups' | 'endpoints' | 'access' | 'lifecycle';

export interface Change {
  readonly category: Category;
  /** `<stack>/<address>` of the resource the change is about. */
  readonly resource: string;
  readonly kind: 'added' | 'removed' | 'changed';
  /** Whether access widens: someone or something new is admitted. */
  readonly broadening: boolean;
  readonly detail: string;
}

export interface Review {
  readonly changes: Change[];
  readonly broadening: number;
}

interface Index {
  readonly byKey: Map<string, TfBlock>;
  readonly docs: Map<string, TfDocument>;
}

function index(docs: readonly TfDocument[]): Index {
  const byKey = new Map<string, TfBlock>();
  const byStack = new Map<string, TfDocument>();
  for (const d of docs) {
    byStack.set(d.stack, d);
    for (const b of d.blocks) byKey.set(`${d.stack}/${b.address}`, b);
  }
  return { byKey, docs: byStack };
}

/** A policy attribute; one that cannot be analysed reads as a single opaque statement, so changing to it shows. */
const policyOf = (ix: Index, key: string, attribute: string): Policy | undefined => {
  const block = ix.byKey.get(key)!;
  const read = readPolicy(block, attribute, ix.docs.get(block.stack)!);
  if ('policy' in read) return read.policy;
  if ('unresolved' in read) return { Statement: [{ Effect: 'Allow', Principal: '*', Action: `(not analysable: ${read.unresolved})` }] };
  return undefined;
};

const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();
const conditionText = (s: Statement) => (s.Condition === undefined ? '' : ` if ${JSON.stringify(canonical(s.Condition))}`);
function canonical(c: Record<string, Record<string, string | string[]>>): Record<string, Record<string, string[]>> {
  const out: Record<string, Record<string, string[]>> = {};
  for (const op of Object.keys(c).sort()) {
    out[op] = {};
    for (const k of Object.keys(c[op]).sort()) out[op][k] = sorted(list(c[op][k]));
  }
  return out;
}

/** Who a trust admits: one line per principal and action with its conditions (a set, order-free). */
export function trustLines(p: Policy | undefined): string[] {
  const lines: string[] = [];
  for (const s of p?.Statement ?? []) {
    if (s.Effect === 'Deny') continue;
    const principals = s.Principal === '*' ? ['*'] : typeof s.Principal === 'object' && s.Principal !== null ? Object.entries(s.Principal).flatMap(([kind, v]) => list(v as string | string[]).map((x) => `${kind}:${x}`)) : [String(s.Principal)];
    const actions = s.Action !== undefined ? list(s.Action) : list(s.NotAction).map((a) => `NOT ${a}`);
    for (const principal of principals) for (const action of actions) lines.push(`${principal} ${action}${conditionText(s)}`);
  }
  return sorted(lines);
}

/** What a policy allows: one line per action and resource with its conditions. */
export function grantLines(p: Policy | undefined): string[] {
  const lines: string[] = [];
  for (const s of p?.Statement ?? []) {
    if (s.Effect === 'Deny') continue;
    const actions = s.Action !== undefined ? list(s.Action) : list(s.NotAction).map((a) => `NOT ${a}`);
    const resources = s.Resource !== undefined ? list(s.Resource) : list(s.NotResource).map((r) => `NOT ${r}`);
    const principal = s.Principal === undefined ? '' : ` for ${JSON.stringify(s.Principal)}`;
    for (const a of actions) for (const r of resources.length > 0 ? resources : ['(none)']) lines.push(`${a} on ${r}${principal}${conditionText(s)}`);
  }
  return sorted(lines);
}

/** The conditions a trust places on web-identity claims, as `op key=value` (their loss widens the trust). */
function trustConstraints(p: Policy | undefined): string[] {
  return sorted((p?.Statement ?? []).filter((s) => s.Effect !== 'Deny').flatMap((s) =>
    Object.entries(s.Condition ?? {}).flatMap(([op, block]) => Object.entries(block).flatMap(([k, v]) => list(v).map((x) => `${op} ${k}=${x}`))),
  ));
}

/** Every policy document that grants a role something: inline policies and attached customer policies, plus AWS-managed names. */
function rolePermissions(ix: Index, roleKey: string): string[] {
  const role = ix.byKey.get(roleKey)!;
  const stackBlocks = ix.docs.get(role.stack)!.blocks;
  const lines: string[] = [];
  for (const b of stackBlocks) {
    if (b.type === 'aws_iam_role_policy' && refName(b.body.role, 'aws_iam_role') === role.name) lines.push(...grantLines(policyOf(ix, `${b.stack}/${b.address}`, 'policy')));
    if (b.type === 'aws_iam_role_policy_attachment' && refName(b.body.role, 'aws_iam_role') === role.name) {
      const policy = refName(b.body.policy_arn, 'aws_iam_policy');
      if (policy !== undefined && ix.byKey.has(`${b.stack}/aws_iam_policy.${policy}`)) lines.push(...grantLines(policyOf(ix, `${b.stack}/aws_iam_policy.${policy}`, 'policy')));
      else lines.push(`managed policy ${b.body.policy_arn}`);
    }
  }
  return sorted(lines);
}

function sgRuleLines(ix: Index): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const push = (group: string, line: string) => out.set(group, [...(out.get(group) ?? []), line]);
  for (const [key, b] of ix.byKey) {
    const rule = (dir: string, r: any, group: string) => {
      const proto = String(r.ip_protocol ?? r.protocol);
      const ports = proto === '-1' ? 'all' : `${proto} ${r.from_port}${r.to_port !== r.from_port ? `-${r.to_port}` : ''}`;
      const peers = [r.cidr_ipv4, r.cidr_ipv6, r.referenced_security_group_id, r.prefix_list_id, r.source_security_group_id, ...list(r.cidr_blocks), ...list(r.ipv6_cidr_blocks), ...list(r.security_groups), ...list(r.prefix_list_ids), r.self ? 'self' : undefined].filter((x) => x !== undefined && x !== null && x !== '');
      for (const peer of peers.length > 0 ? peers : ['(anywhere)']) push(group, `${dir} ${ports} ${dir === 'ingress' ? 'from' : 'to'} ${peer}`);
    };
    const groupOf = (ref: unknown) => {
      const name = refName(ref, 'aws_security_group');
      return name !== undefined ? `${b.stack}/aws_security_group.${name}` : String(ref);
    };
    if (b.type === 'aws_vpc_security_group_ingress_rule') rule('ingress', b.body, groupOf(b.body.security_group_id));
    if (b.type === 'aws_vpc_security_group_egress_rule') rule('egress', b.body, groupOf(b.body.security_group_id));
    if (b.type === 'aws_security_group_rule') rule(b.body.type, b.body, groupOf(b.body.security_group_id));
    if (b.type === 'aws_security_group') for (const dir of ['ingress', 'egress']) for (const r of list<any>(b.body[dir])) rule(dir, r, key);
  }
  for (const [k, v] of out) out.set(k, sorted(v));
  return out;
}

function accessLines(ix: Index): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [key, b] of ix.byKey) {
    if (b.type === 'aws_eks_access_entry') {
      out.set(key, sorted([`entry for ${b.body.principal_arn}`, ...list<string>(b.body.kubernetes_groups).map((g) => `group ${g}`), ...(b.body.user_name ? [`user ${b.body.user_name}`] : [])]));
    }
    if (b.type === 'aws_eks_access_policy_association') {
      const scope = one(b.body.access_scope) ?? {};
      const where = scope.type === 'namespace' ? `namespaces ${sorted(list(scope.namespaces)).join(', ')}` : 'the whole cluster';
      out.set(key, [`${String(b.body.policy_arn).split('/').pop()} on ${where}`]);
    }
    if (b.type === 'aws_eks_pod_identity_association') out.set(key, [`${b.body.namespace}/${b.body.service_account} → ${b.body.role_arn}${b.body.target_role_arn ? ` → ${b.body.target_role_arn}` : ''}`]);
    if (b.type === 'aws_kms_grant') out.set(key, sorted(list<string>(b.body.operations).map((o) => `${b.body.grantee_principal} may ${o} with ${b.body.key_id}`)));
  }
  return out;
}

/** Resource policies of buckets, secrets and repositories (another account's side of an access). */
const RESOURCE_POLICIES = ['aws_s3_bucket_policy', 'aws_secretsmanager_secret_policy', 'aws_ecr_repository_policy', 'aws_kms_key_policy'];

/** Attributes whose change makes Terraform replace (destroy and create) a sensitive resource. */
const REPLACED_BY: Record<string, string[]> = {
  aws_kms_key: ['customer_master_key_spec', 'key_usage', 'multi_region'],
  aws_iam_openid_connect_provider: ['url'],
  aws_eks_cluster: ['name', 'role_arn', 'encryption_config'],
  aws_iam_role: ['name', 'path', 'name_prefix'],
};

function diffSets(category: Category, resource: string, before: string[], after: string[], broadens: (added: string[], removed: string[]) => boolean, changes: Change[]): void {
  const added = after.filter((x) => !before.includes(x));
  const removed = before.filter((x) => !after.includes(x));
  if (added.length === 0 && removed.length === 0) return;
  const detail = [...added.map((x) => `+ ${x}`), ...removed.map((x) => `- ${x}`)].join('\n');
  changes.push({ category, resource, kind: 'changed', broadening: broadens(added, removed), detail });
}

/** The security review of head against base. */
export function review(baseDocs: readonly TfDocument[], headDocs: readonly TfDocument[]): Review {
  const base = index(baseDocs);
  const head = index(headDocs);
  const changes: Change[] = [];
  const keysOf = (ix: Index, type: string) => [...ix.byKey.entries()].filter(([, b]) => b.type === type).map(([k]) => k);

  // Roles: who may assume them, and what they may do.
  for (const key of sorted([...keysOf(base, 'aws_iam_role'), ...keysOf(head, 'aws_iam_role')])) {
    const inBase = base.byKey.has(key);
    const inHead = head.byKey.has(key);
    if (!inBase) {
      changes.push({ category: 'trust', resource: key, kind: 'added', broadening: true, detail: `new role, assumable by:\n${trustLines(policyOf(head, key, 'assume_role_policy')).join('\n')}` });
      const perms = rolePermissions(head, key);
      if (perms.length > 0) changes.push({ category: 'permissions', resource: key, kind: 'added', broadening: true, detail: perms.map((x) => `+ ${x}`).join('\n') });
      continue;
    }
    if (!inHead) continue; // reported under lifecycle
    const [bt, ht] = [policyOf(base, key, 'assume_role_policy'), policyOf(head, key, 'assume_role_policy')];
    const lost = trustConstraints(bt).filter((c) => !trustConstraints(ht).includes(c));
    diffSets('trust', key, trustLines(bt), trustLines(ht), (added) => added.length > 0 || lost.length > 0, changes);
    if (lost.length > 0 && !changes.some((c) => c.resource === key && c.category === 'trust')) {
      changes.push({ category: 'trust', resource: key, kind: 'changed', broadening: true, detail: lost.map((c) => `- condition ${c}`).join('\n') });
    }
    diffSets('permissions', key, rolePermissions(base, key), rolePermissions(head, key), (added) => added.length > 0, changes);
  }

  // Security group rules, per group.
  const [bs, hs] = [sgRuleLines(base), sgRuleLines(head)];
  for (const group of sorted([...bs.keys(), ...hs.keys()])) diffSets('security-groups', group, bs.get(group) ?? [], hs.get(group) ?? [], (added) => added.length > 0, changes);

  // Endpoint policies (a removed policy lets everything through: broadening).
  for (const key of sorted([...keysOf(base, 'aws_vpc_endpoint'), ...keysOf(head, 'aws_vpc_endpoint')])) {
    if (!base.byKey.has(key) || !head.byKey.has(key)) continue;
    const [bp, hp] = [policyOf(base, key, 'policy'), policyOf(head, key, 'policy')];
    const before = bp === undefined ? ['(no policy: everything)'] : grantLines(bp);
    const after = hp === undefined ? ['(no policy: everything)'] : grantLines(hp);
    diffSets('endpoints', key, before, after, (added) => added.length > 0, changes);
  }

  // Resource policies (who else may reach a bucket, secret, repository or key).
  for (const type of RESOURCE_POLICIES) {
    for (const key of sorted([...keysOf(base, type), ...keysOf(head, type)])) {
      const before = base.byKey.has(key) ? grantLines(policyOf(base, key, 'policy')) : [];
      const after = head.byKey.has(key) ? grantLines(policyOf(head, key, 'policy')) : [];
      diffSets('access', key, before, after, (added) => added.length > 0, changes);
    }
  }

  // Access entries, their policies, Pod Identity associations, KMS grants.
  const [ba, ha] = [accessLines(base), accessLines(head)];
  for (const key of sorted([...ba.keys(), ...ha.keys()])) {
    if (!ba.has(key)) changes.push({ category: 'access', resource: key, kind: 'added', broadening: true, detail: (ha.get(key) ?? []).map((x) => `+ ${x}`).join('\n') });
    else if (!ha.has(key)) changes.push({ category: 'access', resource: key, kind: 'removed', broadening: false, detail: (ba.get(key) ?? []).map((x) => `- ${x}`).join('\n') });
    else diffSets('access', key, ba.get(key)!, ha.get(key)!, (added) => added.length > 0, changes);
  }

  // Deletions and replacements of sensitive resources.
  for (const type of Object.keys(REPLACED_BY)) {
    for (const key of keysOf(base, type)) {
      const after = head.byKey.get(key);
      if (after === undefined) {
        changes.push({ category: 'lifecycle', resource: key, kind: 'removed', broadening: false, detail: `${type} is deleted` });
        continue;
      }
      const before = base.byKey.get(key)!;
      const moved = REPLACED_BY[type].filter((a) => JSON.stringify(before.body[a]) !== JSON.stringify(after.body[a]));
      if (moved.length > 0) changes.push({ category: 'lifecycle', resource: key, kind: 'changed', broadening: false, detail: `${type} is replaced (destroyed and created): ${moved.join(', ')} changed` });
    }
  }
  return { changes, broadening: changes.filter((c) => c.broadening).length };
}

const TITLES: Record<Category, string> = {
  trust: 'Who can assume each role',
  permissions: 'What each role may do',
  'security-groups': 'Security group rules',
  endpoints: 'VPC endpoint policies',
  access: 'Access entries, access policies, Pod Identity, KMS grants and resource policies',
  lifecycle: 'Deletions and replacements of sensitive resources',
};

/** Markdown for a pull-request comment. */
export function reviewMarkdown(r: Review): string {
  const out = ['### eksguard security review', ''];
  if (r.changes.length === 0) return `${[...out, 'No security-relevant changes.'].join('\n')}\n`;
  out.push(r.broadening > 0 ? `**${r.broadening} change(s) widen access.** Review them before applying.` : 'No change widens access.', '');
  for (const category of Object.keys(TITLES) as Category[]) {
    const cs = r.changes.filter((c) => c.category === category);
    if (cs.length === 0) continue;
    out.push(`#### ${TITLES[category]}`, '');
    for (const c of cs) {
      out.push(`- ${c.broadening ? '⚠️ **widens**' : c.kind === 'removed' ? '🗑️' : '•'} \`${c.resource}\` (${c.kind})`, '', '  ```diff', ...readable(c.detail).split('\n').map((l) => `  ${l}`), '  ```', '');
    }
  }
  return `${out.join('\n')}\n`;
}

/** Cross-stack references shortened for reading: `<production-cluster output aws_iam_openid_connect_provider...>`. */
function readable(text: string): string {
  return text.replace(/\$\{data\.terraform_remote_state\.cross-stack-reference-input-([\w-]+)\.outputs\.cross-stack-output-([\w-]+)\}/g, '<$1 output $2>');
}
