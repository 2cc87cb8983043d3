/**
 * What makes review complete by construction: the security-relevant resource types, which
 * attributes of each the classified analyses read, which are neutral (and why), the attribute paths
 * that differ between two bodies, the reference targets (locals, variable defaults, data blocks) a
 * block depends on, and renames (delete + create of the same thing under another address). Any
 * difference in a security-relevant block that no analysis read and that is not neutral is an
 * unclassified change. Pure.
 */
import { FILE_CALL, one, policyFromDocumentBlock, TfBlock, TfDocument } from '../rules/model';
import { GRANT_TYPES, INLINE_TYPES } from '../rules/normalise/attachments';
import { baseType, k8sKind, SECURITY_MANIFEST_KINDS } from './kubernetes';

const SECURITY_PATTERNS = [
  /^aws_iam_/, /^aws_kms_/, /^aws_ssoadmin_/, /^aws_identitystore_/, /^aws_eks_/, /^aws_security_group/, /^aws_default_security_group$/,
  /^aws_vpc_security_group_/, /^aws_network_acl/, /^aws_default_network_acl$/, /^aws_vpc_endpoint/, /^aws_launch_template$/,
  /^aws_launch_configuration$/, /^aws_instance$/, /^aws_lambda_permission$/, /^aws_lambda_function_url$/, /^aws_organizations_/, /^aws_ram_/,
  /^aws_s3_(bucket_|account_)?public_access_block$/, /^aws_s3control_/, /^aws_s3_bucket_(acl|ownership_controls)$/, /^aws_s3_bucket$/, /^aws_sqs_queue$/, /^aws_sns_topic$/,
  /^aws_secretsmanager_secret$/, /^aws_ecr_repository$/, /^aws_\w+_(resource_)?policy$/, /^aws_\w+_permissions?$/,
  // Cognito identity pools hand IAM roles to their identities (unauthenticated ones included).
  /^aws_cognito_identity_pool(_roles_attachment)?$/,
  /^kubernetes_(cluster_role|cluster_role_binding|role|role_binding|network_policy|service_account|pod_security_policy|validating_webhook_configuration|mutating_webhook_configuration|namespace)(_v\d+((alpha|beta)\d+)?)?$/,
];
/** Types matched by the patterns above that hold no access (scaling and lifecycle policies). */
const NOT_SECURITY = new Set(['aws_autoscaling_policy', 'aws_appautoscaling_policy', 'aws_dlm_lifecycle_policy', 'aws_ecr_lifecycle_policy', 'aws_s3_bucket_lifecycle_configuration']);

/** Whether a block is of a security-relevant type (a `kubernetes_manifest` by its kind; one whose kind is not literal is), or a module call. */
export function isSecurityRelevant(b: TfBlock): boolean {
  // A module call: review does not evaluate inputs through a module, so any change to one (its source, version or an input) is unclassified.
  if (b.kind === 'module') return true;
  if (b.kind !== 'resource') return false;
  if (b.type === 'kubernetes_manifest') {
    const kind = k8sKind(b)!;
    const m = one(b.body?.manifest) ?? {};
    return SECURITY_MANIFEST_KINDS.has(kind) || kind === '(kind not literal)' || (kind === 'ConfigMap' && m.metadata?.name === 'aws-auth');
  }
  if (/^kubernetes_config_map(_v1)?(_data)?$/.test(b.type)) return one(b.body?.metadata)?.name === 'aws-auth';
  let known = byType.get(b.type);
  if (known === undefined) byType.set(b.type, (known = ACCESS_SETTINGS[b.type] !== undefined || (!NOT_SECURITY.has(b.type) && SECURITY_PATTERNS.some((p) => p.test(b.type)))));
  return known;
}
const byType = new Map<string, boolean>();

