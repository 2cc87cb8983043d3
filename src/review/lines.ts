/**
 * The classified analyses' view of a block: order-free lines (who may assume a role, what a
 * principal may do, rules of a security group, endpoint and resource policies, access entries,
 * cluster endpoint and access settings, instance metadata), so a change is the difference of two
 * line sets. Pure.
 */
import { createHash } from 'crypto';
import { list, one, Policy, readPolicy, Statement, TfBlock, TfDocument } from '../rules/model';
import { attachmentIndex, Grant } from '../rules/normalise/attachments';

/** A policy attribute; one that cannot be analysed reads as a single opaque statement, so changing to it shows. */
export function policyOf(block: TfBlock, attribute: string, doc: TfDocument): Policy | undefined {
  const read = readPolicy(block, attribute, doc);
  if ('policy' in read) return read.policy;
  // The reason quotes the expression shortened; the digest of the whole value makes any edit to it a change.
  if ('unresolved' in read) return { Statement: [{ Effect: 'Allow', Principal: '*', Action: `(not analysable: ${read.unresolved}) [text ${digestOf(block.body?.[attribute])}]` }] };
  return undefined;
}

/** A short digest of a value's JSON text (what an attribute holds, whole). */
const digestOf = (v: unknown): string => createHash('sha256').update(JSON.stringify(v) ?? 'undefined').digest('hex').slice(0, 12);

export const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();
const conditionText = (s: Statement) => (s.Condition === undefined ? '' : ` if ${JSON.stringify(canonicalCondition(s.Condition))}`);
function canonicalCondition(c: Record<string, Record<string, string | string[]>>): Record<string, Record<string, string[]>> {
  const out: Record<string, Record<string, string[]>> = {};
  for (const op of Object.keys(c).sort()) {
    out[op] = {};
    for (const k of Object.keys(c[op] ?? {}).sort()) out[op][k] = sorted(list(c[op][k]).map(String));
  }
  return out;
}
/** Deny statements are kept, prefixed `DENY `: losing one widens. */
const effectOf = (s: Statement) => (s.Effect === 'Deny' ? 'DENY ' : '');
const principalsOf = (p: unknown): string[] =>
  p === '*' ? ['*'] : typeof p === 'object' && p !== null && !Array.isArray(p) ? Object.entries(p).flatMap(([kind, v]) => list(v as string | string[]).map((x) => `${kind}:${x}`)) : list(p as string | string[]).map(String);

/** Who a trust admits: one line per principal and action with its conditions (a set, order-free). */
export function trustLines(p: Policy | undefined): string[] {
  const lines: string[] = [];
  for (const s of p?.Statement ?? []) {
    const principals = s.NotPrincipal !== undefined ? principalsOf(s.NotPrincipal).map((x) => `NOT ${x}`) : principalsOf(s.Principal);
    const actions = s.Action !== undefined ? list(s.Action) : list(s.NotAction).map((a) => `NOT ${a}`);
    for (const principal of principals) for (const action of actions) lines.push(`${effectOf(s)}${principal} ${action}${conditionText(s)}`);
  }
  return sorted(lines);
}

/** What a policy allows (and denies): one line per action and resource with its conditions. */
export function grantLines(p: Policy | undefined): string[] {
  const lines: string[] = [];
  for (const s of p?.Statement ?? []) {
    const actions = s.Action !== undefined ? list(s.Action) : list(s.NotAction).map((a) => `NOT ${a}`);
    const resources = s.Resource !== undefined ? list(s.Resource) : list(s.NotResource).map((r) => `NOT ${r}`);
    const principal = s.Principal !== undefined ? ` for ${JSON.stringify(s.Principal)}` : s.NotPrincipal !== undefined ? ` for all but ${JSON.stringify(s.NotPrincipal)}` : '';
    for (const a of actions.length > 0 ? actions : ['(none)']) for (const r of resources.length > 0 ? resources : ['(none)']) lines.push(`${effectOf(s)}${a} on ${r}${principal}${conditionText(s)}`);
  }
  return sorted(lines);
}

