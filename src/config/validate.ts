/**
 * Validation: zod for shape, then the checks that span fields. Every problem is collected;
 * nothing throws here (the CLI throws once at the edge).
 */
import type { z } from 'zod';
import { cidrsOverlap, LINK_LOCAL_CIDR } from './cidr';
import { formatPath, Problem, Warning } from './problems';
import { ClusterConfig, CONTROL_PLANE_LOG_TYPES, CSI_DRIVER_CHART_NEEDS_130, PlatformConfig, platformSchema } from './schema';
import { normaliseIssuer, parseArn, partitionOf } from '../aws/arn';
import { isSystemNamespace, platformNamespaces } from '../kubernetes/namespace-plan';
import { directAwsServices } from '../kubernetes/objects';
import { permissiveBoundaryNote } from '../policy/cluster';
import { accessEntryKey, shardOf, workloadsStackName } from '../naming';
import { tokenMarkerProblems } from './data';
import { crossStackNumberTokenText, numberTokenText } from '../terraform/escape';
import { addressCount, checkIpv4Cidr } from './cidr';
import { duplicateProblems } from './duplicates';
import { awsNameProblems } from './aws-names';
import { SERVICE_FAMILIES } from '../policy/services';
import { accountStackProblems, workloadServiceChecks } from './service-checks';

export interface ValidationResult {
  /** Present when there are no problems. */
  readonly config?: PlatformConfig;
  readonly problems: Problem[];
  /** Relaxations and cross-account notes, reported on every synth. */
  readonly warnings: Warning[];
}

/** Fields that changed shape, where they lived: the old name gets a line with the new shape, not just "not a known field". */
const REPLACED_FIELDS: ReadonlyArray<{ readonly key: string; readonly at: (path: ReadonlyArray<PropertyKey>) => boolean; readonly says: (old: unknown) => { message: string; fix: string } }> = [
  {
    key: 'permissionsBoundaryArn',
    // iam, or clusters[i].workloads[j]
    at: (p) => (p.length === 1 && p[0] === 'iam') || (p.length === 4 && p[0] === 'clusters' && p[2] === 'workloads'),
    says: (old) => ({
      message: 'was replaced by permissionsBoundary: { arn, reason }, since replacing eksguard\'s boundary is a relaxation that needs a reason',
      fix: `Write permissionsBoundary: { arn: ${typeof old === 'string' ? old : '<policy ARN>'}, reason: "why eksguard's boundary is replaced" }`,
    }),
  },
];

function fromZodIssue(issue: z.core.$ZodIssue): Problem[] {
  const path = formatPath(issue.path);
  const raw = (issue as { input?: unknown }).input;
  // A failed discriminated union reports the object; show the discriminator's value instead.
  const discriminator = (issue as { discriminator?: string }).discriminator;
  const input = discriminator !== undefined && raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>)[discriminator] : raw;
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => {
      const old = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>)[key] : undefined;
      const replaced = REPLACED_FIELDS.find((r) => r.key === key && r.at(issue.path))?.says(old);
      if (replaced !== undefined) return { path: formatPath([...issue.path, key]), value: old, ...replaced };
      return { path: formatPath([...issue.path, key]), message: 'is not a known field', fix: 'Remove it or fix its spelling (`npm run eksguard -- schema` prints every field)' };
    });
  }
  const [message, fix] = issue.message.includes('|') ? issue.message.split('|', 2) : [undefined, undefined];
  if (message !== undefined && fix !== undefined) return [{ path, message, value: input, fix }];
  if (issue.code === 'invalid_type') {
    if (input === undefined) return [{ path, message: 'is required', fix: `Add ${path} (a ${issue.expected})` }];
    return [{ path, message: `must be a ${issue.expected}`, value: input, fix: `Write a ${issue.expected} value` }];
  }
  if (issue.code === 'invalid_key') {
    // A record key that fails its schema: report the key's own messages, at the key's path.
    const inner = (issue as { issues?: z.core.$ZodIssue[] }).issues ?? [];
    const own = inner.flatMap((sub) => fromZodIssue({ ...sub, path: issue.path, input: raw } as z.core.$ZodIssue));
    if (own.length > 0) return own.map((p) => ({ ...p, message: `is not an allowed key: ${p.message}` }));
  }
  if (issue.code === 'invalid_union') {
    // Report the branch that got furthest: its issues name the real field.
    const branches = issue.errors.filter((b) => b.length > 0);
    if (branches.length > 0) {
      const best = branches.reduce((a, b) => (a.length <= b.length ? a : b));
      return best.flatMap((sub) => fromZodIssue({ ...sub, path: [...issue.path, ...sub.path] } as z.core.$ZodIssue));
    }
  }
  return [{ path, message: issue.message, value: input, fix: 'See `npm run eksguard -- schema` for the allowed values' }];
}

/** Whether version `v` (major.minor.patch) is `min` or later. */
function semverAtLeast(v: string, min: string): boolean {
  const [a, b] = [v.split('.').map(Number), min.split('.').map(Number)];
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
}

/** Fields that only a cluster eksguard creates can have (kubernetesVersion also pins an existing cluster's Pod Security labels). */
const CREATED_ONLY = ['network', 'nodeGroups', 'secretsEncryption', 'endpointAccess', 'logging', 'addons'] as const;

/**
 * The cluster's own settings: what creating a cluster needs, every relaxation with its reason
 * (reported as a warning on every synth), access entries and endpoint coverage.
 */