/** Attribute paths each classified analysis reads, by type; `*` reads the whole block (adds and removes included). */
const ALL = ['*'];
const READS: Record<string, readonly string[]> = {
  aws_iam_role: ['assume_role_policy', 'inline_policy', 'managed_policy_arns', 'permissions_boundary', 'name', 'name_prefix', 'path'],
  aws_iam_user: ['permissions_boundary'],
  aws_iam_policy: ['policy'],
  ...Object.fromEntries([...GRANT_TYPES, ...INLINE_TYPES].map((t) => [t, ALL])),
  aws_security_group: ['ingress', 'egress'],
  aws_default_security_group: ['ingress', 'egress'],
  aws_vpc_security_group_ingress_rule: ALL,
  aws_vpc_security_group_egress_rule: ALL,
  aws_security_group_rule: ALL,
  aws_vpc_endpoint: ['policy'],
  aws_eks_access_entry: ['principal_arn', 'kubernetes_groups', 'user_name'],
  aws_eks_access_policy_association: ['policy_arn', 'access_scope', 'principal_arn'],
  aws_eks_pod_identity_association: ['namespace', 'service_account', 'role_arn', 'target_role_arn'],
  aws_kms_grant: ['grantee_principal', 'operations', 'key_id'],
  // A cluster's role_arn and an OIDC provider's url are not read: swapping either is reported as unclassified (and as a replacement).
  aws_eks_cluster: ['vpc_config.endpoint_public_access', 'vpc_config.public_access_cidrs', 'access_config', 'encryption_config', 'enabled_cluster_log_types', 'name'],
  aws_launch_template: ['metadata_options'],
  aws_instance: ['metadata_options'],
  aws_launch_configuration: ['metadata_options'],
  aws_kms_key: ['policy', 'customer_master_key_spec', 'key_usage', 'multi_region'],
};
/** Resource policies: their policy attribute is read by the resource-policy analysis. */
export const RESOURCE_POLICIES: Record<string, string> = {
  aws_s3_bucket_policy: 'policy', aws_secretsmanager_secret_policy: 'policy', aws_ecr_repository_policy: 'policy', aws_ecr_registry_policy: 'policy',
  aws_kms_key_policy: 'policy', aws_sqs_queue_policy: 'policy', aws_sns_topic_policy: 'policy', aws_vpc_endpoint_policy: 'policy',
  aws_cloudwatch_log_resource_policy: 'policy_document', aws_kms_key: 'policy', aws_s3_bucket: 'policy', aws_sqs_queue: 'policy', aws_sns_topic: 'policy',
  aws_secretsmanager_secret: 'policy', aws_iam_policy: 'policy',
  // Resource policies written inline in the resource they guard.
  aws_opensearch_domain: 'access_policies', aws_elasticsearch_domain: 'access_policies', aws_s3_access_point: 'policy',
  aws_api_gateway_rest_api: 'policy', aws_glacier_vault: 'access_policy',
};

/**
 * Types that are not about access as a whole but hold one access setting (an inline resource
 * policy, the role they run as): that setting is reviewed (a changed role is unclassified, so it
 * counts as widening), every other attribute of theirs grants nothing.
 */
const ACCESS_SETTINGS: Record<string, readonly string[]> = {
  aws_opensearch_domain: ['access_policies'], aws_elasticsearch_domain: ['access_policies'], aws_s3_access_point: ['policy'],
  aws_api_gateway_rest_api: ['policy'], aws_glacier_vault: ['access_policy'],
  aws_lambda_function: ['role'], aws_ecs_task_definition: ['task_role_arn', 'execution_role_arn'],
  aws_sfn_state_machine: ['role_arn'], aws_codebuild_project: ['service_role'], aws_batch_job_definition: ['container_properties'],
};

/** Attributes whose change grants nothing, with the reason shown in the review. */
const NEUTRAL: Record<string, string> = {
  tags: 'tags grant nothing', tags_all: 'tags grant nothing', description: 'a description grants nothing', timeouts: 'timeouts grant nothing',
  depends_on: 'ordering grants nothing',
  // cdktf writes each block's construct path there; renaming or moving a construct changes it, nothing else.
  '//': 'a "//" property is a comment in Terraform\'s JSON syntax (cdktf\'s construct metadata); Terraform ignores it',
};
/**
 * Labels and annotations of RBAC objects and NetworkPolicies grant nothing (a ClusterRole's
 * aggregation labels are read by the analysis); elsewhere they may (a service account's
 * `eks.amazonaws.com/role-arn`, a namespace's pod-security or selector labels), so they are not neutral there.
 */
