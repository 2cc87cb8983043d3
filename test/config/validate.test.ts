import { readFileSync } from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { formatProblem, formatWarning, loadConfigFile, validateConfig } from '../../src/config';
import { checkIpv4Cidr } from '../../src/config/cidr';

const example = () => parse(readFileSync(path.join(__dirname, '../../examples/platform.yaml'), 'utf8'));
type Mutate = (c: any) => void;
const w0 = (c: any) => c.clusters[0].workloads[0];
const c0 = (c: any) => c.clusters[0];
/** The example's cluster turned into one made elsewhere, for the `existing` cases. */
const existing = (c: any) => {
  for (const f of ['network', 'nodeGroups', 'secretsEncryption', 'endpointAccess', 'logging', 'addons']) delete c0(c)[f];
  c0(c).existing = { oidcIssuerUrl: 'https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE', vpcCidr: '10.0.0.0/16', vpcId: 'vpc-0123456789abcdef0', nodeSecurityGroupId: 'sg-0123456789abcdef0', podIdentityAgent: 'installed' };
  return c0(c).existing;
};

describe('the embedded example', () => {
  test('is valid and gets its defaults in one place', () => {
    const r = validateConfig(example());
    expect(r.problems).toEqual([]);
    const w = r.config!.clusters[0].workloads[0];
    expect(w).toMatchObject({ identity: 'irsa', maxSessionDurationSeconds: 3600, stsRegionalEndpoints: true, automountServiceAccountToken: false });
    expect(r.config!.iam).toEqual({ rolePath: '/', trustPolicyMaxChars: 2048 });
    expect(r.config!.backend).toEqual({ type: 'local', stateDir: '.' });
  });

  test('serviceAccount defaults to the workload name', () => {
    const c = example();
    delete w0(c).serviceAccount;
    expect(validateConfig(c).config!.clusters[0].workloads[0].serviceAccount).toBe('app-sqs-consumer');
  });
});