function clusterChecks(cluster: ClusterConfig, ci: number, raw: Record<string, unknown>, problems: Problem[], warnings: Warning[]): void {
  const cpath = `clusters[${ci}]`;
  if (cluster.existing !== undefined) {
    for (const field of CREATED_ONLY) {
      if (raw[field] !== undefined) {
        problems.push({ path: `${cpath}.${field}`, message: 'applies only to a cluster eksguard creates, but existing is set', fix: `Remove ${field}, or remove existing to let eksguard create the cluster` });
      }
    }
    const labelled = platformNamespaces(cluster).map((n) => n.name);
    if (raw.kubernetesVersion === undefined && labelled.length > 0) {
      problems.push({ path: `${cpath}.kubernetesVersion`, message: `is required for an existing cluster whose namespaces eksguard labels (${labelled.join(', ')}): their Pod Security labels pin the policy version to the cluster's minor version, which eksguard cannot read from a cluster it does not create (and "latest" would change what is admitted on every control-plane upgrade)`, fix: 'Add kubernetesVersion: "1.33" as `aws eks describe-cluster --name <cluster> --query cluster.version` prints it, and change it with each upgrade' });
    }
  } else {
    if (cluster.network === undefined) problems.push({ path: `${cpath}.network`, message: 'is required to create a cluster', fix: 'Add network: { vpcId, privateSubnetIds, privateRouteTableIds }, or set existing: { oidcIssuerUrl } for a cluster made elsewhere' });
    if (cluster.secretsEncryption === undefined) problems.push({ path: `${cpath}.secretsEncryption`, message: 'is required to create a cluster: Kubernetes secrets are envelope-encrypted with a key eksguard creates', fix: 'Add secretsEncryption: { keyAdministratorArns: [<the role that runs Terraform>] }' });
  }

  const ea = cluster.endpointAccess;
  if (ea.public) {
    const cidrs = ea.publicAccessCidrs ?? [];
    if (cidrs.length === 0) problems.push({ path: `${cpath}.endpointAccess.publicAccessCidrs`, message: 'is required when the endpoint is public (EKS would otherwise open it to 0.0.0.0/0)', fix: 'List the admin CIDRs that may reach the API server, e.g. [203.0.113.0/24]' });
    cidrs.forEach((c, i) => {
      if (c.endsWith('/0')) problems.push({ path: `${cpath}.endpointAccess.publicAccessCidrs[${i}]`, message: 'opens the API server to the whole internet', value: c, fix: 'Use the narrow CIDRs of your admin networks, or keep the endpoint private' });
    });
    // Split or not (0.0.0.0/1 + 128.0.0.0/1 is the internet too), admin networks are never this wide.
    const valid = cidrs.filter((c) => checkIpv4Cidr(c).ok && !c.endsWith('/0'));
    if (valid.length > 0 && addressCount(valid) > 2 ** 24) {
      problems.push({ path: `${cpath}.endpointAccess.publicAccessCidrs`, message: `open the API server to ${addressCount(valid).toLocaleString('en-US')} addresses, more than a /8`, value: cidrs, fix: 'List the narrow CIDRs of your admin networks (a /8 at most, together), or keep the endpoint private' });
    }
    if (ea.reason === undefined) problems.push({ path: `${cpath}.endpointAccess.reason`, message: 'is required when the endpoint is public', fix: 'Say why the API server must be reachable from outside the VPC, or set public: false' });
    else if (cidrs.length > 0) warnings.push({ path: `${cpath}.endpointAccess`, message: `API server endpoint is public for ${cidrs.join(', ')} (reason: ${ea.reason})` });
  } else if (ea.publicAccessCidrs !== undefined || ea.reason !== undefined) {
    problems.push({ path: `${cpath}.endpointAccess`, message: 'has publicAccessCidrs or reason but public is false', fix: 'Remove them, or set public: true' });
  }

  const missingLogs = CONTROL_PLANE_LOG_TYPES.filter((t) => !cluster.logging.types.includes(t));
  if (missingLogs.length > 0 && cluster.logging.reducedTypes === undefined) {
    problems.push({ path: `${cpath}.logging.types`, message: `leaves out ${missingLogs.join(', ')}`, value: cluster.logging.types, fix: 'Keep all five log types, or add logging.reducedTypes: { reason }' });
  } else if (missingLogs.length > 0 && cluster.logging.reducedTypes !== undefined) {
    warnings.push({ path: `${cpath}.logging.types`, message: `control-plane logs ${missingLogs.join(', ')} are off (reason: ${cluster.logging.reducedTypes.reason})` });
  }

  // IAM role and user names are unique per account ignoring case and path: role/DeveloperRole,
  // role/developerrole and role/team/DeveloperRole can only be one principal.
  const principalIdentity = (arn: string) => {
    const m = /^arn:[^:]+:iam::(\d{12}):(role|user)\/(?:.*\/)?([^/]+)$/.exec(arn);
    return m === null ? arn : `${m[1]}:${m[2]}:${m[3].toLowerCase()}`;
  };
  const principals = new Map<string, number>();
  const entryKeys = new Map<string, number>();
  cluster.access.entries.forEach((e, i) => {
    const epath = `${cpath}.access.entries[${i}]`;
    const prior = principals.get(principalIdentity(e.principalArn));
    if (prior !== undefined && cluster.access.entries[prior].principalArn !== e.principalArn) {
      problems.push({ path: `${epath}.principalArn`, message: `names the same IAM principal as ${cpath}.access.entries[${prior}] (${cluster.access.entries[prior].principalArn}): IAM names are unique per account ignoring case and path, and EKS allows one access entry per principal`, value: e.principalArn, fix: 'Keep one entry, with the principal\'s ARN exactly as IAM shows it' });
      return;
    }
    const key = accessEntryKey(e.principalArn);
    const sameKey = entryKeys.get(key);
    if (prior !== undefined) problems.push({ path: `${epath}.principalArn`, message: `repeats ${cpath}.access.entries[${prior}]; EKS allows one access entry per principal`, value: e.principalArn, fix: 'Merge the two entries' });
    else if (sameKey !== undefined) problems.push({ path: `${epath}.principalArn`, message: `gets the Terraform address aws_eks_access_entry.${key}, which ${cpath}.access.entries[${sameKey}] (${cluster.access.entries[sameKey].principalArn}) already has: addresses keep only letters, digits, "-" and "_" of the principal's name`, value: e.principalArn, fix: 'Keep one of the two principals in access entries' });
    else {
      principals.set(principalIdentity(e.principalArn), i);
      entryKeys.set(key, i);
    }
    if (e.accessPolicy === undefined && (e.kubernetesGroups ?? []).length === 0) {
      problems.push({ path: epath, message: 'grants nothing: it has neither accessPolicy nor kubernetesGroups', fix: 'Add an accessPolicy (optionally with namespaces) or kubernetesGroups bound by your RBAC' });
    }
    if (e.namespaces !== undefined && e.accessPolicy === undefined) {
      problems.push({ path: `${epath}.namespaces`, message: 'scopes an access policy, but accessPolicy is not set', fix: 'Add accessPolicy, or remove namespaces (RBAC for kubernetesGroups is namespaced by your bindings)' });
    }
    // Write access in a kube-* namespace reaches every namespace: its controllers' service accounts
    // (and tokens minted for them) hold cluster-wide permissions.
    const systemNamespaces = (e.namespaces ?? []).filter((n) => n.startsWith('kube-'));
    const systemWrite = e.accessPolicy !== undefined && e.accessPolicy !== 'AmazonEKSViewPolicy' && systemNamespaces.length > 0;
    // At cluster scope, every policy but View reaches kube-system too (AdminView reads every Secret).
    const clusterAdmin = (e.accessPolicy !== undefined && e.accessPolicy !== 'AmazonEKSViewPolicy' && e.namespaces === undefined) || systemWrite;
    const scope = systemWrite ? `in ${systemNamespaces.join(', ')}, whose service accounts hold cluster-wide permissions,` : 'at cluster scope';
    if (clusterAdmin && e.breakGlass === undefined) {
      problems.push({ path: `${epath}.breakGlass`, message: `is required: ${e.accessPolicy} ${scope} administers every namespace`, fix: systemWrite ? 'Use AmazonEKSViewPolicy there, scope it to your own namespaces, or add breakGlass: { reason: "..." } for a reviewed emergency principal' : 'Scope it with namespaces: [...], or add breakGlass: { reason: "..." } for a reviewed emergency principal' });
    } else if (clusterAdmin && e.breakGlass !== undefined) {
      warnings.push({ path: `${epath}.breakGlass`, message: `${e.principalArn} has ${e.accessPolicy} ${systemWrite ? `in ${systemNamespaces.join(', ')}, which reaches` : 'on'} the whole cluster (reason: ${e.breakGlass.reason})` });
    } else if (e.breakGlass !== undefined) {
      problems.push({ path: `${epath}.breakGlass`, message: 'is only for a cluster-scope admin policy', fix: 'Remove breakGlass' });
    }
  });
  const bg = cluster.access.breakGlassRole;
  if (bg !== undefined) {
    warnings.push({ path: `${cpath}.access.breakGlassRole`, message: `a break-glass role with AmazonEKSClusterAdminPolicy can be assumed with MFA by ${bg.trustedPrincipalArns.join(', ')} (reason: ${bg.reason})` });
  }

  cluster.workloads.forEach((w, wi) => {
    const wpath = `${cpath}.workloads[${wi}]`;
    const podIdentity = w.identity !== 'irsa';
    if (!podIdentity && w.podIdentity !== undefined) {
      problems.push({ path: `${wpath}.podIdentity`, message: 'applies only to identity pod-identity or irsa-and-pod-identity', fix: 'Remove podIdentity, or set identity: pod-identity' });
    }
    if (w.identity === 'pod-identity' && w.tokenExpirationSeconds !== undefined) {
      problems.push({ path: `${wpath}.tokenExpirationSeconds`, message: 'sets the IRSA token lifetime, but the workload uses Pod Identity', fix: 'Remove tokenExpirationSeconds' });
    }
    if (podIdentity && w.wildcardSubject !== undefined) {
      problems.push({ path: `${wpath}.wildcardSubject`, message: 'cannot be used with Pod Identity: an association names exactly one service account', fix: 'Name the service account, or use identity: irsa' });
    }
    if (w.permissionsBoundary !== undefined) {
      warnings.push({ path: `${wpath}.permissionsBoundary`, message: boundaryWarning(`the role of ${w.namespace}/${w.serviceAccount}`, w.permissionsBoundary) });
    }
    if (w.podIdentity?.disableSessionTags !== undefined) {
      warnings.push({ path: `${wpath}.podIdentity.disableSessionTags`, message: `sessions of ${w.namespace}/${w.serviceAccount} carry no kubernetes-namespace/service-account tags, so tag-based (ABAC) conditions cannot tell pods apart (reason: ${w.podIdentity.disableSessionTags.reason})` });
    }
    // Relaxations without a reason field still show up on every synth.
    if (w.automountServiceAccountToken) warnings.push({ path: `${wpath}.automountServiceAccountToken`, message: `pods of ${w.namespace}/${w.serviceAccount} get a Kubernetes API token mounted (automountServiceAccountToken: true), usable by anything that runs in them` });
    if (!w.stsRegionalEndpoints && w.identity !== 'pod-identity') warnings.push({ path: `${wpath}.stsRegionalEndpoints`, message: `${w.namespace}/${w.serviceAccount} calls the global STS endpoint (stsRegionalEndpoints: false), outside the VPC's sts endpoint` });
    if (w.identity !== 'irsa' && w.podIdentity?.targetRoleArn !== undefined) warnings.push({ path: `${wpath}.podIdentity.targetRoleArn`, message: `${w.namespace}/${w.serviceAccount} gets the credentials of ${w.podIdentity.targetRoleArn}, chained through its own role (the permissions boundary lets exactly this chain through)` });
    if (w.identity === 'irsa-and-pod-identity') {
      warnings.push({ path: `${wpath}.identity`, message: `${w.namespace}/${w.serviceAccount} is migrating to Pod Identity: its role trusts both and the service account is no longer annotated; restart its pods (kubectl rollout restart), then set identity: pod-identity` });
    }
  });

  const names = new Map<string, number>();
  cluster.workloads.forEach((w) => names.set(w.name, (names.get(w.name) ?? 0) + 1));
  cluster.workloads.forEach((w, wi) => {
    const wpath = `${cpath}.workloads[${wi}]`;
    w.network.ingress.forEach((i, ii) => {
      const count = names.get(i.fromApp) ?? 0;
      if (count === 0) problems.push({ path: `${wpath}.network.ingress[${ii}].fromApp`, message: 'names no workload of this cluster', value: i.fromApp, fix: 'Use the name of a workload in this cluster (its pods carry app.kubernetes.io/name=<name>)' });
      if (count > 1) problems.push({ path: `${wpath}.network.ingress[${ii}].fromApp`, message: 'names workloads in several namespaces', value: i.fromApp, fix: 'Give the workloads distinct names' });
    });
    // Each egress rule also opens its port to `cidr` in a NetworkPolicy: never to the node-local addresses.
    w.securityGroup?.egress.forEach((e, ei) => {
      if (e.cidr !== undefined && cidrsOverlap(e.cidr, LINK_LOCAL_CIDR)) {
        problems.push({ path: `${wpath}.securityGroup.egress[${ei}].cidr`, message: `overlaps the link-local range ${LINK_LOCAL_CIDR}, where the instance metadata service (169.254.169.254) answers on every node; the workload's NetworkPolicy would open port ${e.port} to it`, value: e.cidr, fix: `Name where the members of ${e.toSecurityGroupId} live, e.g. the database subnets' CIDR, or omit cidr for the VPC CIDR` });
      }
    });
    if (w.securityGroup !== undefined && cluster.existing !== undefined && (cluster.existing.vpcId === undefined || cluster.existing.nodeSecurityGroupId === undefined)) {
      problems.push({ path: `${wpath}.securityGroup`, message: 'needs existing.vpcId and existing.nodeSecurityGroupId on an existing cluster', fix: 'Add both to existing (the pods\' group allows DNS to and probes from the node security group)' });
    }
  });
  if (cluster.existing !== undefined && cluster.existing.vpcCidr === undefined && cluster.workloads.length > 0) {
    problems.push({ path: `${cpath}.existing.vpcCidr`, message: 'is required: workload namespaces deny all egress by default, and pods reach AWS (STS, the services they use) through the VPC endpoints on 443', fix: 'Add the VPC CIDR, e.g. vpcCidr: 10.0.0.0/16' });
  }
  const scopes = new Map(platformNamespaces(cluster).map((p) => [p.name, p.scope]));
  for (const [ns, n] of Object.entries(cluster.namespaces)) {
    const npath = `${cpath}.namespaces.${ns}`;
    if (isSystemNamespace(ns)) {
      problems.push({ path: npath, message: 'is a namespace of Kubernetes itself (kube-*): eksguard never labels one or gives it network policies, since enforced Pod Security and default deny there break the cluster\'s own pods', value: ns, fix: 'Remove the entry (RBAC for a group in it, rbac.groups.<group>.namespaces, needs none)' });
      continue;
    }
    if (n.scope !== undefined && !n.existing && ns !== 'default') {
      problems.push({ path: `${npath}.scope`, message: 'applies only to a namespace eksguard does not create (default, or existing: true); the namespaces eksguard creates hold only what it puts there, so its baseline covers every pod', value: n.scope, fix: 'Remove scope, or set existing: true if the namespace is made elsewhere' });
    }
    if (n.podSecurity !== 'restricted' && n.reason === undefined) problems.push({ path: `${npath}.reason`, message: `is required for podSecurity ${n.podSecurity}`, fix: 'Say which pods need more than the restricted Pod Security Standard, or keep restricted' });
    else if (n.podSecurity !== 'restricted') warnings.push({ path: `${npath}.podSecurity`, message: `namespace ${ns} ${scopes.get(ns) === 'workloads' ? 'audits and warns' : 'enforces'} ${n.podSecurity}, not restricted (reason: ${n.reason})` });
    else if (n.reason !== undefined) problems.push({ path: `${npath}.reason`, message: 'is set but podSecurity is restricted', fix: 'Remove reason' });
  }
  // Helm refuses a chart whose kubeVersion the cluster does not meet, and the workloads' secrets never mount.
  const csi = cluster.secretsStoreCsi;
  if (cluster.workloads.some((w) => w.secrets.length > 0) && semverAtLeast(csi.driverChartVersion, CSI_DRIVER_CHART_NEEDS_130) && Number(cluster.kubernetesVersion.split('.')[1]) < 30) {
    const defaulted = (raw.secretsStoreCsi as { driverChartVersion?: unknown } | undefined)?.driverChartVersion === undefined;
    problems.push({ path: `${cpath}.secretsStoreCsi.driverChartVersion`, message: `is ${csi.driverChartVersion}${defaulted ? ' (the default)' : ''}, whose chart requires Kubernetes 1.30 or later (kubeVersion ">=1.30.0-0"), but kubernetesVersion is ${cluster.kubernetesVersion}: Helm would refuse to install the Secrets Store CSI driver`, value: csi.driverChartVersion, fix: 'Set secretsStoreCsi.driverChartVersion: 1.5.6 (the last release for Kubernetes 1.29), or upgrade the cluster to 1.30 or later' });
  }

  // A namespace eksguard does not create holds pods it does not know: say how far its baseline reaches there.
  for (const ns of platformNamespaces(cluster).filter((n) => n.existing)) {
    const npath = `${cpath}.namespaces.${ns.name}`;
    const level = ns.podSecurity;
    if (ns.scope === 'workloads') {
      const policies = ns.workloads.length > 0 ? `its baseline network policies (default deny, DNS, AWS endpoints) select only eksguard's workloads there (${ns.workloads.join(', ')}), and ` : '';
      warnings.push({ path: npath, message: `namespace ${ns.name} is not created by eksguard: ${policies}Pod Security ${level} is audited and warned, not enforced, so other pods keep their traffic and pods below ${level} are still admitted; set namespaces.${ns.name}.scope: namespace to apply ${ns.workloads.length > 0 ? 'both' : 'it'} to every pod in it` });
    } else {
      const policies = ns.workloads.length > 0 ? 'every pod in it, including pods eksguard does not manage, loses all traffic that no NetworkPolicy admits (the default deny selects every pod), and ' : '';
      warnings.push({ path: `${npath}.scope`, message: `namespace ${ns.name} is not created by eksguard, but scope: namespace applies eksguard's baseline to all of it: ${policies}new pods that do not meet the ${level} Pod Security Standard are refused (running pods are checked only when recreated)` });
    }
  }
  const entryGroups = new Set(cluster.access.entries.flatMap((e) => e.kubernetesGroups ?? []));
  for (const [group, g] of Object.entries(cluster.rbac.groups)) {
    const gpath = `${cpath}.rbac.groups.${group}`;
    if (!entryGroups.has(group)) problems.push({ path: gpath, message: 'is not a kubernetesGroups value of any access entry, so no one is in it', fix: 'Add the group to an access entry\'s kubernetesGroups, or remove it' });
    // kube-* pods run privileged on every node (aws-node, kube-proxy) and their service accounts
    // hold cluster-wide permissions: exec there is cluster admin, which only a break-glass access
    // entry grants (as an access entry's Edit in kube-system needs breakGlass).
    const systemNamespaces = g.namespaces.filter((n) => n.startsWith('kube-'));
    if (g.exec !== undefined && systemNamespaces.length > 0) {
      problems.push({ path: `${gpath}.exec`, message: `lets group ${group} exec into pods in ${systemNamespaces.join(', ')}, which run privileged on every node and whose service accounts hold cluster-wide permissions: that is cluster admin, not a debugging right`, value: g.namespaces, fix: 'Keep exec to the workloads\' namespaces (a group of its own for kube-* reads), or give the people who need it an access entry with accessPolicy: AmazonEKSClusterAdminPolicy and breakGlass: { reason }' });
    } else if (g.exec !== undefined) warnings.push({ path: `${gpath}.exec`, message: `group ${group} may exec into pods in ${g.namespaces.join(', ')} (reason: ${g.exec.reason})` });
  }

  const { shards, maxWorkloadsPerStack } = cluster.sharding;
  const perShard = new Map<number, number>();
  for (const w of cluster.workloads) perShard.set(shardOf(w.namespace, w.name, shards), (perShard.get(shardOf(w.namespace, w.name, shards)) ?? 0) + 1);
  for (const [shard, n] of [...perShard].sort((a, b) => a[0] - b[0])) {
    if (n > maxWorkloadsPerStack) {
      problems.push({ path: `${cpath}.sharding`, message: `stack ${workloadsStackName(cluster.name, shard, shards)} would hold ${n} workloads, over maxWorkloadsPerStack ${maxWorkloadsPerStack}`, value: cluster.sharding, fix: `Raise sharding.shards (about ${Math.ceil((cluster.workloads.length * 1.3) / maxWorkloadsPerStack)} spreads them), knowing that changing shards moves workloads between stacks (see the README), or raise maxWorkloadsPerStack` });
    }
  }
  if (shards > 1) {
    const byName = new Map(cluster.workloads.map((w) => [w.name, w]));
    cluster.workloads.forEach((server, wi) => server.network.ingress.forEach((i, ii) => {
      const client = byName.get(i.fromApp);
      if (client?.securityGroup !== undefined && server.securityGroup !== undefined && shardOf(client.namespace, client.name, shards) !== shardOf(server.namespace, server.name, shards)) {
        problems.push({ path: `${cpath}.workloads[${wi}].network.ingress[${ii}]`, message: `joins two workloads with their own security groups in different stacks (${workloadsStackName(cluster.name, shardOf(client.namespace, client.name, shards), shards)}, ${workloadsStackName(cluster.name, shardOf(server.namespace, server.name, shards), shards)}), whose rules would reference each other across stacks`, fix: 'Give one of them no securityGroup, or use fewer shards' });
      }
    }));
  }

  const firstPod = cluster.workloads.findIndex((w) => w.identity !== 'irsa');
  if (firstPod >= 0 && cluster.existing !== undefined && cluster.existing.podIdentityAgent === undefined) {
    problems.push({ path: `${cpath}.existing.podIdentityAgent`, message: `is required because ${cpath}.workloads[${firstPod}] uses Pod Identity, which needs the eks-pod-identity-agent add-on`, fix: 'Set create (eksguard adds the add-on) or installed (it exists already)' });
  }

  const groups = new Map<string, number>();
  cluster.nodeGroups.forEach((g, i) => {
    const gpath = `${cpath}.nodeGroups[${i}]`;
    const prior = groups.get(g.name);
    if (prior !== undefined) problems.push({ path: `${gpath}.name`, message: `repeats ${cpath}.nodeGroups[${prior}]`, value: g.name, fix: 'Give every node group a distinct name' });
    else groups.set(g.name, i);
    if (g.imds.hopLimit === 2 && g.imds.reason === undefined) {
      problems.push({ path: `${gpath}.imds.reason`, message: 'is required with hopLimit 2: pods could then read the node role\'s credentials from IMDS', fix: 'Keep hopLimit: 1 (pods use IRSA or Pod Identity), or say which pods need IMDS' });
    } else if (g.imds.hopLimit === 2) {
      warnings.push({ path: `${gpath}.imds.hopLimit`, message: `node group ${g.name} lets pods reach IMDS (hop limit 2; reason: ${g.imds.reason})` });
    } else if (g.imds.reason !== undefined) {
      problems.push({ path: `${gpath}.imds.reason`, message: 'is set but hopLimit is 1', fix: 'Remove reason' });
    }
  });

  if (cluster.existing === undefined && !cluster.nodeGroups.some((g) => g.scaling.desired >= 1 && !g.taints.some((t) => t.effect !== 'PREFER_NO_SCHEDULE'))) {
    problems.push({ path: `${cpath}.nodeGroups`, message: 'has no untainted node group with desired >= 1, so the CoreDNS add-on has nowhere to run and its creation times out', fix: 'Add a node group with scaling.desired of at least 1 and no NO_SCHEDULE/NO_EXECUTE taints' });
  }

  const net = cluster.network;
  if (net !== undefined) {
    if (net.endpoints.includes('s3') && net.privateRouteTableIds.length === 0) {
      problems.push({ path: `${cpath}.network.privateRouteTableIds`, message: 'is required for the s3 gateway endpoint', fix: 'List the private subnets\' route tables, or drop s3 from network.endpoints' });
    }
    if (net.nodeInternetEgress !== undefined) {
      warnings.push({ path: `${cpath}.network.nodeInternetEgress`, message: `nodes may reach the internet on 443 (reason: ${net.nodeInternetEgress.reason})` });
    }
    if (!ea.public) {
      const missing = (service: string, why: string) => {
        if (!net.endpoints.includes(service as never)) warnings.push({ path: `${cpath}.network.endpoints`, message: `has no ${service} endpoint: in a private cluster ${why} unless nodes have a NAT route` });
      };
      if (cluster.workloads.some((w) => w.identity !== 'pod-identity') || cluster.addons.cniIdentity === 'irsa') missing('sts', 'IRSA pods cannot exchange their tokens');
      if (cluster.addons.cniIdentity === 'pod-identity' || cluster.workloads.some((w) => w.identity !== 'irsa')) missing('eks-auth', 'the Pod Identity agent cannot hand out credentials');
      for (const s of ['ecr.api', 'ecr.dkr', 's3']) missing(s, 'nodes cannot pull images');
      if (net.nodeInternetEgress === undefined) {
        cluster.workloads.forEach((w, wi) => {
          for (const service of directAwsServices(w).filter((x) => !net.endpoints.includes(x as never))) {
            warnings.push({ path: `${cpath}.workloads[${wi}]`, message: `calls ${service}, but network.endpoints has no ${service} endpoint and nodes have no internet egress: those calls will fail; add ${service} to network.endpoints` });
          }
        });
      }
    }
  }
}

