/**
 * Configs that together set every field of the config schema (the hostile-input tests walk the
 * JSON Schema and fail when a field appears in none of them), each valid on its own.
 */
import { exampleInput, EXISTING_ISSUER_URL } from '../../bench/generate';

const OTHER = '999999999999';
const KEY = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/** A created cluster with every relaxation, option and workload kind, a second (existing) cluster, another account. */
export function everyFeatureInput(): any {
  const c = exampleInput();
  c.tags = { team: 'platform', 'cost-center': 'eng 42' };
  c.backend = { type: 'local', stateDir: 'state' };
  c.iam = { rolePath: '/eksguard/', trustPolicyMaxChars: 4096 };
  c.accounts = { [OTHER]: { roleArn: `arn:aws:iam::${OTHER}:role/eksguard-deployer`, region: 'us-east-1', managePolicies: true } };
  const cl = c.clusters[0];
  cl.network.nodeInternetEgress = { reason: 'pulls images from a public registry through NAT' };
  cl.network.webhookPorts = [8443, 9443];
  cl.endpointAccess = { public: true, publicAccessCidrs: ['203.0.113.0/24'], reason: 'admins reach the API from the office network' };
  cl.logging = { types: ['api', 'audit', 'authenticator'], retentionDays: 30, cloudTrailLogGroupName: 'aws-cloudtrail-logs-123456789012', reducedTypes: { reason: 'scheduler and controller logs are too noisy here' } };
  cl.access.entries.push({ principalArn: 'arn:aws:iam::123456789012:role/team/oncall', kubernetesGroups: ['oncall'], userName: 'oncall:{{SessionName}}' });
  cl.access.breakGlassRole = { trustedPrincipalArns: ['arn:aws:iam::123456789012:user/alice'], reason: 'restores access when SSO is down', maxSessionDurationSeconds: 3600, maxMfaAgeSeconds: 900 };
  cl.nodeGroups.push({
    name: 'gpu',
    instanceTypes: ['g5.xlarge'],
    scaling: { min: 0, desired: 1, max: 2 },
    amiType: 'AL2023_x86_64_NVIDIA',
    capacityType: 'SPOT',
    diskSizeGiB: 100,
    labels: { 'example.com/accelerator': 'nvidia' },
    taints: [{ key: 'example.com/gpu', value: 'true', effect: 'NO_SCHEDULE' }],
    imds: { hopLimit: 2, reason: 'the GPU operator reads instance metadata' },
    subnetIds: ['subnet-0aaa1111', 'subnet-0bbb2222'],
  });
  cl.addons = { cniIdentity: 'pod-identity', versions: { 'vpc-cni': 'v1.20.0-eksbuild.1' } };
  cl.namespaces = { monitoring: { podSecurity: 'baseline', reason: 'node-exporter reads host paths' }, legacy: { existing: true, scope: 'namespace' } };
  cl.rbac.groups.oncall = { namespaces: ['payments', 'monitoring'], exec: { reason: 'on-call debugs payment incidents' } };
  cl.secretsStoreCsi = { driverChartVersion: '1.6.0', awsProviderChartVersion: '3.1.1', rotationPollInterval: '600s' };
  cl.sharding = { shards: 2, maxWorkloadsPerStack: 500 };
  cl.auditQueries = true;
  cl.kubernetesAuth = 'exec';
  cl.workloads.push(
    {
      name: 'batch',
      namespace: 'legacy',
      serviceAccount: 'batch-*',
      wildcardSubject: { reason: 'one role for every batch job service account' },
      roleName: 'batch-jobs',
      maxSessionDurationSeconds: 7200,
      stsRegionalEndpoints: false,
      tokenExpirationSeconds: 3600,
      automountServiceAccountToken: true,
      permissionsBoundary: { arn: 'arn:aws:iam::123456789012:policy/team-boundary', reason: 'the batch team owns its own boundary' },
      s3: [{ bucket: 'shared-reports', prefixes: ['batch/'], access: 'read-write', delete: true, account: OTHER }],
      kms: [{ keyArn: KEY, access: ['decrypt', 'generate-data-key'], viaServices: ['s3'], encryptionContext: { app: 'batch' } }],
      secrets: [{ secretsManager: `arn:aws:secretsmanager:us-east-1:${OTHER}:secret:shared/api-token`, kmsKeyArn: KEY, env: 'API_TOKEN' }],
      ecr: [{ repository: `arn:aws:ecr:us-east-1:${OTHER}:repository/shared/base`, access: 'pull' }],
    },
    {
      name: 'reporter',
      namespace: 'monitoring',
      identity: 'irsa-and-pod-identity',
      podIdentity: { targetRoleArn: `arn:aws:iam::${OTHER}:role/reader`, disableSessionTags: { reason: 'long names overflow the packed policy size' } },
      sqs: [{ queue: 'reports.fifo', access: 'send' }],
      dynamodb: [{ table: 'reports', access: 'read', indexes: false }],
      s3: [{ bucket: 'report-archive', prefixes: ['2026'], prefixStems: { reason: 'yearly prefixes 2026 and 2026-q1 share a stem' }, access: 'read' }],
      ecr: [{ repository: 'team/reporter' }],
      network: { ingress: [{ fromApp: 'my-app', port: 9090, protocol: 'TCP' }] },
      securityGroup: { probePorts: [9090], egress: [{ toSecurityGroupId: 'sg-0db0123456789abcd', port: 5432, protocol: 'tcp', description: 'PostgreSQL on the reports database', cidr: '10.0.30.0/24' }] },
    },
  );
  c.clusters.push(existingClusterOf('staging-cluster'));
  c.acknowledgements = [{ rule: 'CKV_AWS_339', target: 'production-cluster/aws_eks_cluster.production-cluster', reason: 'upgrade is scheduled for the next window', expires: '2099-01-31' }];
  return c;
}

