/**
 * The identity plan of one workload: role name and ARN, trust, merged permissions, service account
 * annotations, and every quota problem, computed before anything is synthesized. Pure.
 */
import { normaliseIssuer, oidcProviderArn, partitionOf } from '../aws/arn';
import type { ClusterConfig, IdentityKind, PlatformConfig, WorkloadConfig } from '../config/schema';
import type { Problem } from '../config/problems';
import { shorten } from '../naming';
import { boundaryArnFor, podIdentityTrust } from './cluster';
import { AwsContext, Grant, PolicyDocument, permissionPolicy, policySize, renderPolicy, splitPermissions } from './document';
import { familyGrants, SERVICE_FAMILIES } from './services';
import { placeholdersFor } from './services/s3';
import { irsaTrust, irsaTrustProblems } from './trust';

export { placeholdersFor, s3GrantProps } from './services/s3';


export interface WorkloadIdentityPlan {
  readonly namespace: string;
  readonly name: string;
  readonly serviceAccount: string;
  readonly roleName: string;
  readonly rolePath: string;
  readonly roleArn: string;
  readonly providerArn: string;
  /** How pods get the role. */
  readonly identity: IdentityKind;
  /** The cluster's ARN (literal: the name is known), which Pod Identity trusts name in aws:SourceArn. */
  readonly clusterArn: string;
  /** Set for Pod Identity. */
  readonly podIdentity?: { readonly targetRoleArn?: string; readonly disableSessionTags: boolean };
  /** The trust, computed once here (src/plan/README.md: the role construct only binds a created cluster's provider references into it). */
  readonly trust: PolicyDocument;
  /** The provider ARN and issuer (host/path) `trust` names: stand-ins of the real length for a cluster eksguard creates. */
  readonly oidc: { readonly providerArn: string; readonly issuer: string; readonly standIn: boolean };
  /** Undefined when the workload asks for no AWS access. */
  readonly permissions?: PolicyDocument;
  /** `permissions` as the role holds it: the inline policy, and managed policies for what exceeds IAM's inline quota. */
  readonly permissionSets?: { readonly inline: PolicyDocument; readonly managed: readonly PolicyDocument[] };
  readonly permissionsBoundaryArn: string;
  readonly maxSessionDurationSeconds: number;
  readonly stsRegionalEndpoints: boolean;
  readonly tokenExpirationSeconds?: number;
  readonly automountServiceAccountToken: boolean;
  /** The reasoned opt-out for a wildcard service account, if any. */
  readonly wildcardSubject?: { readonly reason: string };
  /** False for wildcard subjects: the service accounts are made by whatever owns them. */
  readonly createServiceAccount: boolean;
}

export function awsContext(platform: PlatformConfig): AwsContext {
  return { partition: partitionOf(platform.region), region: platform.region, accountId: platform.accountId };
}

/** `<cluster>-<namespace>-<name>`, shortened with a hash past IAM's 64 characters. */
export function defaultRoleName(cluster: string, workload: Pick<WorkloadConfig, 'namespace' | 'name'>): string {
  return shorten(`${cluster}-${workload.namespace}-${workload.name}`, 64);
}

/**
 * The issuer and OIDC provider ARN the cluster's IRSA trusts use. For a cluster eksguard creates,
 * the issuer id is known only after apply: the plan uses a stand-in of the real length (EKS issuer
 * ids are 32 hex characters), so quota checks hold, and the stacks write Terraform references.
 */
export function clusterIssuer(platform: PlatformConfig, cluster: ClusterConfig): { issuer: string; providerArn: string; created: boolean } {
  const ctx = awsContext(platform);
  if (cluster.existing !== undefined) {
    const issuer = cluster.existing.oidcIssuerUrl;
    return { issuer, providerArn: cluster.existing.oidcProviderArn ?? oidcProviderArn(ctx.partition, ctx.accountId, issuer), created: false };
  }
  const suffix = ctx.partition === 'aws-cn' ? '.com.cn' : '.com';
  const issuer = `https://oidc.eks.${ctx.region}.amazonaws${suffix}/id/${'0'.repeat(32)}`;
  return { issuer, providerArn: oidcProviderArn(ctx.partition, ctx.accountId, issuer), created: true };
}

/** The trust of a workload role: IRSA, Pod Identity, or both statements while migrating. */
export function workloadTrust(identity: IdentityKind, irsa: PolicyDocument, pod: PolicyDocument): PolicyDocument {
  if (identity === 'irsa') return irsa;
  if (identity === 'pod-identity') return pod;
  return { Version: '2012-10-17', Statement: [...irsa.Statement, ...pod.Statement] };
}