/** A new allow line, or a lost deny line, widens. */
export const policyBroadens = (added: string[], removed: string[]) => added.some((l) => !l.startsWith('DENY ')) || removed.some((l) => l.startsWith('DENY '));

/** The conditions a trust places on claims, as `op key=value` (their loss widens the trust). */
export function trustConstraints(p: Policy | undefined): string[] {
  return sorted((p?.Statement ?? []).filter((s) => s.Effect !== 'Deny').flatMap((s) =>
    Object.entries(s.Condition ?? {}).flatMap(([op, block]) => Object.entries(block ?? {}).flatMap(([k, v]) => list(v).map((x) => `${op} ${k}=${x}`))),
  ));
}

/** What one grant gives, as lines: the policy's statements, or the managed policy's name. */
function grantedLines(g: Grant, doc: TfDocument): string[] {
  switch (g.policy.kind) {
    case 'inline':
      return grantLines(policyOf(g.policy.block, g.policy.attribute, doc));
    case 'customer':
      return grantLines(policyOf(g.policy.block, 'policy', doc));
    case 'managed':
      return [`managed policy ${g.policy.account === 'aws' ? g.policy.name : g.policy.arn}`];
    default:
      return [`policy ${g.policy.expression} (not analysable without a plan)`];
  }
}

/** Every principal (by key) of a document and what reaches it, through any attachment form or inline policy. */
export function principalPermissions(doc: TfDocument): Map<string, { block?: TfBlock; lines: string[] }> {
  const out = new Map<string, { block?: TfBlock; lines: string[] }>();
  for (const g of attachmentIndex(doc).grants) {
    const entry = out.get(g.principal.key) ?? { block: g.principal.block, lines: [] };
    entry.lines.push(...grantedLines(g, doc));
    out.set(g.principal.key, entry);
  }
  for (const e of out.values()) e.lines = sorted(e.lines);
  return out;
}

