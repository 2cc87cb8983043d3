/**
 * The configs the Terraform tier synthesizes, validates and plans. Together they use every
 * documented feature; the comment on each says what it adds.
 */
import { exampleInput, existingClusterInput } from '../../../bench/generate';
import { cloudBackendInput, everyFeatureInput, s3BackendInput } from '../../support/fixtures';

const OTHER = '999999999999';

/** Cross-account access where the other account's owners merge the statements (managePolicies false). */
export function crossAccountUnmanagedInput(): any {
  const c = exampleInput();
  c.accounts = { [OTHER]: { roleArn: `arn:aws:iam::${OTHER}:role/eksguard-deployer` } };
  const w = c.clusters[0].workloads.find((x: any) => x.name === 'my-app');
  w.s3.push({ bucket: 'partner-drop', prefixes: ['inbound/'], access: 'read', account: OTHER });
  w.secrets.push({ secretsManager: `arn:aws:secretsmanager:us-east-1:${OTHER}:secret:partner/token` });
  w.ecr = [{ repository: `arn:aws:ecr:us-east-1:${OTHER}:repository/partner/base` }];
  return c;
}

/**
 * Two created clusters, the second named `access` (a name that crashed synth once: the regression
 * test of that bug runs through validate and plan here), with defaults everywhere.
 */
export function severalClustersInput(): any {
  const c = exampleInput();
  c.clusters.push({
    name: 'access',
    kubernetesVersion: '1.33',
    network: {
      vpcId: 'vpc-0123456789abcdef2',
      vpcCidr: '10.2.0.0/16',
      privateSubnetIds: ['subnet-0ddd4444', 'subnet-0eee5555'],
      privateRouteTableIds: ['rtb-0bbb2222'],
    },
    secretsEncryption: { keyAdministratorArns: ['arn:aws:iam::123456789012:role/terraform-deployer'] },
    access: { entries: [{ principalArn: 'arn:aws:iam::123456789012:role/access-admins', accessPolicy: 'AmazonEKSAdminPolicy', namespaces: ['jobs'] }] },
    nodeGroups: [{ name: 'default', instanceTypes: ['m7i.large'], scaling: { min: 1, desired: 2, max: 3 } }],
    workloads: [{ name: 'access', namespace: 'jobs', identity: 'pod-identity', sqs: [{ queue: 'access-jobs', access: 'consume' }] }],
  });
  return c;
}

/**
 * Every name at the longest the config schema accepts: a 100-character cluster, 63-character node
 * group, workload and namespace names, a 253-character service account, the longest role path, and
 * numbers at their maxima. Terraform found the first bug here: a launch template named from the
 * cluster's reference was not shortened and plan refused its 164 characters.
 */
export function nameLimitsInput(): any {
  const c = exampleInput();
  const cl = c.clusters[0];
  const cluster = `c${'x'.repeat(98)}z`;
  cl.name = cluster;
  cl.workloads.find((w: any) => w.name === 'svc-test').eks[0].cluster = cluster;
  cl.nodeGroups[0] = { ...cl.nodeGroups[0], name: `n${'g'.repeat(61)}z`, diskSizeGiB: 65536, scaling: { min: 0, desired: 1, max: 450 } };
  cl.logging.retentionDays = 3653;
  cl.access.breakGlassRole = { trustedPrincipalArns: ['arn:aws:iam::123456789012:user/alice'], reason: 'restores access when SSO is down', maxMfaAgeSeconds: 60 };
  cl.access.entries[1].kubernetesGroups = ['developers', 'g'.repeat(200)];
  c.iam = { rolePath: `/${'p'.repeat(510)}/` };
  const irsa = cl.workloads[0];
  Object.assign(irsa, { name: `w${'o'.repeat(61)}z`, namespace: `n${'s'.repeat(61)}z`, serviceAccount: `s${'a'.repeat(251)}z`, maxSessionDurationSeconds: 43200, tokenExpirationSeconds: 86400 });
  const pod = cl.workloads.find((w: any) => w.identity === 'pod-identity');
  Object.assign(pod, { name: `p${'i'.repeat(61)}z`, namespace: `q${'n'.repeat(61)}z` });
  pod.securityGroup.egress[0].description = 'd'.repeat(255);
  cl.workloads.find((w: any) => w.name === 'my-app').network.ingress[0].fromApp = pod.name;
  return c;
}

/**
 * The matrix, by module-name-safe key. What each adds:
 * - example: the seeds' platform (created cluster, IRSA and Pod Identity, S3, SQS, DynamoDB, EKS,
 *   Secrets Manager, SSM, KMS, security group for pods with flows, access entries with break-glass
 *   and RBAC groups, local backend);
 * - every-feature: public endpoint, reduced log types, hop limit 2, taints, spot GPU nodes,
 *   break-glass role, cross-account with managed policies, ECR, Pod Identity migration mode
 *   (irsa-and-pod-identity) with a target role, wildcard subject, permissions boundaries, sharding,
 *   a second (existing) cluster, CNI on Pod Identity, audit queries, exec auth;
 * - s3-backend, cloud-backend: the remote backends (replaced by the local root; the workloads
 *   stacks' remote state too);
 * - existing-cluster: a cluster made elsewhere (no cluster stack resources but access entries);
 * - cross-account-unmanaged: another account's statements as outputs;
 * - several-clusters: two created clusters, one named `access`;
 * - name-limits: every name and number at the longest or largest the schema accepts.
 */
export function terraformMatrix(): Record<string, any> {
  return {
    example: exampleInput(),
    'every-feature': everyFeatureInput(),
    's3-backend': s3BackendInput(),
    'cloud-backend': cloudBackendInput(),
    'existing-cluster': existingClusterInput(),
    'cross-account-unmanaged': crossAccountUnmanagedInput(),
    'several-clusters': severalClustersInput(),
    'name-limits': nameLimitsInput(),
  };
}