/** `<who> uses boundary <arn> instead of eksguard's (reason: ...)`, plus what a permissive AWS managed policy leaves open. */
function boundaryWarning(who: string, boundary: { readonly arn: string; readonly reason: string }): string {
  const note = permissiveBoundaryNote(boundary.arn);
  return `${who} uses boundary ${boundary.arn} instead of eksguard's (reason: ${boundary.reason})${note === undefined ? '' : `; ${note}`}`;
}

const ISSUER_REGION = /^oidc\.eks\.([a-z0-9-]+)\.amazonaws\.com/;

/** Checks that span fields: uniqueness, agreement between issuer, region and account, opt-outs. */
function crossFieldChecks(config: PlatformConfig, raw: any, problems: Problem[], warnings: Warning[]): void {
  const stackNames = new Map<string, string>();
  if (config.iam.permissionsBoundary !== undefined) {
    warnings.push({ path: 'iam.permissionsBoundary', message: boundaryWarning('every role eksguard creates', config.iam.permissionsBoundary) });
  }
  for (const [account, a] of Object.entries(config.accounts)) {
    if (parseArn(a.roleArn).account !== account) problems.push({ path: `accounts.${account}.roleArn`, message: `is a role in account ${parseArn(a.roleArn).account}, not ${account}`, value: a.roleArn, fix: 'Name the role Terraform assumes in that account' });
    if (account === config.accountId) problems.push({ path: `accounts.${account}`, message: 'is the platform account itself', fix: 'List only other accounts' });
  }
  // Another account's side: one region per account stack, and a managed resource policy written by one cluster only.
  problems.push(...accountStackProblems(SERVICE_FAMILIES, config));

  config.clusters.forEach((cluster, ci) => {
    const cpath = `clusters[${ci}]`;
    const shardStacks = Array.from({ length: cluster.sharding.shards }, (_, i) => workloadsStackName(cluster.name, i, cluster.sharding.shards));
    const accountStacks = Object.keys(config.accounts).map((a) => `${cluster.name}-account-${a}`);
    if (cluster.name in Object.prototype) {
      problems.push({ path: `${cpath}.name`, message: 'is the name of a member of every JavaScript object, which cannot name a cdktf stack', value: cluster.name, fix: 'Rename the cluster in the config (EKS accepts the name, but eksguard cannot synthesize a stack with it)' });
    }
    const stacks = [cluster.name, `${cluster.name}-platform`, ...shardStacks, ...accountStacks];
    const numberStack = stacks.find((stack) => crossStackNumberTokenText(stack) !== undefined);
    if (numberStack !== undefined) {
      problems.push({ path: `${cpath}.name`, message: `gives stack name "${numberStack}", which cdktf writes after a "-" in the names of its cross-stack references, where the text ${crossStackNumberTokenText(numberStack)} reads as an encoded reference (synth would stop)`, value: cluster.name, fix: 'Rename the cluster so that it does not start with digits, "e" and more digits (such as 82e297)' });
    }
    // HCP Terraform names each stack's workspace <workspacePrefix><stack>: text that reads as a number token only once joined.
    if (numberStack === undefined && config.backend.type === 'cloud') {
      const workspace = stacks.map((stack) => `${(config.backend as { workspacePrefix: string }).workspacePrefix}${stack}`).find((w) => numberTokenText(w) !== undefined);
      if (workspace !== undefined) {
        problems.push({ path: 'backend.workspacePrefix', message: `with cluster ${cluster.name} gives the workspace name "${workspace}", where the text ${numberTokenText(workspace)} reads as an encoded cdktf reference`, value: (config.backend as { workspacePrefix: string }).workspacePrefix, fix: 'End the prefix with a letter or "_", or rename the cluster' });
      }
    }
    for (const stack of stacks) {
      const other = stackNames.get(stack);
      if (other !== undefined) {
        problems.push({ path: `${cpath}.name`, message: `gives stack name "${stack}", which ${other} already uses`, value: cluster.name, fix: 'Give every cluster a distinct name' });
      } else stackNames.set(stack, `${cpath}.name`);
    }

    const existing = cluster.existing;
    if (existing !== undefined) {
      const issuer = normaliseIssuer(existing.oidcIssuerUrl);
      const issuerRegion = ISSUER_REGION.exec(issuer)?.[1];
      if (issuerRegion !== undefined && issuerRegion !== config.region) {
        problems.push({ path: `${cpath}.existing.oidcIssuerUrl`, message: `is in ${issuerRegion} but the platform region is ${config.region}`, value: existing.oidcIssuerUrl, fix: 'Use the issuer of a cluster in the platform region, or change region' });
      }
      const providerArn = existing.oidcProviderArn;
      if (providerArn !== undefined) {
        const arn = parseArn(providerArn);
        if (arn.account !== config.accountId) {
          problems.push({ path: `${cpath}.existing.oidcProviderArn`, message: `is in account ${arn.account}, not the platform account ${config.accountId}`, value: providerArn, fix: 'IRSA roles trust the provider in their own account; use that provider or omit the field' });
        }
        if (arn.resource !== `oidc-provider/${issuer}`) {
          problems.push({ path: `${cpath}.existing.oidcProviderArn`, message: `does not name the cluster's issuer ${issuer}`, value: providerArn, fix: 'Use the provider created for this cluster\'s issuer (a copied ARN from another cluster silently breaks every role)' });
        }
      }
    }
    clusterChecks(cluster, ci, raw?.clusters?.[ci] ?? {}, problems, warnings);

    const workloadKeys = new Map<string, number>();
    const subjects = new Map<string, number>();
    cluster.workloads.forEach((w, wi) => {
      const wpath = `${cpath}.workloads[${wi}]`;
      const key = `${w.namespace}/${w.name}`;
      const dup = workloadKeys.get(key);
      if (dup !== undefined) {
        problems.push({ path: `${wpath}.name`, message: `repeats workload ${key} of ${cpath}.workloads[${dup}]`, value: w.name, fix: 'Give each workload a name unique within its namespace' });
      } else workloadKeys.set(key, wi);

      const subject = `${w.namespace}/${w.serviceAccount}`;
      const dupSa = subjects.get(subject);
      if (dupSa !== undefined) {
        problems.push({ path: `${wpath}.serviceAccount`, message: `is already bound to ${cpath}.workloads[${dupSa}]; one service account can carry one role`, value: w.serviceAccount, fix: 'Use a distinct service account per workload, or merge the two workloads' });
      } else subjects.set(subject, wi);

      // Kubernetes creates `default` in every namespace and gives it to every pod that names no
      // service account: a role bound to it reaches all of them, and creating it fails (it exists).
      if (w.serviceAccount === 'default') {
        problems.push({ path: `${wpath}.serviceAccount`, message: `is the namespace's default service account, which every pod in ${w.namespace} that names none runs as: the role would reach all of them (and Kubernetes already has it, so creating it fails)`, value: w.serviceAccount, fix: `Name a service account of the workload's own, e.g. serviceAccount: ${w.name === 'default' ? 'app' : w.name}` });
      }
      const wildcard = /[*?]/.test(w.serviceAccount);
      if (wildcard && w.wildcardSubject === undefined) {
        problems.push({ path: `${wpath}.serviceAccount`, message: 'contains a wildcard, so the trust would admit many service accounts', value: w.serviceAccount, fix: 'Name the one service account, or add wildcardSubject: { reason: "..." } to accept the wider trust' });
      }
      if (!wildcard && w.wildcardSubject !== undefined) {
        problems.push({ path: `${wpath}.wildcardSubject`, message: 'is set but serviceAccount has no wildcard', value: w.wildcardSubject, fix: 'Remove wildcardSubject' });
      }
      if (wildcard && w.wildcardSubject !== undefined) {
        warnings.push({ path: `${wpath}.wildcardSubject`, message: `trust admits every service account matching system:serviceaccount:${w.namespace}:${w.serviceAccount} (reason: ${w.wildcardSubject.reason})` });
      }

      // Each service family's resources in other accounts (eksguard writes their side given a role
      // there, or warns) and its own entry checks: src/policy/services.
      const services = workloadServiceChecks(SERVICE_FAMILIES, config, w, wpath);
      problems.push(...services.problems);
      warnings.push(...services.warnings);
    });
  });
}

