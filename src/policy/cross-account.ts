/**
 * The resource side of a workload's access to another account: a cross-account call needs both the
 * caller's identity policy and the resource's policy (or, for KMS, a grant), or it fails with
 * AccessDenied. Per account: the KMS grants and the bucket, secret and repository policy
 * statements naming each workload role. Pure.
 */
import type { ClusterConfig, PlatformConfig } from '../config/schema';
import { parseArn } from '../aws/arn';
import { AwsContext, PolicyDocument, Statement } from './document';
import { familyResourceSides, SERVICE_FAMILIES, type ServiceFamily } from './services';
import { placeholdersFor } from './services/s3';
import type { WorkloadIdentityPlan } from './workload';

export interface KmsGrantPlan {
  /** Terraform key: `<ns>_<workload>_<key id>`. */
  readonly key: string;
  readonly keyArn: string;
  readonly granteeRoleArn: string;
  readonly operations: string[];
  readonly encryptionContext?: Record<string, string>;
}

export interface AccountAccess {
  readonly account: string;
  readonly kmsGrants: KmsGrantPlan[];
  /** Resource policy documents by bucket name / secret ARN (as configured) / repository name. */
  readonly bucketPolicies: Record<string, PolicyDocument>;
  readonly secretPolicies: Record<string, PolicyDocument>;
  readonly repositoryPolicies: Record<string, PolicyDocument>;
}

/** Everything other accounts must allow for a cluster's workloads, by account (sorted, deterministic). */
export function crossAccountAccess(platform: PlatformConfig, cluster: ClusterConfig, plans: readonly WorkloadIdentityPlan[], ctx: AwsContext): AccountAccess[] {
  return familyAccountAccess(SERVICE_FAMILIES, platform, cluster, plans, ctx);
}

/** `crossAccountAccess` over the given service families: each family's resource sides, gathered by account. */
export function familyAccountAccess(families: readonly ServiceFamily[], platform: Pick<PlatformConfig, 'accountId'>, cluster: Pick<ClusterConfig, 'workloads'>, plans: readonly WorkloadIdentityPlan[], ctx: AwsContext): AccountAccess[] {
  const byAccount = new Map<string, { kmsGrants: KmsGrantPlan[]; policies: Record<'bucket-policy' | 'secret-policy' | 'repository-policy', Map<string, Statement[]>> }>();
  const of = (account: string) => {
    if (!byAccount.has(account)) byAccount.set(account, { kmsGrants: [], policies: { 'bucket-policy': new Map(), 'secret-policy': new Map(), 'repository-policy': new Map() } });
    return byAccount.get(account)!;
  };
  const push = (m: Map<string, Statement[]>, k: string, s: Statement) => m.set(k, [...(m.get(k) ?? []), s]);
  for (const plan of plans) {
    const w = cluster.workloads.find((x) => x.namespace === plan.namespace && x.name === plan.name)!;
    const grantee = { namespace: plan.namespace, name: plan.name, roleArn: plan.roleArn, sidPrefix: plan.roleName.replace(/[^A-Za-z0-9]/g, '') };
    for (const side of familyResourceSides(families, { ...ctx, placeholders: placeholdersFor(w) }, w, grantee, platform.accountId)) {
      if (side.kind === 'kms-grant') {
        const keyId = parseArn(side.keyArn).resource.replace(/^key\//, '');
        of(side.account).kmsGrants.push({ key: `${plan.namespace}_${plan.name}_${keyId}`, keyArn: side.keyArn, granteeRoleArn: plan.roleArn, operations: [...side.operations], encryptionContext: side.encryptionContext === undefined ? undefined : { ...side.encryptionContext } });
      } else push(of(side.account).policies[side.kind], side.resource, side.statement);
    }
  }
  const docs = (m: Map<string, Statement[]>) => Object.fromEntries([...m.keys()].sort().map((k) => [k, { Version: '2012-10-17' as const, Statement: m.get(k)!.sort((a, b) => (a.Sid! < b.Sid! ? -1 : 1)) }]));
  // One grant per workload and key: a key named twice (say, directly and as a secret's key) merges its operations.
  const merged = (grants: KmsGrantPlan[]) => {
    const byKey = new Map<string, KmsGrantPlan>();
    for (const g of grants) {
      const prior = byKey.get(g.key);
      byKey.set(g.key, prior === undefined ? g : { ...prior, operations: [...new Set([...prior.operations, ...g.operations])].sort(), encryptionContext: prior.encryptionContext ?? g.encryptionContext });
    }
    return [...byKey.values()].sort((x, y) => (x.key < y.key ? -1 : 1));
  };
  return [...byAccount.keys()].sort().map((account) => {
    const a = byAccount.get(account)!;
    return { account, kmsGrants: merged(a.kmsGrants), bucketPolicies: docs(a.policies['bucket-policy']), secretPolicies: docs(a.policies['secret-policy']), repositoryPolicies: docs(a.policies['repository-policy']) };
  });
}