// Each invalid config must name its field path; the line also carries the bad value and a fix.
const invalid: Array<[string, Mutate, string]> = [
  ['region is not a region code', (c) => (c.region = 'us-east'), 'region'],
  ['accountId is a number', (c) => (c.accountId = 123456789012), 'accountId'],
  ['accountId is short', (c) => (c.accountId = '1234'), 'accountId'],
  ['accountId is missing', (c) => delete c.accountId, 'accountId'],
  ['an unknown top-level field', (c) => (c.regoin = 'us-east-1'), 'regoin'],
  ['backend type unsupported', (c) => (c.backend = { type: 'gcs' }), 'backend.type'],
  ['rolePath without slashes', (c) => (c.iam = { rolePath: 'eksguard' }), 'iam.rolePath'],
  ['trust quota below IAM minimum', (c) => (c.iam = { trustPolicyMaxChars: 1000 }), 'iam.trustPolicyMaxChars'],
  ['permissions boundary is not a policy ARN', (c) => (c.iam = { permissionsBoundary: { arn: 'arn:aws:iam::123456789012:role/x', reason: 'the organization mandates its own' } }), 'iam.permissionsBoundary.arn'],
  // Replacing eksguard's boundary is a relaxation: it needs a reason, and the old ARN-only fields say so.
  ['the platform boundary without a reason', (c) => (c.iam = { permissionsBoundary: { arn: 'arn:aws:iam::123456789012:policy/org-boundary' } }), 'iam.permissionsBoundary.reason'],
  ['the platform boundary with a short reason', (c) => (c.iam = { permissionsBoundary: { arn: 'arn:aws:iam::123456789012:policy/org-boundary', reason: 'org' } }), 'iam.permissionsBoundary.reason'],
  ['the old iam.permissionsBoundaryArn field', (c) => (c.iam = { permissionsBoundaryArn: 'arn:aws:iam::123456789012:policy/org-boundary' }), 'iam.permissionsBoundaryArn'],
  ['the old workload permissionsBoundaryArn field', (c) => (w0(c).permissionsBoundaryArn = 'arn:aws:iam::aws:policy/AdministratorAccess'), 'clusters[0].workloads[0].permissionsBoundaryArn'],
  ['a workload boundary without a reason', (c) => (w0(c).permissionsBoundary = { arn: 'arn:aws:iam::aws:policy/AdministratorAccess' }), 'clusters[0].workloads[0].permissionsBoundary.reason'],
  ['no clusters', (c) => (c.clusters = []), 'clusters'],
  ['cluster name has spaces', (c) => (c.clusters[0].name = 'prod cluster'), 'clusters[0].name'],
  ['two clusters with the same name', (c) => c.clusters.push({ ...c.clusters[0], workloads: [] }), 'clusters[1].name'],
  ['issuer is the dual-stack form', (c) => (existing(c).oidcIssuerUrl = 'https://oidc-eks.us-east-1.api.aws/id/ABC'), 'clusters[0].existing.oidcIssuerUrl'],
  ['issuer uses http', (c) => (existing(c).oidcIssuerUrl = 'http://oidc.eks.us-east-1.amazonaws.com/id/ABC'), 'clusters[0].existing.oidcIssuerUrl'],
  ['issuer in another region', (c) => (existing(c).oidcIssuerUrl = 'https://oidc.eks.eu-west-1.amazonaws.com/id/ABC'), 'clusters[0].existing.oidcIssuerUrl'],
  ['neither existing nor network', (c) => delete c0(c).network, 'clusters[0].network'],
  ['created cluster without secretsEncryption', (c) => delete c0(c).secretsEncryption, 'clusters[0].secretsEncryption'],
  ['existing cluster with node groups', (c) => { existing(c); c0(c).nodeGroups = [{ name: 'x', instanceTypes: ['m6i.large'], scaling: { min: 1, desired: 1, max: 1 } }]; }, 'clusters[0].nodeGroups'],
  ['public endpoint without CIDRs', (c) => (c0(c).endpointAccess = { public: true, reason: 'admins outside the VPN' }), 'clusters[0].endpointAccess.publicAccessCidrs'],
  ['public endpoint open to the internet', (c) => (c0(c).endpointAccess = { public: true, publicAccessCidrs: ['0.0.0.0/0'], reason: 'admins outside the VPN' }), 'clusters[0].endpointAccess.publicAccessCidrs[0]'],
  ['public endpoint without a reason', (c) => (c0(c).endpointAccess = { public: true, publicAccessCidrs: ['203.0.113.0/24'] }), 'clusters[0].endpointAccess.reason'],
  ['public CIDRs on a private endpoint', (c) => (c0(c).endpointAccess = { public: false, publicAccessCidrs: ['203.0.113.0/24'] }), 'clusters[0].endpointAccess'],
  ['a public CIDR that is not a CIDR', (c) => (c0(c).endpointAccess = { public: true, publicAccessCidrs: ['203.0.113.0'], reason: 'admins outside the VPN' }), 'clusters[0].endpointAccess.publicAccessCidrs[0]'],
  // CIDRs are parsed (ipaddr.js), not matched by shape: every CIDR field shares one check.
  ['a VPC CIDR with a prefix longer than 32', (c) => (c0(c).network.vpcCidr = '10.0.0.0/33'), 'clusters[0].network.vpcCidr'],
  ['a VPC CIDR with an octet above 255', (c) => (c0(c).network.vpcCidr = '999.1.1.1/8'), 'clusters[0].network.vpcCidr'],
  ['a VPC CIDR with a leading zero in its prefix', (c) => (c0(c).network.vpcCidr = '10.0.0.0/08'), 'clusters[0].network.vpcCidr'],
  ['a public CIDR with host bits set (a typo that widens)', (c) => (c0(c).endpointAccess = { public: true, publicAccessCidrs: ['203.0.113.5/24'], reason: 'admins outside the VPN' }), 'clusters[0].endpointAccess.publicAccessCidrs[0]'],
  ['an existing cluster\'s VPC CIDR with host bits set', (c) => (existing(c).vpcCidr = '10.0.3.0/16'), 'clusters[0].existing.vpcCidr'],
  ['log types dropped without a reason', (c) => (c0(c).logging.types = ['api', 'audit']), 'clusters[0].logging.types'],
  ['log retention not a CloudWatch value', (c) => (c0(c).logging.retentionDays = 100), 'clusters[0].logging.retentionDays'],
  ['one subnet', (c) => (c0(c).network.privateSubnetIds = ['subnet-0aaa1111']), 'clusters[0].network.privateSubnetIds'],
  ['unknown endpoint service', (c) => c0(c).network.endpoints.push('dynamodb-streams'), 'clusters[0].network.endpoints[10]'],
  ['s3 endpoint without route tables', (c) => (c0(c).network.privateRouteTableIds = []), 'clusters[0].network.privateRouteTableIds'],
  ['no key administrators', (c) => (c0(c).secretsEncryption.keyAdministratorArns = []), 'clusters[0].secretsEncryption.keyAdministratorArns'],
  ['key administrator is a session ARN', (c) => (c0(c).secretsEncryption.keyAdministratorArns = ['arn:aws:sts::123456789012:assumed-role/deployer/ci']), 'clusters[0].secretsEncryption.keyAdministratorArns[0]'],
  ['system:masters in an access entry', (c) => (c0(c).access.entries[1].kubernetesGroups = ['system:masters']), 'clusters[0].access.entries[1].kubernetesGroups[0]'],
  ['cluster admin without breakGlass', (c) => delete c0(c).access.entries[0].breakGlass, 'clusters[0].access.entries[0].breakGlass'],
  ['breakGlass on a namespaced entry', (c) => (c0(c).access.entries[2].breakGlass = { reason: 'on-call payments team' }), 'clusters[0].access.entries[2].breakGlass'],
  ['an access entry that grants nothing', (c) => delete c0(c).access.entries[1].kubernetesGroups, 'clusters[0].access.entries[1]'],
  ['namespaces without an access policy', (c) => (c0(c).access.entries[1].namespaces = ['payments']), 'clusters[0].access.entries[1].namespaces'],
  ['two entries for one principal', (c) => c0(c).access.entries.push({ ...c0(c).access.entries[1] }), 'clusters[0].access.entries[3].principalArn'],
  ['unknown access policy', (c) => (c0(c).access.entries[2].accessPolicy = 'AmazonEKSReadOnly'), 'clusters[0].access.entries[2].accessPolicy'],
  ['break-glass role session too long', (c) => (c0(c).access.breakGlassRole = { trustedPrincipalArns: ['arn:aws:iam::123456789012:role/oncall'], maxSessionDurationSeconds: 7200, reason: 'cluster recovery when SSO is down' }), 'clusters[0].access.breakGlassRole.maxSessionDurationSeconds'],
  ['a break-glass session shorter than IAM allows a role', (c) => (c0(c).access.breakGlassRole = { trustedPrincipalArns: ['arn:aws:iam::123456789012:role/oncall'], maxSessionDurationSeconds: 900, reason: 'cluster recovery when SSO is down' }), 'clusters[0].access.breakGlassRole.maxSessionDurationSeconds'],
  ['a break-glass MFA older than an hour', (c) => (c0(c).access.breakGlassRole = { trustedPrincipalArns: ['arn:aws:iam::123456789012:role/oncall'], maxMfaAgeSeconds: 7200, reason: 'cluster recovery when SSO is down' }), 'clusters[0].access.breakGlassRole.maxMfaAgeSeconds'],
  ['hop limit 2 without a reason', (c) => (c0(c).nodeGroups[0].imds = { hopLimit: 2 }), 'clusters[0].nodeGroups[0].imds.reason'],
  ['hop limit 3', (c) => (c0(c).nodeGroups[0].imds = { hopLimit: 3, reason: 'legacy agent reads IMDS' }), 'clusters[0].nodeGroups[0].imds.hopLimit'],
  ['two node groups with one name', (c) => c0(c).nodeGroups.push({ ...c0(c).nodeGroups[0] }), 'clusters[0].nodeGroups[1].name'],
  ['node group scaling min above max', (c) => (c0(c).nodeGroups[0].scaling = { min: 5, desired: 5, max: 2 }), 'clusters[0].nodeGroups[0].scaling'],
  ['no node group CoreDNS can run on', (c) => (c0(c).nodeGroups[0].taints = [{ key: 'gpu', value: 'true', effect: 'NO_SCHEDULE' }]), 'clusters[0].nodeGroups'],
  ['a Windows AMI type', (c) => (c0(c).nodeGroups[0].amiType = 'WINDOWS_CORE_2022_x86_64'), 'clusters[0].nodeGroups[0].amiType'],
  ['a flow from an unknown app', (c) => (c.clusters[0].workloads[1].network.ingress[0].fromApp = 'frontend'), 'clusters[0].workloads[1].network.ingress[0].fromApp'],
  ['a flow port out of range', (c) => (c.clusters[0].workloads[1].network.ingress[0].port = 70000), 'clusters[0].workloads[1].network.ingress[0].port'],
  ['two secrets on one env variable', (c) => c.clusters[0].workloads[1].secrets.push({ ssmParameter: '/prod/my-app/other', env: 'DATABASE_URL' }), 'clusters[0].workloads[1].secrets[2].env'],
  // Each secret is a file named by secretFileName ("/" → "_"); two on one name break every pod mount.
  ['two secrets mounted as one file', (c) => c.clusters[0].workloads[1].secrets.push({ secretsManager: 'prod/my-app_database-url' }), 'clusters[0].workloads[1].secrets[2].secretsManager'],
  ['a secret and a parameter mounted as one file', (c) => c.clusters[0].workloads[1].secrets.push({ ssmParameter: 'prod/my-app/database-url' }), 'clusters[0].workloads[1].secrets[2].ssmParameter'],
  ['a secret listed twice', (c) => c.clusters[0].workloads[1].secrets.push({ ssmParameter: '/prod/my-app/api-key' }), 'clusters[0].workloads[1].secrets[2].ssmParameter'],
  // One SecretProviderClass region (the platform's): secrets elsewhere cannot be mounted.
  ['a secret in another region', (c) => c.clusters[0].workloads[1].secrets.push({ secretsManager: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/other-AbCdEf' }), 'clusters[0].workloads[1].secrets[2].secretsManager'],
  ['a parameter in another region', (c) => c.clusters[0].workloads[1].secrets.push({ ssmParameter: 'arn:aws:ssm:eu-west-1:123456789012:parameter/prod/other' }), 'clusters[0].workloads[1].secrets[2].ssmParameter'],
  ['a cross-account secret in another region', (c) => {
    c.accounts = { '999999999999': { roleArn: 'arn:aws:iam::999999999999:role/eksguard-deployer', region: 'eu-west-1' } };
    c.clusters[0].workloads[1].secrets.push({ secretsManager: 'arn:aws:secretsmanager:eu-west-1:999999999999:secret:shared/db-AbCdEf' });
  }, 'clusters[0].workloads[1].secrets[2].secretsManager'],
  ['an env name in lower case', (c) => (c.clusters[0].workloads[1].secrets[0].env = 'database_url'), 'clusters[0].workloads[1].secrets[0].env'],
  ['a pod security group rule without a description', (c) => (c.clusters[0].workloads[3].securityGroup.egress[0].description = ''), 'clusters[0].workloads[3].securityGroup.egress[0].description'],
  ['a pod security group rule to a non-id', (c) => (c.clusters[0].workloads[3].securityGroup.egress[0].toSecurityGroupId = 'database'), 'clusters[0].workloads[3].securityGroup.egress[0].toSecurityGroupId'],
  ['an existing cluster without its VPC CIDR', (c) => { existing(c); delete c0(c).existing.vpcCidr; }, 'clusters[0].existing.vpcCidr'],
  ['pod security groups on an existing cluster without its node group', (c) => { existing(c); delete c0(c).existing.nodeSecurityGroupId; }, 'clusters[0].workloads[3].securityGroup'],
  ['a created cluster without its VPC CIDR', (c) => delete c0(c).network.vpcCidr, 'clusters[0].network.vpcCidr'],
  ['a restricted namespace with a reason', (c) => (c0(c).namespaces = { payments: { reason: 'no relaxation here at all' } }), 'clusters[0].namespaces.payments.reason'],
  ['a namespace level that does not exist', (c) => (c0(c).namespaces = { payments: { podSecurity: 'open' } }), 'clusters[0].namespaces.payments.podSecurity'],
  ['rbac for a group no entry carries', (c) => (c0(c).rbac.groups = { admins: { namespaces: ['payments'] } }), 'clusters[0].rbac.groups.admins'],
  ['a CSI rotation interval without a unit', (c) => (c0(c).secretsStoreCsi = { rotationPollInterval: '3600' }), 'clusters[0].secretsStoreCsi.rotationPollInterval'],
  ['node group without instance types', (c) => (c0(c).nodeGroups[0].instanceTypes = []), 'clusters[0].nodeGroups[0].instanceTypes'],
  ['kubernetesVersion as a number', (c) => (c0(c).kubernetesVersion = 1.3), 'clusters[0].kubernetesVersion'],
  ['nodeInternetEgress reason too short', (c) => (c0(c).network.nodeInternetEgress = { reason: 'nat' }), 'clusters[0].network.nodeInternetEgress.reason'],
  ['provider ARN for another issuer', (c) => (existing(c).oidcProviderArn = 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/OTHER'), 'clusters[0].existing.oidcProviderArn'],
  ['provider ARN in another account', (c) => (existing(c).oidcProviderArn = 'arn:aws:iam::999999999999:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE'), 'clusters[0].existing.oidcProviderArn'],
  ['kubernetesAuth unknown', (c) => (c.clusters[0].kubernetesAuth = 'kubeconfig'), 'clusters[0].kubernetesAuth'],
  ['workload name uppercase', (c) => (w0(c).name = 'App'), 'clusters[0].workloads[0].name'],
  ['namespace with underscore', (c) => (w0(c).namespace = 'pay_ments'), 'clusters[0].workloads[0].namespace'],
  ['namespace too long', (c) => (w0(c).namespace = 'n'.repeat(64)), 'clusters[0].workloads[0].namespace'],
  ['misspelled serviceAccount', (c) => (w0(c).serviceAcount = 'x'), 'clusters[0].workloads[0].serviceAcount'],
  ['service account wildcard without reason', (c) => (w0(c).serviceAccount = 'app-*'), 'clusters[0].workloads[0].serviceAccount'],
  ['wildcard reason too short', (c) => Object.assign(w0(c), { serviceAccount: 'app-*', wildcardSubject: { reason: 'ops' } }), 'clusters[0].workloads[0].wildcardSubject.reason'],
  ['wildcardSubject without a wildcard', (c) => (w0(c).wildcardSubject = { reason: 'operator-managed service accounts' }), 'clusters[0].workloads[0].wildcardSubject'],
  ['identity unknown', (c) => (w0(c).identity = 'kiam'), 'clusters[0].workloads[0].identity'],
  ['duplicate workload', (c) => c.clusters[0].workloads.push({ ...w0(c), serviceAccount: 'other' }), 'clusters[0].workloads[4].name'],
  ['two workloads on one service account', (c) => c.clusters[0].workloads.push({ name: 'twin', namespace: 'payments', serviceAccount: 'app-sqs-consumer' }), 'clusters[0].workloads[4].serviceAccount'],
  ['pod identity with a wildcard service account', (c) => Object.assign(w0(c), { identity: 'pod-identity', serviceAccount: 'app-*', wildcardSubject: { reason: 'operator-managed service accounts' } }), 'clusters[0].workloads[0].wildcardSubject'],
  ['pod identity with an IRSA token lifetime', (c) => (c.clusters[0].workloads[1].identity = 'pod-identity'), 'clusters[0].workloads[1].tokenExpirationSeconds'],
  ['a placeholder other than namespace or serviceAccount', (c) => (w0(c).s3[0].prefixes = ['{cluster}/']), 'clusters[0].workloads[0].s3[0].prefixes[0]'],
  ['a target role that is not a role ARN', (c) => Object.assign(w0(c), { identity: 'pod-identity', podIdentity: { targetRoleArn: 'arn:aws:iam::999999999999:user/x' } }), 'clusters[0].workloads[0].podIdentity.targetRoleArn'],
  ['role name too long', (c) => (w0(c).roleName = 'r'.repeat(65)), 'clusters[0].workloads[0].roleName'],
  ['role name reused', (c) => { w0(c).roleName = 'shared'; c.clusters[0].workloads[1].roleName = 'shared'; }, 'clusters[0].workloads[1].roleName'],
  ['session too long', (c) => (w0(c).maxSessionDurationSeconds = 50000), 'clusters[0].workloads[0].maxSessionDurationSeconds'],
  ['token expiration too short', (c) => (w0(c).tokenExpirationSeconds = 60), 'clusters[0].workloads[0].tokenExpirationSeconds'],
  ['s3 bucket given as URL', (c) => (w0(c).s3[0].bucket = 's3://prod-artifacts'), 'clusters[0].workloads[0].s3[0].bucket'],
  ['s3 access misspelled', (c) => (w0(c).s3[0].access = 'readwrite'), 'clusters[0].workloads[0].s3[0].access'],
  ['s3 prefix with wildcard', (c) => (w0(c).s3[0].prefixes = ['releases/*']), 'clusters[0].workloads[0].s3[0].prefixes[0]'],
  ['s3 prefix with leading slash', (c) => (w0(c).s3[0].prefixes = ['/releases/']), 'clusters[0].workloads[0].s3[0].prefixes[0]'],
  // A prefix is a folder: `releases` would also grant releases-prod-secrets/ and releases.bak/.
  ['s3 prefix without a trailing slash', (c) => (w0(c).s3[0].prefixes = ['releases']), 'clusters[0].workloads[0].s3[0].prefixes[0]'],
  ['s3 placeholder prefix without a trailing slash', (c) => (c.clusters[0].workloads[3].s3[0].prefixes = ['exports/{namespace}']), 'clusters[0].workloads[3].s3[0].prefixes[0]'],
  ['s3 second prefix without a trailing slash', (c) => (w0(c).s3[0].prefixes = ['releases/', 'builds']), 'clusters[0].workloads[0].s3[0].prefixes[1]'],
  ['s3 prefixStems with a short reason', (c) => Object.assign(w0(c).s3[0], { prefixes: ['releases'], prefixStems: { reason: 'dated' } }), 'clusters[0].workloads[0].s3[0].prefixStems.reason'],
  ['s3 empty prefixes list', (c) => (w0(c).s3[0].prefixes = []), 'clusters[0].workloads[0].s3[0].prefixes'],
  ['s3 delete with read access', (c) => Object.assign(w0(c).s3[0], { access: 'read', delete: true }), 'clusters[0].workloads[0].s3[0].delete'],
  ['kms alias instead of key', (c) => (c.clusters[0].workloads[1].kms[0].keyArn = 'arn:aws:kms:us-east-1:123456789012:alias/app'), 'clusters[0].workloads[1].kms[0].keyArn'],
  ['kms access misspelled', (c) => (c.clusters[0].workloads[1].kms[0].access = 'decrypts'), 'clusters[0].workloads[1].kms[0].access'],
  ['kms unknown via service', (c) => (c.clusters[0].workloads[1].kms[0].viaServices = ['s4']), 'clusters[0].workloads[1].kms[0].viaServices[0]'],
  ['secret with both kinds', (c) => (c.clusters[0].workloads[1].secrets[0] = { secretsManager: 'a', ssmParameter: '/b' }), 'clusters[0].workloads[1].secrets[0]'],
  ['secret with a wildcard', (c) => (c.clusters[0].workloads[1].secrets[0] = { secretsManager: 'prod/*' }), 'clusters[0].workloads[1].secrets[0].secretsManager'],
  ['ssm parameter with a wildcard', (c) => (c.clusters[0].workloads[1].secrets[1] = { ssmParameter: '/prod/*' }), 'clusters[0].workloads[1].secrets[1].ssmParameter'],
  ['sqs access unknown', (c) => (w0(c).sqs[0].access = 'purge'), 'clusters[0].workloads[0].sqs[0].access'],
  ['sqs queue as URL', (c) => (w0(c).sqs[0].queue = 'https://sqs.us-east-1.amazonaws.com/123456789012/q'), 'clusters[0].workloads[0].sqs[0].queue'],
  ['dynamodb access unknown', (c) => (w0(c).dynamodb = [{ table: 'orders', access: 'admin' }]), 'clusters[0].workloads[0].dynamodb[0].access'],
  ['eks access write', (c) => (c.clusters[0].workloads[2].eks[0].access = 'admin'), 'clusters[0].workloads[2].eks[0].access'],
  // Identifiers AWS and Kubernetes read as names: template syntax and reserved prefixes never pass.
  ['a tag key reserved by AWS', (c) => (c.tags = { 'aws:team': 'x' }), 'tags.aws:team'],
  ['a tag value with template syntax', (c) => (c.tags = { team: '${file("/etc/passwd")}' }), 'tags.team'],
  ['a namespace key that is not a DNS label', (c) => (c0(c).namespaces = { Bad_NS: {} }), 'clusters[0].namespaces.Bad_NS'],
  ['a Kubernetes group of Kubernetes itself', (c) => (c0(c).access.entries[1].kubernetesGroups = ['system:nodes']), 'clusters[0].access.entries[1].kubernetesGroups[0]'],
  ['a Kubernetes group built from an expression', (c) => (c0(c).access.entries[1].kubernetesGroups = ['${join(":", ["system","masters"])}']), 'clusters[0].access.entries[1].kubernetesGroups[0]'],
  ['a user name with a reserved prefix', (c) => (c0(c).access.entries[1].userName = 'eks:admin'), 'clusters[0].access.entries[1].userName'],
  ['a node label key that Kubernetes refuses', (c) => (c0(c).nodeGroups[0].labels = { 'bad key': 'x' }), 'clusters[0].nodeGroups[0].labels.bad key'],
  ['a taint value with template syntax', (c) => (c0(c).nodeGroups[0].taints = [{ key: 'dedicated', value: '${path.root}', effect: 'NO_SCHEDULE' }]), 'clusters[0].nodeGroups[0].taints[0].value'],
  ['a state key that is not a KMS key', (c) => (c.backend = { type: 's3', bucket: 'eksguard-state', kmsKeyId: '${file("k")}' }), 'backend.kmsKeyId'],
  ['a public endpoint opened to the internet in two halves', (c) => (c0(c).endpointAccess = { public: true, publicAccessCidrs: ['0.0.0.0/1', '128.0.0.0/1'], reason: 'admins outside the VPN' }), 'clusters[0].endpointAccess.publicAccessCidrs'],
  ['AmazonEKSEditPolicy at cluster scope without breakGlass (it writes kube-system)', (c) => Object.assign(c0(c).access.entries[2], { accessPolicy: 'AmazonEKSEditPolicy', namespaces: undefined }), 'clusters[0].access.entries[2].breakGlass'],
  ['AmazonEKSAdminViewPolicy at cluster scope without breakGlass (it reads every Secret)', (c) => { const e = c0(c).access.entries[2]; e.accessPolicy = 'AmazonEKSAdminViewPolicy'; delete e.namespaces; }, 'clusters[0].access.entries[2].breakGlass'],
  ['a Kubernetes version newer than eksguard knows (Pod Security would read it as latest)', (c) => (c0(c).kubernetesVersion = '1.99'), 'clusters[0].kubernetesVersion'],
  ['a permissions boundary of another account', (c) => (w0(c).permissionsBoundary = { arn: 'arn:aws:iam::999999999999:policy/boundary', reason: 'the security team owns it' }), 'clusters[0].workloads[0].permissionsBoundary.arn'],
  ['a KMS key of another partition', (c) => (c0(c).workloads[1].kms[0].keyArn = 'arn:aws-cn:kms:cn-north-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'), 'clusters[0].workloads[1].kms[0].keyArn'],
  ['the namespace\'s default service account (every pod that names none would get the role)', (c) => (w0(c).serviceAccount = 'default'), 'clusters[0].workloads[0].serviceAccount'],
  ['a workload named default without its own service account', (c) => { Object.assign(w0(c), { name: 'default' }); delete w0(c).serviceAccount; }, 'clusters[0].workloads[0].serviceAccount'],
  ['an acknowledgement that expires on a day that does not exist (it would outlive every real day of 2026)', (c) => (c.acknowledgements = [{ rule: 'CKV_AWS_339', target: 'production-cluster/aws_eks_cluster.production-cluster', reason: 'upgrade in the next window', expires: '2026-13-01' }]), 'acknowledgements[0].expires'],
  ['an acknowledgement that expires on February 30th', (c) => (c.acknowledgements = [{ rule: 'CKV_AWS_339', target: 'production-cluster/aws_eks_cluster.production-cluster', reason: 'upgrade in the next window', expires: '2027-02-30' }]), 'acknowledgements[0].expires'],
  ['a tag key that is eksguard\'s managed-by in another case (IAM reads them as one key)', (c) => (c.tags = { 'Managed-By': 'me' }), 'tags.Managed-By'],
  ['two tag keys that differ only in case (IAM refuses the role)', (c) => (c.tags = { Team: 'a', team: 'b' }), 'tags.team'],
  ['more tags than fit beside eksguard\'s own under AWS\'s 50 per resource', (c) => (c.tags = Object.fromEntries(Array.from({ length: 47 }, (_, i) => [`k${i}`, 'v']))), 'tags'],
  ['a secret that mounts as the file .. (the driver refuses the path)', (c) => (c0(c).workloads[1].secrets[0] = { secretsManager: '..' }), 'clusters[0].workloads[1].secrets[0].secretsManager'],
  ['a parameter that mounts as a file starting with .. (where the driver keeps ..data)', (c) => (c0(c).workloads[1].secrets[1] = { ssmParameter: '/..data' }), 'clusters[0].workloads[1].secrets[1].ssmParameter'],
  ['a secret that mounts as a file name longer than 255 bytes', (c) => (c0(c).workloads[1].secrets[0] = { secretsManager: `prod/${'a'.repeat(300)}` }), 'clusters[0].workloads[1].secrets[0].secretsManager'],
  ['an rbac group may exec into kube-system pods (privileged on every node: cluster admin) with only an exec reason', (c) => (c0(c).rbac.groups.developers = { namespaces: ['production', 'kube-system'], exec: { reason: 'debugging the CNI on nodes' } }), 'clusters[0].rbac.groups.developers.exec'],
  ['a node group with more taints than EKS allows (50)', (c) => c0(c).nodeGroups.push({ name: 'tainted', instanceTypes: ['m6i.large'], scaling: { min: 0, desired: 0, max: 1 }, taints: Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, value: 'v', effect: 'NO_SCHEDULE' })) }), 'clusters[0].nodeGroups[1].taints'],
  ['two access entries name one IAM role in different case (IAM names ignore case; EKS takes one entry per principal)', (c) => c0(c).access.entries.push({ principalArn: 'arn:aws:iam::123456789012:role/developerrole', accessPolicy: 'AmazonEKSViewPolicy', namespaces: ['payments'] }), 'clusters[0].access.entries[3].principalArn'],
  ['two access entries name one IAM role with and without a path', (c) => c0(c).access.entries.push({ principalArn: 'arn:aws:iam::123456789012:role/team/DeveloperRole', accessPolicy: 'AmazonEKSViewPolicy', namespaces: ['payments'] }), 'clusters[0].access.entries[3].principalArn'],
  ['a config string with a cdktf token marker', (c) => (c0(c).access.entries[0].breakGlass.reason = 'on-call ${TfToken[TOKEN.1]} role'), 'clusters[0].access.entries[0].breakGlass.reason'],
  ['an HCP Terraform workspace prefix that, joined to a stack name, reads as an encoded cdktf number (x-8 + 2e297)', (c) => { c.backend = { type: 'cloud', organization: 'acme', workspacePrefix: 'x-8' }; c0(c).name = '2e297'; c0(c).workloads[2].eks[0].cluster = '2e297'; }, 'backend.workspacePrefix'],
  ['a tag value that is exactly cdktf\'s string map token value (its resolve refuses it: synth crashed)', (c) => (c.tags = { team: 'String Map Token Value' }), 'tags.team'],
  ['a tag key that is exactly cdktf\'s any map token value', (c) => (c.tags = { 'Any Map Token Value': 'x' }), 'tags.Any Map Token Value'],
  ['a cluster name that reads as an encoded cdktf number after the "-" of cdktf\'s cross-stack reference names (synth crashed)', (c) => { c0(c).name = '82e297'; c0(c).workloads[2].eks[0].cluster = '82e297'; }, 'clusters[0].name'],
];

describe('invalid configs', () => {
  test.each(invalid)('fails when %s', (_name, mutate, field) => {
    const c = example();
    mutate(c);
    const r = validateConfig(c);
    expect(r.config).toBeUndefined();
    const lines = r.problems.map(formatProblem);
    expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^\\[${field.replace(/[[\].]/g, '\\$&')}\\] .+\\. .+`))]));
  });

  test('reports every problem at once', () => {
    const c = example();
    c.region = 'nowhere';
    w0(c).name = 'Bad';
    w0(c).s3[0].access = 'all';
    expect(validateConfig(c).problems.map((p) => p.path)).toEqual(['region', 'clusters[0].workloads[0].name', 'clusters[0].workloads[0].s3[0].access']);
  });

  test('a problem line has the path, the value and the fix', () => {
    const c = example();
    w0(c).s3[0].bucket = 's3://prod-artifacts';
    expect(validateConfig(c).problems.map(formatProblem)).toEqual([
      '[clusters[0].workloads[0].s3[0].bucket] must be an S3 bucket name (got "s3://prod-artifacts"). Use the bucket name only, e.g. prod-artifacts (no s3:// and no ARN).',
    ]);
  });
});

// A securityGroup.egress entry's cidr is where its NetworkPolicy egress goes: any IPv4 network but the node-local range.
describe('securityGroup.egress cidr', () => {
  const withCidr = (cidr: string) => { const c = example(); c.clusters[0].workloads[3].securityGroup.egress[0].cidr = cidr; return validateConfig(c); };
  test.each(['10.0.20.0/22', '192.168.8.0/24', '10.0.0.5/32'])('accepts %s', (cidr) => {
    expect(withCidr(cidr).problems).toEqual([]);
  });
  test.each<[string, RegExp]>([
    ['0.0.0.0/0', /overlaps the link-local range 169\.254\.0\.0\/16, where the instance metadata service .* would open port 5432 to it/],
    ['169.254.169.254/32', /overlaps the link-local range/],
    ['10.0.20.0', /must be an IPv4 CIDR/],
    ['10.0.20.7/22', /has bits set after its \/22 prefix/],
  ])('fails when it is %s', (cidr, message) => {
    const r = withCidr(cidr);
    expect(r.problems.map((p) => p.path)).toEqual(['clusters[0].workloads[3].securityGroup.egress[0].cidr']);
    expect(r.problems[0].message).toMatch(message);
  });
});

// A securityGroup.egress description goes verbatim into an EC2 rule description, which EC2 refuses
// at apply outside its set: at most 255 of a-zA-Z0-9, space and ._-:/()#,@[]+=&;{}!$*.
describe('securityGroup.egress description', () => {
  const withDescription = (description: string) => { const c = example(); c.clusters[0].workloads[3].securityGroup.egress[0].description = description; return validateConfig(c); };
  test.each([
    'PostgreSQL on the orders database',
    'Every allowed character: ._-:/()#,@[]+=&;{}!$*',
    'x'.repeat(255),
  ])('accepts %s', (description) => {
    expect(withDescription(description).problems).toEqual([]);
  });
  test.each<[string, string, RegExp]>([
    ['it is too short', 'db', /^a rule needs a description of at least 5 characters$/],
    ['it is blank', '        ', /^a rule needs a description of at least 5 characters$/],
    ['it is over 255 characters', 'x'.repeat(256), /^is 256 characters, and EC2 accepts at most 255/],
    ['it has quotes', 'the "orders" database', /^has characters EC2 refuses in a rule description \("\\""\): it accepts only a-z, A-Z, 0-9, space and/],
    ['it has non-ASCII letters', 'Datenbank für Bestellungen', /\("ü"\)/],
    ['it has a newline, a percent sign and a tilde', 'orders\ndb ~ 100%', /\("\\n", "~", "%"\)/],
  ])('fails when %s', (_what, description, message) => {
    const r = withDescription(description);
    expect(r.problems.map((p) => p.path)).toEqual(['clusters[0].workloads[3].securityGroup.egress[0].description']);
    expect(r.problems[0].message).toMatch(message);
  });
});

describe('numeric ranges follow IAM, EKS and EC2', () => {
  const bg = (extra: object) => (c: any) => (c0(c).access.breakGlassRole = { trustedPrincipalArns: ['arn:aws:iam::123456789012:role/oncall'], reason: 'cluster recovery when SSO is down', ...extra });
  // The bounds themselves are accepted (each is the reference's own limit, cited in the schema).
  test.each<[string, Mutate]>([
    ['a workload role session of 43200 s (IAM MaxSessionDuration maximum)', (c) => (w0(c).maxSessionDurationSeconds = 43200)],
    ['a workload role session of 3600 s (IAM MaxSessionDuration minimum)', (c) => (w0(c).maxSessionDurationSeconds = 3600)],
    ['a break-glass session of 3600 s (IAM minimum and eksguard maximum)', bg({ maxSessionDurationSeconds: 3600 })],
    ['a break-glass MFA age of 3600 s', bg({ maxMfaAgeSeconds: 3600 })],
    ['an IRSA token of 600 s (the pod identity webhook minimum)', (c) => (c.clusters[0].workloads[1].tokenExpirationSeconds = 600)],
    ['a node group scaled to zero (EKS: min and desired 0, max 1)', (c) => c0(c).nodeGroups.push({ name: 'batch', instanceTypes: ['m6i.large'], scaling: { min: 0, desired: 0, max: 1 } })],
    ['a gp3 root volume of 65536 GiB (EC2 launch template maximum)', (c) => (c0(c).nodeGroups[0].diskSizeGiB = 65536)],
    ['a root volume of 20 GiB (the AMI snapshot)', (c) => (c0(c).nodeGroups[0].diskSizeGiB = 20)],
    ['a trust quota of 8192 (IAM maximum)', (c) => (c.iam = { trustPolicyMaxChars: 8192 })],
  ])('accepts %s', (_, mutate) => {
    const c = example();
    mutate(c);
    expect(validateConfig(c).problems).toEqual([]);
  });

  // Out of range: the line names the reference's range in its fix (not a generic "see the schema").
  test.each<[string, Mutate, string, RegExp]>([
    ['a node group can never hold a node', (c) => (c0(c).nodeGroups[0].scaling = { min: 0, desired: 0, max: 0 }), 'clusters[0].nodeGroups[0].scaling.max', /must be at least 1 \(EKS\) \(got 0\)\. Use 1 or more nodes\.$/],
    ['a root volume is beyond gp3\'s 64 TiB', (c) => (c0(c).nodeGroups[0].diskSizeGiB = 70000), 'clusters[0].nodeGroups[0].diskSizeGiB', /at most 65536.*Use 20-65536\.$/],
    ['a root volume is smaller than the AMI snapshot', (c) => (c0(c).nodeGroups[0].diskSizeGiB = 10), 'clusters[0].nodeGroups[0].diskSizeGiB', /20 GiB snapshot.*Use 20-65536\.$/],
    ['a webhook port is 0', (c) => (c0(c).network.webhookPorts = [0]), 'clusters[0].network.webhookPorts[0]', /port must be 1-65535/],
    ['the trust quota is above IAM\'s maximum', (c) => (c.iam = { trustPolicyMaxChars: 10000 }), 'iam.trustPolicyMaxChars', /at most 8192.*Use your account's quota, 2048-8192\.$/],
    ['shards are 0', (c) => (c0(c).sharding = { shards: 0 }), 'clusters[0].sharding.shards', /Use 1-256\.$/],
  ])('fails when %s, with the range in the fix', (_, mutate, field, line) => {
    const c = example();
    mutate(c);
    const lines = validateConfig(c).problems.map(formatProblem).filter((l) => l.startsWith(`[${field}] `));
    expect(lines).toEqual([expect.stringMatching(line)]);
  });

  test.each<[string, number, RegExp]>([
    ['fails when a break-glass session is shorter than IAM allows a role, and says so', 900, /must be at least 3600: IAM sets a role's maximum session duration.*aws sts assume-role --duration-seconds 900/],
    ['fails when a break-glass session is longer than an hour, with eksguard\'s reason', 7200, /a break-glass session lasts at most 3600 seconds \(eksguard's security default, within IAM's 3600-43200\) \(got 7200\)\. Use 3600\.$/],
  ])('%s', (_, seconds, line) => {
    const c = example();
    bg({ maxSessionDurationSeconds: seconds })(c);
    const lines = validateConfig(c).problems.map(formatProblem);
    expect(lines).toEqual([expect.stringMatching(line)]);
  });
});

describe('CIDR blocks', () => {
  const withVpcCidr = (cidr: string) => {
    const c = example();
    c0(c).network.vpcCidr = cidr;
    return validateConfig(c).problems.map(formatProblem);
  };

  test('a CIDR with host bits set names the network it really is and the one address it may mean', () => {
    expect(withVpcCidr('203.0.113.5/24')).toEqual([
      '[clusters[0].network.vpcCidr] has bits set after its /24 prefix: it is the network 203.0.113.0/24 (256 addresses), not the one address it shows (got "203.0.113.5/24"). Write 203.0.113.0/24 for the network, or 203.0.113.5/32 for the one address.',
    ]);
  });

  // Rule pinned: canonical IPv4 networks of any prefix length parse; near misses do not.
  test.each(['10.0.0.0/16', '0.0.0.0/0', '203.0.113.5/32', '255.255.255.255/32', '192.168.0.0/31'])('parses %s', (cidr) => {
    expect(checkIpv4Cidr(cidr).ok).toBe(true);
  });

  // A VPC CIDR is what AWS allows a VPC: /16 to /28, outside reserved ranges (network policies open 443 to it).
  test.each(['10.0.0.0/16', '172.31.0.0/16', '100.64.0.0/20', '203.0.113.0/24', '10.0.0.0/28'])('accepts the VPC CIDR %s', (cidr) => {
    expect(withVpcCidr(cidr)).toEqual([]);
  });
  test.each(['0.0.0.0/0', '10.0.0.0/8', '203.0.113.5/32', '169.254.0.0/16', '127.0.0.0/16', '224.0.0.0/16'])('fails when the VPC CIDR is %s', (cidr) => {
    expect(withVpcCidr(cidr)).toEqual([expect.stringMatching(/^\[clusters\[0\]\.network\.vpcCidr\] (must be a VPC CIDR|cannot be a VPC CIDR)/)]);
  });
  test.each<[string, string]>([
    ['10.0.0.0/33', 'the prefix is longer than 32'],
    ['999.1.1.1/8', 'an octet is above 255'],
    ['256.0.0.0/8', 'an octet is 256'],
    ['10.0.0/8', 'it has three octets'],
    ['10.0.0.0', 'it has no prefix length'],
    ['010.0.0.0/8', 'an octet has a leading zero (octal to some parsers)'],
    ['10.0.0.0/08', 'the prefix has a leading zero'],
    [' 10.0.0.0/8', 'it starts with a space'],
    ['0x0a.0.0.0/8', 'an octet is hexadecimal'],
    ['10.0.0.1/31', 'host bits are set'],
    ['fd00::/8', 'it is IPv6'],
  ])('fails when the CIDR is %j: %s', (cidr) => {
    expect(withVpcCidr(cidr)).toEqual([expect.stringMatching(/^\[clusters\[0\]\.network\.vpcCidr\] .+ \(got ".+"\)\. .+\.$/)]);
  });
});

describe('relaxations without a reason field still warn on every synth', () => {
  test.each<[string, Mutate, string]>([
    ['a mounted Kubernetes API token', (c) => (w0(c).automountServiceAccountToken = true), 'clusters[0].workloads[0].automountServiceAccountToken'],
    ['the global STS endpoint', (c) => (w0(c).stsRegionalEndpoints = false), 'clusters[0].workloads[0].stsRegionalEndpoints'],
    ['a Pod Identity target role', (c) => (c0(c).workloads[3].podIdentity = { targetRoleArn: 'arn:aws:iam::999999999999:role/reader' }), 'clusters[0].workloads[3].podIdentity.targetRoleArn'],
  ])('%s', (_what, mutate, path) => {
    const c = example();
    mutate(c);
    const r = validateConfig(c);
    expect(r.problems).toEqual([]);
    expect(r.warnings.map((w) => w.path)).toContain(path);
  });
});

describe('warnings', () => {
  test('a wildcard subject with a reason is accepted and reported', () => {
    const c = example();
    Object.assign(w0(c), { serviceAccount: 'app-*', wildcardSubject: { reason: 'the operator creates one SA per shard' } });
    const r = validateConfig(c);
    expect(r.problems).toEqual([]);
    expect(r.warnings.map((w) => w.path)).toContain('clusters[0].workloads[0].wildcardSubject');
  });

  test('a cross-account key needs the other account\'s deployer role, so both sides of the access get written', () => {
    const c = example();
    c.clusters[0].workloads[1].kms[0].keyArn = 'arn:aws:kms:us-east-1:999999999999:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    expect(validateConfig(c).problems.map((p) => p.path)).toEqual(['clusters[0].workloads[1].kms[0].keyArn']);
    c.accounts = { '999999999999': { roleArn: 'arn:aws:iam::999999999999:role/eksguard-deployer' } };
    const r = validateConfig(c);
    expect(r.problems).toEqual([]);
    expect(r.warnings.filter((w) => /999999999999/.test(w.message))).toEqual([]);
    c.accounts['999999999999'].roleArn = 'arn:aws:iam::888888888888:role/eksguard-deployer';
    expect(validateConfig(c).problems.map((p) => p.path)).toEqual(['accounts.999999999999.roleArn']);
  });

  // Each relaxation is accepted only with a reason, and then reported; without it, it is a problem (table above).
  test.each<[string, Mutate, string]>([
    ['a public endpoint for listed CIDRs', (c) => (c0(c).endpointAccess = { public: true, publicAccessCidrs: ['203.0.113.0/24'], reason: 'admins outside the VPN' }), 'clusters[0].endpointAccess'],
    ['hop limit 2', (c) => (c0(c).nodeGroups[0].imds = { hopLimit: 2, reason: 'a legacy agent reads IMDS' }), 'clusters[0].nodeGroups[0].imds.hopLimit'],
    ['a cluster-scope admin', () => undefined, 'clusters[0].access.entries[0].breakGlass'],
    ['fewer log types', (c) => (c0(c).logging = { types: ['api', 'audit', 'authenticator'], reducedTypes: { reason: 'cost, scheduler logs unused' } }), 'clusters[0].logging.types'],
    ['node internet egress', (c) => (c0(c).network.nodeInternetEgress = { reason: 'pulls from Docker Hub through NAT' }), 'clusters[0].network.nodeInternetEgress'],
    ['an S3 prefix declared a stem', (c) => Object.assign(w0(c).s3[0], { prefixes: ['releases'], prefixStems: { reason: 'release tooling writes releases-<date>/ siblings' } }), 'clusters[0].workloads[0].s3[0].prefixStems'],
    ['a break-glass role', (c) => (c0(c).access.breakGlassRole = { trustedPrincipalArns: ['arn:aws:iam::123456789012:role/oncall'], reason: 'cluster recovery when SSO is down' }), 'clusters[0].access.breakGlassRole'],
  ])('%s is accepted with a reason and reported as a warning', (_, mutate, path) => {
    const c = example();
    mutate(c);
    const r = validateConfig(c);
    expect(r.problems).toEqual([]);
    expect(r.warnings.map((w) => w.path)).toContain(path);
  });

  test('two secrets on one file name: the line names the second entry and the first one it collides with', () => {
    const c = example();
    c.clusters[0].workloads[1].secrets = [{ secretsManager: 'shop/api/jwt' }, { secretsManager: 'shop/api_jwt' }];
    expect(validateConfig(c).problems.map(formatProblem)).toEqual([
      '[clusters[0].workloads[1].secrets[1].secretsManager] mounts as the file shop_api_jwt, like clusters[0].workloads[1].secrets[0] (shop/api/jwt); the Secrets Store CSI AWS provider refuses two objects with one alias, so every pod mount of my-app\'s secrets would fail (got "shop/api_jwt"). List each secret once; for two different secrets, rename one so their names differ after "/" becomes "_".',
    ]);
  });

  test('a secret in another region: the line says how to get it into the platform region', () => {
    const c = example();
    c.clusters[0].workloads[1].secrets.push({ secretsManager: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/other-AbCdEf' });
    expect(validateConfig(c).problems.map(formatProblem)).toEqual([
      '[clusters[0].workloads[1].secrets[2].secretsManager] is in eu-west-1, but the workload\'s SecretProviderClass reads its secrets in the platform region us-east-1, and the Secrets Store CSI AWS provider refuses an ARN in another region (got "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/other-AbCdEf"). Replicate the secret into us-east-1 (aws secretsmanager replicate-secret-to-regions --add-replica-regions Region=us-east-1) and use the replica\'s ARN, arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/other-AbCdEf.',
    ]);
  });

  test('a secret in another account of the platform region stays accepted', () => {
    const c = example();
    c.accounts = { '999999999999': { roleArn: 'arn:aws:iam::999999999999:role/eksguard-deployer' } };
    c.clusters[0].workloads[1].secrets.push({ secretsManager: 'arn:aws:secretsmanager:us-east-1:999999999999:secret:shared/db-AbCdEf' }, { ssmParameter: 'arn:aws:ssm:us-east-1:999999999999:parameter/shared/flag' });
    expect(validateConfig(c).problems).toEqual([]);
  });

  test('an old boundary field says what replaced it, with the value moved into the new shape', () => {
    const c = example();
    w0(c).permissionsBoundaryArn = 'arn:aws:iam::aws:policy/AdministratorAccess';
    expect(validateConfig(c).problems.map(formatProblem)).toEqual([
      '[clusters[0].workloads[0].permissionsBoundaryArn] was replaced by permissionsBoundary: { arn, reason }, since replacing eksguard\'s boundary is a relaxation that needs a reason (got "arn:aws:iam::aws:policy/AdministratorAccess"). Write permissionsBoundary: { arn: arn:aws:iam::aws:policy/AdministratorAccess, reason: "why eksguard\'s boundary is replaced" }.',
    ]);
  });

  test('the old field name elsewhere is just an unknown field', () => {
    const c = example();
    c0(c).permissionsBoundaryArn = 'arn:aws:iam::123456789012:policy/org-boundary';
    expect(validateConfig(c).problems.map((p) => `${p.path} ${p.message}`)).toEqual(['clusters[0].permissionsBoundaryArn is not a known field']);
  });

  // A boundary of your own is reported on every synth; one that caps next to nothing says so.
  test.each<[string, Mutate, string]>([
    ['a workload boundary', (c) => (w0(c).permissionsBoundary = { arn: 'arn:aws:iam::123456789012:policy/team-boundary', reason: 'the payments team owns its boundary' }),
      'warning [clusters[0].workloads[0].permissionsBoundary] the role of payments/app-sqs-consumer uses boundary arn:aws:iam::123456789012:policy/team-boundary instead of eksguard\'s (reason: the payments team owns its boundary)'],
    ['a workload boundary of AdministratorAccess', (c) => (w0(c).permissionsBoundary = { arn: 'arn:aws:iam::aws:policy/AdministratorAccess', reason: 'the vendor agent needs it all' }),
      'warning [clusters[0].workloads[0].permissionsBoundary] the role of payments/app-sqs-consumer uses boundary arn:aws:iam::aws:policy/AdministratorAccess instead of eksguard\'s (reason: the vendor agent needs it all); AdministratorAccess is an AWS managed policy that allows every action on every resource, so as a boundary it limits nothing'],
    ['a platform boundary of PowerUserAccess', (c) => (c.iam = { permissionsBoundary: { arn: 'arn:aws:iam::aws:policy/PowerUserAccess', reason: 'the landing zone requires it' } }),
      'warning [iam.permissionsBoundary] every role eksguard creates uses boundary arn:aws:iam::aws:policy/PowerUserAccess instead of eksguard\'s (reason: the landing zone requires it); PowerUserAccess is an AWS managed policy that allows every action outside IAM, Organizations and Account, so as a boundary it limits almost nothing: role chaining (sts:AssumeRole) included'],
    ['a platform boundary of a narrower AWS managed policy', (c) => (c.iam = { permissionsBoundary: { arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', reason: 'the landing zone requires it' } }),
      'warning [iam.permissionsBoundary] every role eksguard creates uses boundary arn:aws:iam::aws:policy/ReadOnlyAccess instead of eksguard\'s (reason: the landing zone requires it)'],
  ])('%s is accepted with a reason and reported', (_, mutate, line) => {
    const c = example();
    mutate(c);
    const r = validateConfig(c);
    expect(r.problems).toEqual([]);
    expect(r.warnings.filter((w) => w.path.endsWith('permissionsBoundary')).map(formatWarning)).toEqual([line]);
  });

  test.each<[string, Mutate, string]>([
    ['every prefix is a folder', (c) => (w0(c).s3[0].prefixStems = { reason: 'release tooling writes dated siblings' }), '[clusters[0].workloads[0].s3[0].prefixStems] is set but every prefix ends with "/"'],
    ['the entry grants the whole bucket', (c) => (c.clusters[0].workloads[1].s3[0].prefixStems = { reason: 'release tooling writes dated siblings' }), '[clusters[0].workloads[1].s3[0].prefixStems] is set but the entry has no prefixes (it grants the whole bucket)'],
  ])('fails when prefixStems is declared but %s', (_, mutate, start) => {
    const c = example();
    mutate(c);
    expect(validateConfig(c).problems.map(formatProblem)).toEqual([expect.stringMatching(new RegExp(`^${start.replace(/[[\]().{}]/g, '\\$&')} \\(got .+\\)\\. Remove prefixStems\\.$`))]);
  });

  test('a declared stem is reported with its bucket, its stems and the reason', () => {
    const c = example();
    Object.assign(w0(c).s3[0], { prefixes: ['releases', 'builds/'], prefixStems: { reason: 'release tooling writes releases-<date>/ siblings' } });
    expect(validateConfig(c).warnings.filter((w) => w.path.endsWith('prefixStems')).map(formatWarning)).toEqual([
      'warning [clusters[0].workloads[0].s3[0].prefixStems] bucket prod-artifacts: releases is a stem, granting every key that starts with it, not only a folder (reason: release tooling writes releases-<date>/ siblings)',
    ]);
  });

  test('a private cluster without the sts endpoint is warned about, since its IRSA pods cannot get credentials', () => {
    const c = example();
    c0(c).network.endpoints = c0(c).network.endpoints.filter((e: string) => e !== 'sts');
    expect(validateConfig(c).warnings.find((w) => w.path === 'clusters[0].network.endpoints')?.message).toMatch(/no sts endpoint.*IRSA/);
    const podIdentity = example();
    podIdentity.clusters[0].addons = { cniIdentity: 'pod-identity' };
    podIdentity.clusters[0].network.endpoints = ['sts', 'ecr.api', 'ecr.dkr', 's3'];
    expect(validateConfig(podIdentity).warnings.find((w) => w.path === 'clusters[0].network.endpoints')?.message).toMatch(/no eks-auth endpoint.*Pod Identity/);
    expect(validateConfig(example()).warnings.filter((w) => w.path === 'clusters[0].network.endpoints')).toEqual([]);
  });
});

describe('loading files', () => {
  const dir = require('fs').mkdtempSync(path.join(require('os').tmpdir(), 'eksguard-load-'));
  // A file that holds no mapping says so, naming the file, instead of "[(root)] must be a object".
  test.each<[string, string, string, RegExp]>([
    ['the file is empty', 'empty.yaml', '', /is empty \(or has only comments\)\. Start from a copy of examples\/platform\.yaml/],
    ['the file has only comments', 'comments.yaml', '# TODO: fill in\n\n  # region: us-east-1\r\n', /is empty \(or has only comments\)/],
    ['the file has only a document marker and a comment', 'marker.yaml', '---\n# nothing yet\n', /is empty \(or has only comments\)/],
    ['the JSON file is blank', 'blank.json', '  \n', /is empty \(or has only comments\)/],
    ['the top level is a list', 'list.yaml', '- region: us-east-1\n  accountId: "123456789012"\n', /has a list at the top level, but a config is a mapping of settings .*\. Write the settings as keys at the top level/],
    ['the top level is a single value', 'scalar.yaml', 'us-east-1\n', /has a single value at the top level, .*\(got "us-east-1"\)\. Start from a copy of examples\/platform\.yaml/],
    ['the top level is a single value after a document marker', 'marker-scalar.yaml', '--- us-east-1\n', /has a single value at the top level/],
    ['the JSON top level is a number', 'number.json', '42', /has a single value at the top level, .*\(got 42\)/],
  ])('fails when %s, naming the file', (_, name, text, line) => {
    const file = path.join(dir, name);
    require('fs').writeFileSync(file, text);
    const lines = loadConfigFile(file).problems.map(formatProblem);
    expect(lines).toEqual([expect.stringMatching(new RegExp(`^\\[${file.replace(/[[\].\\/]/g, '\\$&')}\\] `))]);
    expect(lines[0]).toMatch(line);
  });

  test('fails when a config passed in code is nothing, a list or a value', () => {
    for (const input of [undefined, null, [], 'us-east-1']) {
      expect(validateConfig(input).problems.map(formatProblem)).toEqual([expect.stringMatching(/^\[\(root\)\] (is empty: there is no config|has a (list|single value) at the top level).*examples\/platform\.yaml/)]);
    }
  });

  test('fails when the file is missing', () => {
    expect(loadConfigFile('/nonexistent/platform.yaml').problems[0].message).toMatch(/cannot be read/);
  });
  test('fails when the YAML does not parse, naming the line', () => {
    const file = path.join(require('os').tmpdir(), `eksguard-bad-${process.pid}.yaml`);
    require('fs').writeFileSync(file, 'region: us-east-1\nclusters: [\n');
    expect(loadConfigFile(file).problems[0].path).toMatch(/:\d+$/);
  });
});

// Free text is shown to reviewers (warnings, reports, reviews) and placed in IAM policies: it must
// show exactly what is stored, and fit what IAM accepts in a policy document.
describe('free text shows as what it says', () => {
  const breakGlass = (c: any) => c0(c).access.entries[0].breakGlass;
  const kms = (c: any) => c0(c).workloads[1].kms[0];
  test.each<[string, Mutate, string | undefined]>([
    ['fails when a reason ends a line and erases it (CR, ESC [2K)', (c) => (breakGlass(c).reason = 'platform on-call\r\u001b[2K'), 'clusters[0].access.entries[0].breakGlass.reason'],
    ['fails when a reason forges a second output line', (c) => (breakGlass(c).reason = 'platform on-call\neksguard: 0 warnings'), 'clusters[0].access.entries[0].breakGlass.reason'],
    ['fails when a reason reverses its text (U+202E)', (c) => (breakGlass(c).reason = 'platform on-call \u202eelor'), 'clusters[0].access.entries[0].breakGlass.reason'],
    ['fails when an acknowledgement reason holds a zero-width space', (c) => (c.acknowledgements = [{ rule: 'CKV_AWS_339', target: 'production-cluster/aws_eks_cluster.production-cluster', reason: 'scheduled\u200b upgrade window' }]), 'acknowledgements[0].reason'],
    ['accepts an acknowledgement expiring on a leap day', (c) => (c.acknowledgements = [{ rule: 'CKV_AWS_339', target: 'production-cluster/aws_eks_cluster.production-cluster', reason: 'upgrade in the next window', expires: '2028-02-29' }]), undefined],
    ['accepts 46 tags with distinct keys (50 with eksguard\'s own)', (c) => (c.tags = Object.fromEntries(Array.from({ length: 46 }, (_, i) => [`k${i}`, 'v']))), undefined],
    ['accepts a secret whose file name holds dots (prod/a..b becomes prod_a..b)', (c) => (c0(c).workloads[1].secrets[0] = { secretsManager: 'prod/a..b' }), undefined],
    ['accepts an rbac group that reads kube-system and execs only where its workloads run', (c) => (c0(c).rbac.groups = { developers: { namespaces: ['production'], exec: { reason: 'on-call debugs production pods' } }, 'platform-readers': { namespaces: ['kube-system'] } }, c0(c).access.entries[1].kubernetesGroups = ['developers', 'platform-readers']), undefined],
    ['accepts a node group with 50 taints', (c) => c0(c).nodeGroups.push({ name: 'tainted', instanceTypes: ['m6i.large'], scaling: { min: 0, desired: 0, max: 1 }, taints: Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: 'v', effect: 'NO_SCHEDULE' })) }), undefined],
    ['accepts a user and a role of the same name (two principals)', (c) => c0(c).access.entries.push({ principalArn: 'arn:aws:iam::123456789012:user/DeveloperRole', accessPolicy: 'AmazonEKSViewPolicy', namespaces: ['payments'] }), undefined],
    ['accepts a reason in any language', (c) => (breakGlass(c).reason = 'équipe d’astreinte — 夜間対応'), undefined],
    ['fails when an S3 prefix holds a bidi override', (c) => (w0(c).s3[0].prefixes = ['rel\u202eeases/']), 'clusters[0].workloads[0].s3[0].prefixes[0]'],
    ['fails when an S3 prefix holds characters IAM refuses in a policy', (c) => (w0(c).s3[0].prefixes = ['日本/']), 'clusters[0].workloads[0].s3[0].prefixes[0]'],
    ['accepts an S3 prefix in Latin-1', (c) => (w0(c).s3[0].prefixes = ['café/']), undefined],
    ['fails when an encryption context value holds a zero-width space', (c) => (kms(c).encryptionContext = { app: 'my\u200bapp' }), 'clusters[0].workloads[1].kms[0].encryptionContext.app'],
    ['fails when an encryption context key holds a line break', (c) => (kms(c).encryptionContext = { 'a\nb': 'x' }), 'clusters[0].workloads[1].kms[0].encryptionContext.a\nb'],
    ['fails when two encryption context keys differ only in case (IAM reads them as one condition key)', (c) => (kms(c).encryptionContext = { App: 'a', app: 'b' }), 'clusters[0].workloads[1].kms[0].encryptionContext.app'],
    ['fails when an encryption context key is empty', (c) => (kms(c).encryptionContext = { '': 'b' }), 'clusters[0].workloads[1].kms[0].encryptionContext.'],
    ['fails when an encryption context value holds an IAM policy variable (IAM would replace it per request)', (c) => (kms(c).encryptionContext = { app: '${aws:PrincipalTag/app}' }), 'clusters[0].workloads[1].kms[0].encryptionContext.app'],
    ['accepts an encryption context key holding "${" (IAM reads no policy variable in a condition key)', (c) => (kms(c).encryptionContext = { 'a${b}': 'x' }), undefined],
    ['accepts an encryption context of printable text', (c) => (kms(c).encryptionContext = { 'app name': 'my app' }), undefined],
  ])('%s', (_what, mutate, field) => {
    const c = example();
    mutate(c);
    const r = validateConfig(c);
    if (field === undefined) expect(r.problems).toEqual([]);
    else expect(r.problems.map((p) => p.path)).toEqual([field]);
  });

  test('fails when a printed problem or warning could span, erase or reorder lines: every control and format character is escaped', () => {
    const line = formatProblem({ path: 'tags.a\nb\u001b[2K', message: 'is wrong\u202e', value: 'x\u0085', fix: 'Fix it' });
    expect(line).toBe('[tags.a\\u{a}b\\u{1b}[2K] is wrong\\u{202e} (got "x\\u{85}"). Fix it.');
    expect(formatWarning({ path: 'p', message: 'a\rb' })).toBe('warning [p] a\\u{d}b');
    expect(formatWarning({ path: 'p', message: 'équipe 夜間' })).toBe('warning [p] équipe 夜間');
  });
});