const START_FROM_EXAMPLE = 'Start from a copy of examples/platform.yaml (the embedded example) and edit region, accountId and clusters';

/**
 * A config whose top level is not a mapping: nothing (an empty file, or only comments), a list or
 * a single value. `where` names the file, or `(root)` for an object passed in code.
 */
export function topLevelProblem(value: unknown, where: string): Problem | undefined {
  if (value === undefined || value === null) {
    return { path: where, message: where === '(root)' ? 'is empty: there is no config' : 'is empty (or has only comments)', fix: START_FROM_EXAMPLE };
  }
  if (Array.isArray(value)) {
    return { path: where, message: 'has a list at the top level, but a config is a mapping of settings (region, accountId, clusters, ...)', value, fix: 'Write the settings as keys at the top level and the clusters as a list under clusters:, as examples/platform.yaml does' };
  }
  if (typeof value !== 'object') {
    return { path: where, message: 'has a single value at the top level, but a config is a mapping of settings (region, accountId, clusters, ...)', value, fix: START_FROM_EXAMPLE };
  }
  return undefined;
}

/**
 * Every ARN of the config in the platform's partition (an aws-cn key on a us-east-1 platform is
 * refused by IAM at apply), and boundaries in the platform account or AWS's (IAM takes no other).
 */
