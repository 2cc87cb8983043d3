/**
 * The Kubernetes objects behind the kubernetes_* resources of a synthesized stack, in the shape the
 * API server receives (what the kubernetes provider sends): provider blocks unwrapped, snake_case
 * fields in camelCase, `rule`/`subject` as `rules`/`subjects`, numeric ports as numbers, and
 * references to other objects' names resolved. Label, annotation and selector maps are copied
 * verbatim (their keys are data).
 */
import { execFileSync } from 'child_process';
import * as path from 'path';

/** Provider resource type → the object's apiVersion and kind. */
const TYPES: Record<string, { apiVersion: string; kind: string }> = {
  kubernetes_namespace_v1: { apiVersion: 'v1', kind: 'Namespace' },
  kubernetes_service_account_v1: { apiVersion: 'v1', kind: 'ServiceAccount' },
  kubernetes_network_policy_v1: { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' },
  kubernetes_role_v1: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role' },
  kubernetes_role_binding_v1: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding' },
  kubernetes_cluster_role_v1: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole' },
  kubernetes_cluster_role_binding_v1: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding' },
};
/** Fields whose keys are data, copied verbatim. */
const MAPS = new Set(['labels', 'annotations', 'match_labels', 'matchLabels', 'data', 'string_data', 'node_selector']);
/** Provider blocks that hold one object in Kubernetes. */
const SINGLE = new Set(['metadata', 'spec', 'role_ref', 'pod_selector', 'namespace_selector', 'ip_block']);
const RENAME: Record<string, string> = { rule: 'rules', subject: 'subjects' };
/** Provider-only arguments (not part of the object). */
const PROVIDER_ONLY = new Set(['//', 'depends_on', 'lifecycle', 'provider', 'count', 'for_each', 'timeouts', 'wait_for_default_secret', 'field_manager', 'force', 'computed_fields', 'wait', 'wait_for']);

export interface K8sObject {
  readonly id: string;
  readonly object: any;
}

/** Every Kubernetes object of a stack; `problems` lists kubernetes_* types this converter does not know. */
export function kubernetesObjects(stack: string, doc: any): { objects: K8sObject[]; problems: string[] } {
  const objects: K8sObject[] = [];
  const problems: string[] = [];
  const names = new Map<string, string>();
  for (const [type, byName] of Object.entries<Record<string, any>>(doc.resource ?? {})) {
    for (const [name, body] of Object.entries(byName)) {
      const meta = Array.isArray(body.metadata) ? body.metadata[0] : body.metadata;
      if (meta?.name !== undefined) names.set(`${type}.${name}`, meta.name);
    }
  }
  const resolve = (v: string): string =>
    v.replace(/\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.metadata(?:\[0\])?\.name\}/g, (whole, t: string, n: string) => names.get(`${t}.${n}`) ?? whole).replace(/\$\{aws_security_group\.[A-Za-z0-9_-]+\.id\}/g, 'sg-0123456789abcdef0');
  for (const [type, byName] of Object.entries<Record<string, any>>(doc.resource ?? {})) {
    if (!type.startsWith('kubernetes_')) continue;
    for (const [name, body] of Object.entries(byName)) {
      const id = `${stack}/${type}.${name}`;
      if (type === 'kubernetes_manifest') {
        objects.push({ id, object: deepResolve(body.manifest, resolve) });
      } else if (type === 'kubernetes_labels') {
        const meta = convert({ metadata: body.metadata }, resolve).metadata;
        objects.push({ id, object: { apiVersion: body.api_version, kind: body.kind, metadata: { ...meta, labels: body.labels } } });
      } else if (TYPES[type] !== undefined) {
        objects.push({ id, object: { ...TYPES[type], ...convert(body, resolve) } });
      } else {
        problems.push(`${id}: no conversion for ${type} (add it to test/terraform/support/kubernetes.ts)`);
      }
    }
  }
  return { objects, problems };
}

function deepResolve(v: any, resolve: (s: string) => string): any {
  if (typeof v === 'string') return resolve(v);
  if (Array.isArray(v)) return v.map((x) => deepResolve(x, resolve));
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, deepResolve(x, resolve)]));
  return v;
}

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function convert(v: any, resolve: (s: string) => string, key = ''): any {
  if (typeof v === 'string') return key === 'port' && /^\d+$/.test(v) ? Number(v) : resolve(v);
  if (Array.isArray(v)) return v.map((x) => convert(x, resolve, key));
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (PROVIDER_ONLY.has(k)) continue;
    const name = RENAME[k] ?? camel(k);
    if (MAPS.has(k)) out[name] = deepResolve(x, resolve);
    else {
      const converted = convert(x, resolve, k);
      out[name] = SINGLE.has(k) && Array.isArray(converted) ? converted[0] : converted;
    }
  }
  return out;
}

/** snake_case keys left outside data maps: a field the converter (or the stack) got wrong. */
export function snakeKeys(v: any, at = ''): string[] {
  if (Array.isArray(v)) return v.flatMap((x, i) => snakeKeys(x, `${at}[${i}]`));
  if (v === null || typeof v !== 'object') return [];
  return Object.entries(v).flatMap(([k, x]) => (MAPS.has(k) ? [] : [...(k.includes('_') ? [`${at}.${k}`] : []), ...snakeKeys(x, `${at}.${k}`)]));
}

/** Validate built-in objects against the upstream OpenAPI (kubernetes-models, in a child node process). */
export function validateBuiltIn(objects: K8sObject[]): Array<{ id: string; errors: string[] }> {
  const script = path.join(__dirname, 'k8s-validate.mjs');
  const out = execFileSync(process.execPath, [script], { input: JSON.stringify(objects), encoding: 'utf8', cwd: path.join(__dirname, '..', '..', '..'), maxBuffer: 256 * 1024 * 1024 });
  return JSON.parse(out);
}