const NEUTRAL_K8S_METADATA: Record<string, string> = { 'metadata.labels': 'labels of an RBAC object or NetworkPolicy grant nothing', 'metadata.annotations': 'annotations of an RBAC object or NetworkPolicy grant nothing' };
const NEUTRAL_BY_TYPE: Record<string, Record<string, string>> = {
  aws_eks_cluster: { version: 'a Kubernetes version change grants nothing (CKV_AWS_339 checks support)' },
  aws_eks_node_group: { scaling_config: 'node counts grant nothing', version: 'a Kubernetes version change grants nothing', release_version: 'an AMI release of the node group grants nothing', update_config: 'rollout settings grant nothing', instance_types: 'instance types grant nothing', labels: 'node labels grant nothing' },
  aws_eks_addon: { addon_version: 'an add-on version grants nothing', resolve_conflicts_on_create: 'conflict handling grants nothing', resolve_conflicts_on_update: 'conflict handling grants nothing' },
  aws_launch_template: { instance_type: 'an instance type grants nothing', update_default_version: 'which version is default is reviewed through the template itself' },
  aws_kms_key: { deletion_window_in_days: 'a deletion window grants nothing' },
};

/** How a path is judged: read by an analysis, neutral (with the reason), or neither. */
export function judge(b: TfBlock, path: string, tagsGrant = false): { read: true } | { neutral: string } | { unclassified: true } {
  const reads = readsOf(b);
  // A path inside a read one is read; a block only partly read (vpc_config, when it appears or goes whole) is not.
  if (reads.some((r) => r === '*' || path === r || path.startsWith(`${r}.`))) return { read: true };
  const settings = ACCESS_SETTINGS[b.type];
  if (settings !== undefined && !settings.some((a) => path === a || path.startsWith(`${a}.`))) return { neutral: `not an access setting of ${b.type} (those are ${settings.join(', ')})` };
  // The path or any path it is inside (`tags.team` is inside `tags`).
  const parts = path.split('.');
  const prefixes = parts.map((_, i) => parts.slice(0, i + 1).join('.'));
  const k8s = b.type !== 'kubernetes_manifest' && readsOf(b).includes('role_ref') ? NEUTRAL_K8S_METADATA : {};
  if (tagsGrant && (parts[0] === 'tags' || parts[0] === 'tags_all')) return { unclassified: true };
  const neutral = prefixes.map((p) => NEUTRAL_BY_TYPE[b.type]?.[p] ?? NEUTRAL[p] ?? k8s[p]).find((x) => x !== undefined);
  return neutral !== undefined ? { neutral } : { unclassified: true };
}

/** Attribute paths the analyses read for this block; its adds and removes are judged when any are read. */
export function readsOf(b: TfBlock): readonly string[] {
  if (b.type === 'kubernetes_manifest') return ['ClusterRole', 'Role', 'ClusterRoleBinding', 'RoleBinding', 'NetworkPolicy'].includes(k8sKind(b)!) ? ['manifest'] : [];
  if (k8sKind(b) !== undefined && baseType(b.type) !== 'kubernetes_manifest') return ['metadata.name', 'metadata.namespace', 'subject', 'role_ref', 'rule', 'aggregation_rule', 'spec', ...(k8sKind(b) === 'ClusterRole' ? ['metadata.labels'] : [])];
  const policy = RESOURCE_POLICIES[b.type];
  return [...(READS[b.type] ?? []), ...(policy !== undefined ? [policy] : [])];
}

/** Whether the analyses report a block's addition and removal themselves. */
export const addsAndRemovesRead = (b: TfBlock): boolean => readsOf(b).length > 0 && !ADDS_NOT_READ.has(b.type);
/** Types some attributes of which are read, but whose addition or removal is reported only when an analysis reported on the block. */
const ADDS_NOT_READ = new Set(['aws_iam_user', 'aws_kms_key', 'aws_launch_template', 'aws_instance', 'aws_launch_configuration', 'aws_iam_openid_connect_provider', 'aws_eks_cluster', 'aws_iam_role']);