function arnProblems(config: PlatformConfig): Problem[] {
  const problems: Problem[] = [];
  const partition = partitionOf(config.region);
  // One path, extended and shortened as the walk goes (formatted only into a problem).
  const at: PropertyKey[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string' && v.startsWith('arn:')) {
      const p = v.split(':')[1];
      if (p !== partition) problems.push({ path: formatPath(at), message: `is in the ${p} partition, but the platform region ${config.region} is in ${partition}`, value: v, fix: `Use an ARN of the ${partition} partition (arn:${partition}:...)` });
      if (at[at.length - 1] === 'arn' && at[at.length - 2] === 'permissionsBoundary') {
        const account = v.split(':')[4];
        if (account !== 'aws' && account !== config.accountId) problems.push({ path: formatPath(at), message: `is a policy of account ${account}: a permissions boundary must be a managed policy of the role's own account (or an AWS managed one)`, value: v, fix: `Use a policy of account ${config.accountId}` });
      }
    } else if (v !== null && typeof v === 'object') {
      for (const k of Array.isArray(v) ? v.keys() : Object.keys(v)) {
        at.push(k);
        walk((v as Record<PropertyKey, unknown>)[k]);
        at.pop();
      }
    }
  };
  walk(config);
  return problems;
}

/** Validate any input (parsed YAML/JSON or a TypeScript object). Defaults are applied by the schema. */
export function validateConfig(input: unknown): ValidationResult {
  const shape = topLevelProblem(input, '(root)');
  if (shape !== undefined) return { problems: [shape], warnings: [] };
  const markers = tokenMarkerProblems(input);
  if (markers.length > 0) return { problems: markers, warnings: [] };
  const parsed = platformSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) {
    const problems = parsed.error.issues.flatMap(fromZodIssue);
    return { problems: dedupe(problems), warnings: [] };
  }
  const problems: Problem[] = [...duplicateProblems(parsed.data), ...awsNameProblems(parsed.data), ...arnProblems(parsed.data)];
  const warnings: Warning[] = [];
  crossFieldChecks(parsed.data, input, problems, warnings);
  return problems.length === 0 ? { config: parsed.data, problems, warnings } : { problems, warnings };
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