/** The identity-side grants of a workload: its service families', then the Pod Identity target role. */
export function workloadGrants(ctx: AwsContext, w: WorkloadConfig, placeholders: Record<string, string> = placeholdersFor(w)): Grant[] {
  return [
    // Each service family's entries, in registry order (src/policy/services).
    ...familyGrants(SERVICE_FAMILIES, { ...ctx, placeholders }, w),
    // EKS Pod Identity assumes the target role with this role's credentials.
    ...(w.identity !== 'irsa' && w.podIdentity?.targetRoleArn !== undefined
      ? [{ sid: 'PodIdentityTargetRole', actions: ['sts:AssumeRole', 'sts:TagSession'], resources: [w.podIdentity.targetRoleArn] }]
      : []),
  ];
}

export function planWorkloadIdentity(
  platform: PlatformConfig,
  cluster: ClusterConfig,
  w: WorkloadConfig,
  path: string,
): { plan?: WorkloadIdentityPlan; problems: Problem[] } {
  const ctx = awsContext(platform);
  const { issuer, providerArn, created } = clusterIssuer(platform, cluster);
  const trustProps = { providerArn, issuer, namespace: w.namespace, serviceAccount: w.serviceAccount, wildcardSubject: w.wildcardSubject };
  const trustProblems = irsaTrustProblems(trustProps);
  if (trustProblems.length > 0) {
    return { problems: trustProblems.map((message) => ({ path: `${path}.serviceAccount`, message, value: w.serviceAccount, fix: 'Name exactly one service account' })) };
  }
  const problems: Problem[] = [];
  const clusterArn = `arn:${ctx.partition}:eks:${ctx.region}:${ctx.accountId}:cluster/${cluster.name}`;
  const trust = workloadTrust(w.identity, irsaTrust(trustProps), podIdentityTrust({ accountId: ctx.accountId, clusterArn, namespace: w.namespace, serviceAccount: w.serviceAccount, sessionTagsDisabled: w.podIdentity?.disableSessionTags !== undefined }));
  const trustSize = policySize(renderPolicy(trust));
  if (trustSize > platform.iam.trustPolicyMaxChars) {
    problems.push({ path, message: `trust policy is ${trustSize} characters, over the account quota of ${platform.iam.trustPolicyMaxChars}`, fix: 'Raise iam.trustPolicyMaxChars to your account\'s quota, or shorten the namespace and service account names' });
  }
  const grants = workloadGrants(ctx, w, placeholdersFor(w));
  const permissions = grants.length > 0 ? permissionPolicy(grants) : undefined;
  // Over the inline quota, the rest goes into managed policies attached to the role.
  let permissionSets: WorkloadIdentityPlan['permissionSets'];
  if (permissions !== undefined) {
    const split = splitPermissions(permissions);
    if ('problem' in split) problems.push({ path, message: split.problem, fix: 'Split the workload into narrower workloads, or merge bucket prefixes' });
    else permissionSets = split;
  }
  const roleName = w.roleName ?? defaultRoleName(cluster.name, w);
  const rolePath = platform.iam.rolePath;
  if (problems.length > 0) return { problems };
  return {
    problems,
    plan: {
      namespace: w.namespace,
      name: w.name,
      serviceAccount: w.serviceAccount,
      roleName,
      rolePath,
      roleArn: `arn:${ctx.partition}:iam::${ctx.accountId}:role${rolePath}${roleName}`,
      providerArn,
      oidc: { providerArn, issuer: normaliseIssuer(issuer), standIn: created },
      identity: w.identity,
      clusterArn,
      podIdentity: w.identity === 'irsa' ? undefined : { targetRoleArn: w.podIdentity?.targetRoleArn, disableSessionTags: w.podIdentity?.disableSessionTags !== undefined },
      trust,
      permissions,
      permissionSets,
      permissionsBoundaryArn: w.permissionsBoundary?.arn ?? boundaryArnFor(ctx, platform.iam.permissionsBoundary, cluster.name, platform.iam.rolePath),
      maxSessionDurationSeconds: w.maxSessionDurationSeconds,
      stsRegionalEndpoints: w.stsRegionalEndpoints,
      tokenExpirationSeconds: w.tokenExpirationSeconds,
      automountServiceAccountToken: w.automountServiceAccountToken,
      wildcardSubject: w.wildcardSubject,
      createServiceAccount: !/[*?]/.test(w.serviceAccount),
    },
  };
}

/** Plans for every workload of a cluster, sorted by namespace and name so order in the config never matters. */
export function planClusterIdentities(platform: PlatformConfig, cluster: ClusterConfig, clusterPath: string): { plans: WorkloadIdentityPlan[]; problems: Problem[] } {
  const plans: WorkloadIdentityPlan[] = [];
  const problems: Problem[] = [];
  cluster.workloads.forEach((w, i) => {
    const r = planWorkloadIdentity(platform, cluster, w, `${clusterPath}.workloads[${i}]`);
    problems.push(...r.problems);
    if (r.plan) plans.push(r.plan);
  });
  plans.sort((a, b) => (`${a.namespace}/${a.name}` < `${b.namespace}/${b.name}` ? -1 : 1));
  return { plans, problems };
}