/** A value with key order, set-like list order and JSON-in-strings formatting removed. */
export function canonical(v: unknown): unknown {
  if (typeof v === 'string' && /^\s*[[{]/.test(v)) {
    try {
      return { json: canonical(JSON.parse(v)) };
    } catch {
      return v;
    }
  }
  if (Array.isArray(v)) return v.map(canonical).map((x) => JSON.stringify(x)).sort().map((x) => JSON.parse(x));
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as any)[k])]));
}
const same = (a: unknown, b: unknown) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
/** A nested block is an object or a one-element list of one. */
const nested = (v: unknown): Record<string, unknown> | undefined => {
  const x = Array.isArray(v) && v.length === 1 ? v[0] : v;
  return x !== null && typeof x === 'object' && !Array.isArray(x) ? (x as Record<string, unknown>) : undefined;
};

/** Dotted paths whose values differ (nested blocks descended into; lists of several blocks compared whole). */
export function changedPaths(a: unknown, b: unknown, prefix = ''): string[] {
  const [na, nb] = [nested(a), nested(b)];
  if (na === undefined || nb === undefined || prefix === '' && (a === undefined || b === undefined)) return same(a, b) ? [] : [prefix];
  const out: string[] = [];
  for (const k of [...new Set([...Object.keys(na), ...Object.keys(nb)])].sort()) {
    if (same(na[k], nb[k])) continue;
    const p = prefix === '' ? k : `${prefix}.${k}`;
    out.push(...(nested(na[k]) !== undefined && nested(nb[k]) !== undefined ? changedPaths(na[k], nb[k], p) : [p]));
  }
  return out;
}

/** A value shortened for a review line. */
export const show = (v: unknown): string => {
  const s = v === undefined ? '(absent)' : typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 160 ? `${s.slice(0, 157)}...` : s;
};
export const at = (v: unknown, path: string): unknown => path.split('.').reduce<unknown>((x, k) => nested(x)?.[k], v);

/** The reference targets of one document, each as its canonical value: `local.x`, `var.x`, `data.<type>.<name>`. */
export class References {
  private readonly data = new Map<string, TfBlock>();
  private readonly closures = new Map<string, Set<string>>();
  private readonly modules = new Map<string, TfBlock>();
  constructor(private readonly doc: TfDocument) {
    for (const b of doc.blocks) if (b.kind === 'data') this.data.set(b.address, b);
    else if (b.kind === 'module') this.modules.set(b.name, b);
  }

  /** The target's value as text ('(absent)' when the document has no such target). */
  value(ref: string): string {
    if (ref.startsWith('file:')) return this.doc.files?.[ref.slice('file:'.length)] ?? '(not read)';
    if (ref.startsWith('module.')) {
      const name = ref.slice('module.'.length);
      const call = this.modules.get(name);
      return call === undefined ? '(absent)' : JSON.stringify(canonical({ call: call.body, content: this.doc.modules?.[name] ?? '(not read)' }));
    }
    const [scope, name, dataName] = ref.split('.');
    if (scope === 'local') return name in this.doc.locals ? JSON.stringify(canonical(this.doc.locals[name])) : '(absent)';
    if (scope === 'var') return name in (this.doc.variables ?? {}) ? JSON.stringify(canonical(this.doc.variables![name])) : '(absent)';
    const d = this.data.get(`data.${name}.${dataName}`);
    return d === undefined ? '(absent)' : JSON.stringify(canonical(d.body));
  }

  /** Whether a target is an `aws_iam_policy_document` read whole (no part only a plan knows): an analysis that reads it sees every change to it. */
  readsWhole(ref: string): boolean {
    const d = ref.startsWith('data.aws_iam_policy_document.') ? this.data.get(ref) : undefined;
    // One with count or for_each is read by index (`t[0].json`), which the policy reader does not resolve: compared as a target.
    if (d === undefined || d.body?.count !== undefined || d.body?.for_each !== undefined) return false;
    const read = policyFromDocumentBlock(d.body, this.doc);
    return 'policy' in read && read.partial === undefined;
  }

  /** Every target a value reaches, directly or through other targets (each target resolved once per document). */
  closure(value: unknown, skipDirect: (ref: string) => boolean = () => false): Set<string> {
    const out = new Set<string>();
    for (const ref of refsIn(value)) {
      if (!skipDirect(ref)) out.add(ref);
      for (const r of this.targetClosure(ref)) out.add(r);
    }
    return out;
  }

