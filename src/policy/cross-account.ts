/**
 * The resource side of a workload's access to another account: a cross-account call needs both the
 * caller's identity policy and the resource's policy (or, for KMS, a grant), or it fails with
 * AccessDenied. Per account: the KMS grants and the bucket, secret and repository policy
 * statements naming each workload role. Pure.
 */
import type { ClusterConfig, PlatformConfig } from '../config/schema';
import { parseArn } from '../aws/arn';
import { AwsContext, PolicyDocument, Statement } from './document';
import { ECR_PULL_ACTIONS, repositoryArn } from './ecr';
import { s3Grants } from './s3';
import { s3GrantProps, type WorkloadIdentityPlan } from './workload';

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

const OPERATIONS: Record<string, string[]> = { decrypt: ['Decrypt', 'DescribeKey'], encrypt: ['Encrypt', 'DescribeKey'], 'generate-data-key': ['GenerateDataKey', 'DescribeKey'] };


/** Everything other accounts must allow for a cluster's workloads, by account (sorted, deterministic). */
export function crossAccountAccess(platform: PlatformConfig, cluster: ClusterConfig, plans: readonly WorkloadIdentityPlan[], ctx: AwsContext): AccountAccess[] {
  const byAccount = new Map<string, { kmsGrants: KmsGrantPlan[]; buckets: Map<string, Statement[]>; secrets: Map<string, Statement[]>; repositories: Map<string, Statement[]> }>();
  const of = (account: string) => {
    if (!byAccount.has(account)) byAccount.set(account, { kmsGrants: [], buckets: new Map(), secrets: new Map(), repositories: new Map() });
    return byAccount.get(account)!;
  };
  const push = (m: Map<string, Statement[]>, k: string, s: Statement) => m.set(k, [...(m.get(k) ?? []), s]);
  const sid = (plan: WorkloadIdentityPlan) => plan.roleName.replace(/[^A-Za-z0-9]/g, '');
  for (const plan of plans) {
    const w = cluster.workloads.find((x) => x.namespace === plan.namespace && x.name === plan.name)!;
    const principal = { AWS: plan.roleArn };
    for (const k of w.kms) {
      const account = parseArn(k.keyArn).account;
      if (account === platform.accountId) continue;
      const keyId = parseArn(k.keyArn).resource.replace(/^key\//, '');
      of(account).kmsGrants.push({
        key: `${plan.namespace}_${plan.name}_${keyId}`,
        keyArn: k.keyArn,
        granteeRoleArn: plan.roleArn,
        operations: [...new Set(k.access.flatMap((a) => OPERATIONS[a]))].sort(),
        encryptionContext: k.encryptionContext,
      });
    }
    for (const b of w.s3) {
      if (b.account === undefined || b.account === platform.accountId) continue;
      for (const g of s3Grants(ctx, s3GrantProps(w, b))) push(of(b.account).buckets, b.bucket, { Sid: `${sid(plan)}${g.sid}`, Effect: 'Allow', Principal: principal, Action: [...g.actions], Resource: g.resources.length === 1 ? g.resources[0] : [...g.resources], ...(g.conditions ? { Condition: g.conditions } : {}) });
    }
    for (const s of w.secrets) {
      if (s.kmsKeyArn !== undefined && parseArn(s.kmsKeyArn).account !== platform.accountId) {
        const keyId = parseArn(s.kmsKeyArn).resource.replace(/^key\//, '');
        of(parseArn(s.kmsKeyArn).account).kmsGrants.push({ key: `${plan.namespace}_${plan.name}_${keyId}`, keyArn: s.kmsKeyArn, granteeRoleArn: plan.roleArn, operations: ['Decrypt', 'DescribeKey'] });
      }
      if (s.secretsManager === undefined || !s.secretsManager.startsWith('arn:')) continue;
      const account = parseArn(s.secretsManager).account;
      if (account === platform.accountId) continue;
      // In a secret's own policy, Resource "*" is the secret itself.
      push(of(account).secrets, s.secretsManager, { Sid: `${sid(plan)}Read`, Effect: 'Allow', Principal: principal, Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'], Resource: '*' });
    }
    for (const r of w.ecr) {
      const arn = repositoryArn(ctx, r.repository);
      const account = parseArn(arn).account;
      if (account === platform.accountId) continue;
      push(of(account).repositories, parseArn(arn).resource.replace(/^repository\//, ''), { Sid: `${sid(plan)}Pull`, Effect: 'Allow', Principal: principal, Action: ECR_PULL_ACTIONS });
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
    return { account, kmsGrants: merged(a.kmsGrants), bucketPolicies: docs(a.buckets), secretPolicies: docs(a.secrets), repositoryPolicies: docs(a.repositories) };
  });
}
