/**
 * The identity plan of one workload: role name and ARN, trust, merged permissions, service account
 * annotations, and every quota problem, computed before anything is synthesized. Pure.
 */
import { oidcProviderArn, partitionOf } from '../aws/arn';
import type { ClusterConfig, PlatformConfig, WorkloadConfig } from '../config/schema';
import type { Problem } from '../config/problems';
import { shorten } from '../naming';
import { boundaryArnFor } from './cluster';
import { AwsContext, Grant, PolicyDocument, permissionPolicy, policySize, renderPolicy } from './document';
import { dynamodbGrants } from './dynamodb';
import { eksReadGrants } from './eks';
import { kmsGrants } from './kms';
import { s3Grants } from './s3';
import { secretGrants } from './secrets';
import { sqsGrants } from './sqs';
import { irsaTrust, irsaTrustProblems } from './trust';

/** IAM's default quota for the inline policies of one role (non-whitespace characters). */
export const INLINE_POLICY_QUOTA = 10_240;

export interface WorkloadIdentityPlan {
  readonly namespace: string;
  readonly name: string;
  readonly serviceAccount: string;
  readonly roleName: string;
  readonly rolePath: string;
  readonly roleArn: string;
  readonly providerArn: string;
  readonly trust: PolicyDocument;
  /** Undefined when the workload asks for no AWS access. */
  readonly permissions?: PolicyDocument;
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

export function workloadGrants(ctx: AwsContext, w: WorkloadConfig): Grant[] {
  return [
    ...w.s3.flatMap((e) => s3Grants(ctx, e)),
    ...w.kms.flatMap((e) => kmsGrants(ctx, e)),
    ...w.secrets.flatMap((e) => secretGrants(ctx, e)),
    ...w.sqs.flatMap((e) => sqsGrants(ctx, e)),
    ...w.dynamodb.flatMap((e) => dynamodbGrants(ctx, e)),
    ...w.eks.flatMap((e) => eksReadGrants(ctx, e)),
  ];
}

export function planWorkloadIdentity(
  platform: PlatformConfig,
  cluster: ClusterConfig,
  w: WorkloadConfig,
  path: string,
): { plan?: WorkloadIdentityPlan; problems: Problem[] } {
  const ctx = awsContext(platform);
  const { issuer, providerArn } = clusterIssuer(platform, cluster);
  const trustProps = { providerArn, issuer, namespace: w.namespace, serviceAccount: w.serviceAccount, wildcardSubject: w.wildcardSubject };
  const trustProblems = irsaTrustProblems(trustProps);
  if (trustProblems.length > 0) {
    return { problems: trustProblems.map((message) => ({ path: `${path}.serviceAccount`, message, value: w.serviceAccount, fix: 'Name exactly one service account' })) };
  }
  const problems: Problem[] = [];
  const trust = irsaTrust(trustProps);
  const trustSize = policySize(renderPolicy(trust));
  if (trustSize > platform.iam.trustPolicyMaxChars) {
    problems.push({ path, message: `trust policy is ${trustSize} characters, over the account quota of ${platform.iam.trustPolicyMaxChars}`, fix: 'Raise iam.trustPolicyMaxChars to your account\'s quota, or shorten the namespace and service account names' });
  }
  const grants = workloadGrants(ctx, w);
  const permissions = grants.length > 0 ? permissionPolicy(grants) : undefined;
  if (permissions !== undefined) {
    const size = policySize(renderPolicy(permissions));
    if (size > INLINE_POLICY_QUOTA) {
      problems.push({ path, message: `permission policy is ${size} characters, over IAM's ${INLINE_POLICY_QUOTA} for a role's inline policies`, fix: 'Split the workload into narrower workloads, or merge bucket prefixes' });
    }
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
      trust,
      permissions,
      permissionsBoundaryArn: w.permissionsBoundaryArn ?? boundaryArnFor(ctx, platform.iam.permissionsBoundaryArn, cluster.name, platform.iam.rolePath),
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