  private targetClosure(ref: string): Set<string> {
    const known = this.closures.get(ref);
    if (known !== undefined) return known;
    const out = new Set<string>();
    this.closures.set(ref, out); // cycles end here
    if (ref.startsWith('file:')) return out;
    if (ref.startsWith('module.')) {
      for (const r of refsIn(this.modules.get(ref.slice('module.'.length))?.body)) {
        out.add(r);
        for (const x of this.targetClosure(r)) out.add(x);
      }
      return out;
    }
    const [scope, name, dataName] = ref.split('.');
    const target = scope === 'local' ? this.doc.locals[name] : scope === 'data' ? this.data.get(`data.${name}.${dataName}`)?.body : undefined;
    for (const r of refsIn(target)) {
      out.add(r);
      for (const x of this.targetClosure(r)) out.add(x);
    }
    return out;
  }
}

/** `local.x`, `var.x`, `data.<type>.<name>`, `module.<name>` (its outputs) and `file:<path>` (a file() or templatefile() argument) named inside `${...}` anywhere in a value. */
export function refsIn(v: unknown, out = new Set<string>()): Set<string> {
  if (typeof v === 'string') {
    if (!v.includes('${')) return out;
    for (const m of v.matchAll(/(?<![\w.-])(local|var)\.([\w-]+)|(?<![\w.-])data\.([\w-]+)\.([\w-]+)/g)) out.add(m[1] !== undefined ? `${m[1]}.${m[2]}` : `data.${m[3]}.${m[4]}`);
    for (const m of v.matchAll(FILE_CALL)) out.add(`file:${m[1]}`);
    for (const m of v.matchAll(/(?<![\w.-])module\.([\w-]+)/g)) out.add(`module.${m[1]}`);
  } else if (Array.isArray(v)) for (const x of v) refsIn(x, out);
  else if (v !== null && typeof v === 'object') for (const x of Object.values(v)) refsIn(x, out);
  return out;
}

/**
 * Renames: a base-only and a head-only block of one type in one stack with the same canonical body
 * (or, failing that, the same literal `name`) are one resource under a new address.
 */
export function matchRenames(baseOnly: Array<[string, TfBlock]>, headOnly: Array<[string, TfBlock]>): Map<string, string> {
  const renames = new Map<string, string>(); // head key → base key
  const taken = new Set<string>();
  for (const signature of [(b: TfBlock) => JSON.stringify(canonical(b.body)), (b: TfBlock) => (typeof b.body?.name === 'string' && !b.body.name.includes('${') ? `name=${b.body.name}` : undefined)]) {
    const byBody = new Map<string, string>();
    for (const [key, b] of baseOnly) {
      const sig = signature(b);
      if (sig !== undefined && !taken.has(key)) byBody.set(`${b.stack}\u0000${b.type}\u0000${sig}`, key);
    }
    for (const [key, b] of headOnly) {
      if (renames.has(key)) continue;
      const sig = signature(b);
      const from = sig === undefined ? undefined : byBody.get(`${b.stack}\u0000${b.type}\u0000${sig}`);
      if (from !== undefined && !taken.has(from)) {
        renames.set(key, from);
        taken.add(from);
      }
    }
  }
  return renames;
}

/** Whether any policy of the documents conditions on tags (`aws:ResourceTag/`, `aws:PrincipalTag/`, `ec2:ResourceTag/`, ...): then tags grant access, and a tag change is not neutral. */
export function tagsGrantAccess(docs: Iterable<TfDocument>): boolean {
  const tagKey = /(Resource|Principal|Request)Tag\//i;
  const visit = (v: unknown): boolean =>
    typeof v === 'string' ? tagKey.test(v) : Array.isArray(v) ? v.some(visit) : v !== null && typeof v === 'object' ? Object.entries(v).some(([k, x]) => tagKey.test(k) || visit(x)) : false;
  // A tag key held in a local or variable (`Condition = { StringEquals = { (local.key) = ... } }`) conditions on tags all the same.
  for (const d of docs) if (visit(d.locals) || visit(d.variables ?? {}) || d.blocks.some((b) => visit(b.body))) return true;
  return false;
}