/** Security group rules per group key (`<stack>/aws_security_group.x`, or the group expression). */
export function sgRuleLines(blocks: Iterable<[string, TfBlock]>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const push = (group: string, line: string) => {
    const lines = out.get(group);
    if (lines === undefined) out.set(group, [line]);
    else lines.push(line);
  };
  for (const [key, b] of blocks) {
    const rule = (dir: string, r: any, group: string) => {
      const proto = String(r.ip_protocol ?? r.protocol);
      const ports = proto === '-1' ? 'all' : `${proto} ${r.from_port}${r.to_port !== r.from_port ? `-${r.to_port}` : ''}`;
      const peers = [r.cidr_ipv4, r.cidr_ipv6, r.referenced_security_group_id, r.prefix_list_id, r.source_security_group_id, ...list(r.cidr_blocks), ...list(r.ipv6_cidr_blocks), ...list(r.security_groups), ...list(r.prefix_list_ids), r.self ? 'self' : undefined].filter((x) => x !== undefined && x !== null && x !== '');
      for (const peer of peers.length > 0 ? peers : ['(anywhere)']) push(group, `${dir} ${ports} ${dir === 'ingress' ? 'from' : 'to'} ${peer}`);
    };
    const groupOf = (ref: unknown) => {
      const m = typeof ref === 'string' ? /^\$\{\s*aws_security_group\.([\w-]+)[.[]/.exec(ref) : null;
      return m !== null ? `${b.stack}/aws_security_group.${m[1]}` : `${b.stack}/${String(ref)}`;
    };
    if (b.type === 'aws_vpc_security_group_ingress_rule') rule('ingress', b.body, groupOf(b.body.security_group_id));
    if (b.type === 'aws_vpc_security_group_egress_rule') rule('egress', b.body, groupOf(b.body.security_group_id));
    if (b.type === 'aws_security_group_rule') rule(b.body.type, b.body, groupOf(b.body.security_group_id));
    if (b.type === 'aws_security_group' || b.type === 'aws_default_security_group') for (const dir of ['ingress', 'egress']) for (const r of list<any>(b.body[dir])) rule(dir, r, key);
  }
  for (const [k, v] of out) out.set(k, sorted(v));
  return out;
}

/** Access entries, their policies, Pod Identity associations and KMS grants, as lines. */
export function accessLines(b: TfBlock): string[] | undefined {
  if (b.type === 'aws_eks_access_entry') return sorted([`entry for ${b.body.principal_arn}`, ...list<string>(b.body.kubernetes_groups).map((g) => `group ${g}`), ...(b.body.user_name ? [`user ${b.body.user_name}`] : [])]);
  if (b.type === 'aws_eks_access_policy_association') {
    const scope = one(b.body.access_scope) ?? {};
    const where = scope.type === 'namespace' ? `namespaces ${sorted(list(scope.namespaces)).join(', ')}` : 'the whole cluster';
    return [`${String(b.body.policy_arn).split('/').pop()} on ${where} for ${b.body.principal_arn}`];
  }
  if (b.type === 'aws_eks_pod_identity_association') return [`${b.body.namespace}/${b.body.service_account} → ${b.body.role_arn}${b.body.target_role_arn ? ` → ${b.body.target_role_arn}` : ''}`];
  if (b.type === 'aws_kms_grant') return sorted(list<string>(b.body.operations).map((o) => `${b.body.grantee_principal} may ${o} with ${b.body.key_id}`));
  return undefined;
}

/**
 * An EKS cluster's exposure: who reaches the public endpoint (absent settings read as AWS's
 * defaults: public, from 0.0.0.0/0), whether the cluster creator is admin and aws-auth is honoured,
 * secrets encryption and audit logs. Lines prefixed `+` are protections: losing one widens.
 */
export function clusterLines(b: TfBlock): string[] {
  const vpc = one(b.body.vpc_config) ?? {};
  const lines: string[] = [];
  if (vpc.endpoint_public_access !== false && vpc.endpoint_public_access !== 'false') {
    const cidrs = list<string>(vpc.public_access_cidrs);
    for (const c of cidrs.length > 0 ? cidrs : ['0.0.0.0/0']) lines.push(`public endpoint reachable from ${c}`);
  }
  const access = one(b.body.access_config) ?? {};
  const mode = String(access.authentication_mode ?? 'CONFIG_MAP');
  if (mode.includes('CONFIG_MAP')) lines.push('aws-auth ConfigMap grants cluster access');
  if (access.bootstrap_cluster_creator_admin_permissions !== false && access.bootstrap_cluster_creator_admin_permissions !== 'false') lines.push('the cluster creator is cluster admin');
  for (const e of list<any>(b.body.encryption_config)) lines.push(`+ secrets encrypted with ${one(e?.provider)?.key_arn} (${sorted(list(e?.resources)).join(', ')})`);
  for (const t of list<string>(b.body.enabled_cluster_log_types)) lines.push(`+ ${t} logs`);
  return sorted(lines);
}
/** A new exposure, or a lost protection, widens. */
export const protectionBroadens = (added: string[], removed: string[]) => added.some((l) => !l.startsWith('+ ')) || removed.some((l) => l.startsWith('+ '));

/** Instance metadata settings of a launch template or instance (absent settings read as EC2's defaults). */
export function imdsOf(b: TfBlock): { v1: boolean; hops: number; enabled: boolean } {
  const m = one(b.body.metadata_options) ?? {};
  return { v1: m.http_tokens !== 'required', hops: Number(m.http_put_response_hop_limit ?? 1), enabled: m.http_endpoint !== 'disabled' };
}
export function imdsLines(b: TfBlock): string[] {
  const i = imdsOf(b);
  return i.enabled ? [`instance metadata reachable${i.v1 ? ' with IMDSv1 (no session token)' : ' with IMDSv2 only'}, hop limit ${i.hops}`] : ['instance metadata disabled'];
}
/** IMDS widens when it is enabled, IMDSv1 is allowed, or the hop limit (how far from the instance, e.g. pods) grows. */
export function imdsBroadens(before: TfBlock | undefined, after: TfBlock | undefined): boolean {
  if (after === undefined) return false;
  const a = imdsOf(after);
  if (before === undefined) return a.enabled && (a.v1 || a.hops > 1);
  const b = imdsOf(before);
  return a.enabled && (!b.enabled || (a.v1 && !b.v1) || a.hops > b.hops);
}
