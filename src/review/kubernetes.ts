/**
 * Kubernetes RBAC and NetworkPolicies for review, whether written as `kubernetes_*` resources
 * (`_v1` or not) or as `kubernetes_manifest`: both are read into the Kubernetes object's own shape,
 * then into order-free lines (who is bound to what, what a role allows, which pods a policy isolates
 * and what it lets through). Pure.
 */
import { list, one, TfBlock } from '../rules/model';

export type K8sKind = 'ClusterRole' | 'Role' | 'ClusterRoleBinding' | 'RoleBinding' | 'NetworkPolicy';

const RESOURCE_KIND: Record<string, K8sKind> = {
  kubernetes_cluster_role: 'ClusterRole',
  kubernetes_role: 'Role',
  kubernetes_cluster_role_binding: 'ClusterRoleBinding',
  kubernetes_role_binding: 'RoleBinding',
  kubernetes_network_policy: 'NetworkPolicy',
};

/** Kinds of `kubernetes_manifest` that review treats as security-relevant (a kind it cannot read is too). */
export const SECURITY_MANIFEST_KINDS = new Set([
  'ClusterRole', 'Role', 'ClusterRoleBinding', 'RoleBinding', 'NetworkPolicy', 'ServiceAccount', 'Namespace',
  'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding',
  'PodSecurityPolicy', 'CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy', 'AuthorizationPolicy', 'PeerAuthentication', 'SecurityGroupPolicy',
]);

/** The resource type without its `_v1`/`_v1beta1` suffix. */
export const baseType = (type: string) => type.replace(/_v\d+(?:(?:alpha|beta)\d+)?$/, '');

/** The kind a block stands for: from the resource type, or the manifest's literal `kind`. */
export function k8sKind(b: TfBlock): string | undefined {
  const fromType = RESOURCE_KIND[baseType(b.type)];
  if (fromType !== undefined) return fromType;
  if (b.type === 'kubernetes_manifest') {
    const kind = one(b.body?.manifest)?.kind;
    return typeof kind === 'string' ? kind : '(kind not literal)';
  }
  return undefined;
}

/** snake_case provider attributes → the object's camelCase fields; nested blocks (one-element lists) unwrapped where Kubernetes has an object. */
const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const SINGLE = new Set(['metadata', 'roleRef', 'spec', 'podSelector', 'namespaceSelector', 'ipBlock', 'aggregationRule']);
function asObject(v: unknown): any {
  if (Array.isArray(v)) return v.map(asObject);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    const key = camel(k);
    const mapped = asObject(x);
    out[key] = SINGLE.has(key) && Array.isArray(mapped) ? mapped[0] : mapped;
  }
  return out;
}

/** The Kubernetes object of a block (provider resources renamed to the object's fields: `subject` → `subjects`, `rule` → `rules`, `from` stays). */
function objectOf(b: TfBlock): any {
  if (b.type === 'kubernetes_manifest') return one(b.body?.manifest) ?? {};
  const o = asObject(b.body ?? {});
  return { ...o, subjects: o.subject, rules: o.rule };
}

const canon = (v: unknown): string => JSON.stringify(sortDeep(v ?? {}));
function sortDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortDeep).map((x) => JSON.stringify(x)).sort().map((x) => JSON.parse(x));
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortDeep((v as any)[k])]));
}
const sortedJoin = (v: unknown) => [...new Set(list<string>(v as any).map(String))].sort().join(',');

/** Order-free lines of a Kubernetes RBAC object or NetworkPolicy; undefined for kinds review does not read. */
export function k8sLines(b: TfBlock): string[] | undefined {
  const kind = k8sKind(b);
  if (kind === undefined || !['ClusterRoleBinding', 'RoleBinding', 'ClusterRole', 'Role', 'NetworkPolicy'].includes(kind)) return undefined;
  const o = objectOf(b);
  const ns = o.metadata?.namespace ?? (kind === 'ClusterRole' || kind === 'ClusterRoleBinding' ? '' : 'default');
  const where = ns === '' ? 'cluster-wide' : `in namespace ${ns}`;
  switch (kind) {
    case 'ClusterRoleBinding':
    case 'RoleBinding': {
      const ref = one(o.roleRef) ?? {};
      return list<any>(o.subjects).map((s) => `${ref.kind}/${ref.name} ${where} → ${s?.kind} ${s?.namespace ? `${s.namespace}/` : ''}${s?.name}`).sort();
    }
    case 'ClusterRole':
    case 'Role': {
      const lines = list<any>(o.rules).map((r) => `${where}: ${sortedJoin(r?.verbs)} on ${r?.nonResourceUrls ?? r?.nonResourceURLs ? `URLs ${sortedJoin(r.nonResourceUrls ?? r.nonResourceURLs)}` : `${sortedJoin(r?.apiGroups) || '(core)'}/${sortedJoin(r?.resources)}${r?.resourceNames ? ` named ${sortedJoin(r.resourceNames)}` : ''}`}`);
      // A label aggregate-to-<role> folds this role into that one (admin, edit, view): a grant too.
      for (const [k, v] of Object.entries(o.metadata?.labels ?? {})) if (k.startsWith('rbac.authorization.k8s.io/aggregate-to-') && String(v) === 'true') lines.push(`${where}: aggregated into ${k.slice('rbac.authorization.k8s.io/aggregate-to-'.length)}`);
      const agg = one(o.aggregationRule);
      if (agg !== undefined) lines.push(`${where}: aggregates roles matching ${canon(agg.clusterRoleSelectors)}`);
      return [...new Set(lines)].sort();
    }
    case 'NetworkPolicy': {
      const spec = one(o.spec) ?? {};
      const selects = `${where}: selects pods ${canon(one(spec.podSelector))}`;
      const types = list<string>(spec.policyTypes).length > 0 ? list<string>(spec.policyTypes) : ['Ingress', ...(spec.egress !== undefined ? ['Egress'] : [])];
      const lines = [selects, ...types.map((t) => `${where}: isolates ${t} of the selected pods`)];
      for (const [dir, peersKey] of [['ingress', 'from'], ['egress', 'to']] as const) {
        for (const r of list<any>(spec[dir])) {
          const peers = list<any>(r?.[peersKey]);
          const ports = list<any>(r?.ports).length > 0 ? canon(r.ports) : 'every port';
          for (const p of peers.length > 0 ? peers : ['(anywhere)']) lines.push(`${where}: allows ${dir} ${peersKey} ${typeof p === 'string' ? p : canon(p)} on ${ports}`);
        }
      }
      return [...new Set(lines)].sort();
    }
    default:
      return undefined;
  }
}

/** Whether a change of these lines admits more: a new binding, rule or allowed peer, or pods no longer isolated. */
export function k8sBroadens(added: string[], removed: string[]): boolean {
  return added.some((l) => !/: (selects|isolates) /.test(l)) || removed.some((l) => /: (selects|isolates) /.test(l));
}
