/**
 * Which namespaces the platform stack writes into, and how far eksguard's baseline reaches in each.
 * Pure: no cdktf imports, so validation reports what the stacks will do.
 */

export type PodSecurityLevel = 'restricted' | 'baseline' | 'privileged';

/**
 * What eksguard's baseline (default-deny network policies, enforced Pod Security) covers in a
 * namespace: every pod (`namespace`), or only eksguard's workloads (`workloads`: the network
 * policies select their pods, Pod Security is audited and warned, not enforced).
 */
export const NAMESPACE_SCOPES = ['workloads', 'namespace'] as const;
export type NamespaceScope = (typeof NAMESPACE_SCOPES)[number];

export interface NamespacePlan {
  readonly name: string;
  readonly podSecurity: PodSecurityLevel;
  /** The namespace exists already (`default`, or marked `existing`): labelled, never created. */
  readonly existing: boolean;
  /** Always `namespace` for a namespace eksguard creates. */
  readonly scope: NamespaceScope;
  /** eksguard's workloads in it, sorted (their pods carry app.kubernetes.io/name=<name>). */
  readonly workloads: readonly string[];
}

/** What of a cluster names namespaces (a validated cluster config has these fields). */
export interface NamespaceSources {
  readonly workloads: ReadonlyArray<{ readonly namespace: string; readonly name: string }>;
  readonly rbac: { readonly groups: Readonly<Record<string, { readonly namespaces: readonly string[] }>> };
  readonly namespaces: Readonly<Record<string, { readonly podSecurity?: PodSecurityLevel; readonly existing?: boolean; readonly scope?: NamespaceScope }>>;
}

/** Namespaces every cluster has and eksguard never creates. */
const BUILT_IN_NAMESPACES = ['default'];

/** `kube-*`: Kubernetes' own namespaces (the prefix is reserved), never labelled or given policies. */
export function isSystemNamespace(name: string): boolean {
  return name.startsWith('kube-');
}

/**
 * Every namespace the platform stack labels or creates: those of workloads, of RBAC groups and those
 * listed under `namespaces`, except Kubernetes' own (`kube-*`, where RBAC still goes).
 */
export function platformNamespaces(cluster: NamespaceSources): NamespacePlan[] {
  const names = new Set([...cluster.workloads.map((w) => w.namespace), ...Object.values(cluster.rbac.groups).flatMap((g) => g.namespaces), ...Object.keys(cluster.namespaces)]);
  return [...names].filter((n) => !isSystemNamespace(n)).sort().map((name) => {
    const own = cluster.namespaces[name];
    const existing = (own?.existing ?? false) || BUILT_IN_NAMESPACES.includes(name);
    return {
      name,
      podSecurity: own?.podSecurity ?? 'restricted',
      existing,
      scope: existing ? (own?.scope ?? 'workloads') : 'namespace',
      workloads: [...new Set(cluster.workloads.filter((w) => w.namespace === name).map((w) => w.name))].sort(),
    };
  });
}