/** A cluster made elsewhere, with every `existing` field. */
function existingClusterOf(name: string): any {
  return {
    name,
    kubernetesVersion: '1.32',
    existing: {
      oidcIssuerUrl: EXISTING_ISSUER_URL,
      oidcProviderArn: `arn:aws:iam::123456789012:oidc-provider/${EXISTING_ISSUER_URL.replace('https://', '')}`,
      podIdentityAgent: 'create',
      vpcCidr: '10.1.0.0/16',
      vpcId: 'vpc-0123456789abcdef1',
      nodeSecurityGroupId: 'sg-0123456789abcdef1',
    },
    access: { entries: [{ principalArn: 'arn:aws:iam::123456789012:role/staging-admins', accessPolicy: 'AmazonEKSEditPolicy', namespaces: ['staging'] }] },
    workloads: [
      { name: 'web', namespace: 'staging', identity: 'pod-identity', s3: [{ bucket: 'staging-assets', access: 'read' }], securityGroup: { probePorts: [8080] } },
    ],
  };
}

/** The example on an S3 backend with every option. */
export function s3BackendInput(): any {
  const c = exampleInput();
  c.iam = { permissionsBoundary: { arn: 'arn:aws:iam::123456789012:policy/org-boundary', reason: 'the organization requires its own boundary' } };
  c.backend = { type: 's3', bucket: 'eksguard-state', region: 'us-east-1', keyPrefix: 'platform/prod', useLockfile: true, kmsKeyId: 'alias/terraform-state', roleArn: 'arn:aws:iam::123456789012:role/state-writer' };
  return c;
}

/** The example on HCP Terraform with every option. */
export function cloudBackendInput(): any {
  const c = exampleInput();
  c.backend = { type: 'cloud', organization: 'acme', workspacePrefix: 'eksguard-', project: 'Platform EKS', hostname: 'app.terraform.io' };
  return c;
}

/** Every fixture, by name. */
export function fixtureInputs(): Record<string, any> {
  return { 'every feature': everyFeatureInput(), 's3 backend': s3BackendInput(), 'cloud backend': cloudBackendInput() };
}
