import { readFileSync } from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { formatProblem, loadConfigFile, validateConfig } from '../../src/config';

const example = () => parse(readFileSync(path.join(__dirname, '../../examples/platform.yaml'), 'utf8'));
type Mutate = (c: any) => void;
const w0 = (c: any) => c.clusters[0].workloads[0];

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
  ['permissions boundary is not a policy ARN', (c) => (c.iam = { permissionsBoundaryArn: 'arn:aws:iam::123456789012:role/x' }), 'iam.permissionsBoundaryArn'],
  ['no clusters', (c) => (c.clusters = []), 'clusters'],
  ['cluster name has spaces', (c) => (c.clusters[0].name = 'prod cluster'), 'clusters[0].name'],
  ['two clusters with the same name', (c) => c.clusters.push({ ...c.clusters[0], workloads: [] }), 'clusters[1].name'],
  ['issuer is the dual-stack form', (c) => (c.clusters[0].existing.oidcIssuerUrl = 'https://oidc-eks.us-east-1.api.aws/id/ABC'), 'clusters[0].existing.oidcIssuerUrl'],
  ['issuer uses http', (c) => (c.clusters[0].existing.oidcIssuerUrl = 'http://oidc.eks.us-east-1.amazonaws.com/id/ABC'), 'clusters[0].existing.oidcIssuerUrl'],
  ['issuer in another region', (c) => (c.clusters[0].existing.oidcIssuerUrl = 'https://oidc.eks.eu-west-1.amazonaws.com/id/ABC'), 'clusters[0].existing.oidcIssuerUrl'],
  ['existing block missing', (c) => delete c.clusters[0].existing, 'clusters[0].existing'],
  ['provider ARN for another issuer', (c) => (c.clusters[0].existing.oidcProviderArn = 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/OTHER'), 'clusters[0].existing.oidcProviderArn'],
  ['provider ARN in another account', (c) => (c.clusters[0].existing.oidcProviderArn = 'arn:aws:iam::999999999999:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE'), 'clusters[0].existing.oidcProviderArn'],
  ['kubernetesAuth unknown', (c) => (c.clusters[0].kubernetesAuth = 'kubeconfig'), 'clusters[0].kubernetesAuth'],
  ['workload name uppercase', (c) => (w0(c).name = 'App'), 'clusters[0].workloads[0].name'],
  ['namespace with underscore', (c) => (w0(c).namespace = 'pay_ments'), 'clusters[0].workloads[0].namespace'],
  ['namespace too long', (c) => (w0(c).namespace = 'n'.repeat(64)), 'clusters[0].workloads[0].namespace'],
  ['misspelled serviceAccount', (c) => (w0(c).serviceAcount = 'x'), 'clusters[0].workloads[0].serviceAcount'],
  ['service account wildcard without reason', (c) => (w0(c).serviceAccount = 'app-*'), 'clusters[0].workloads[0].serviceAccount'],
  ['wildcard reason too short', (c) => Object.assign(w0(c), { serviceAccount: 'app-*', wildcardSubject: { reason: 'ops' } }), 'clusters[0].workloads[0].wildcardSubject.reason'],
  ['wildcardSubject without a wildcard', (c) => (w0(c).wildcardSubject = { reason: 'operator-managed service accounts' }), 'clusters[0].workloads[0].wildcardSubject'],
  ['identity unknown', (c) => (w0(c).identity = 'kiam'), 'clusters[0].workloads[0].identity'],
  ['duplicate workload', (c) => c.clusters[0].workloads.push({ ...w0(c), serviceAccount: 'other' }), 'clusters[0].workloads[3].name'],
  ['two workloads on one service account', (c) => c.clusters[0].workloads.push({ name: 'twin', namespace: 'payments', serviceAccount: 'app-sqs-consumer' }), 'clusters[0].workloads[3].serviceAccount'],
  ['role name too long', (c) => (w0(c).roleName = 'r'.repeat(65)), 'clusters[0].workloads[0].roleName'],
  ['role name reused', (c) => { w0(c).roleName = 'shared'; c.clusters[0].workloads[1].roleName = 'shared'; }, 'clusters[0].workloads[1].roleName'],
  ['session too long', (c) => (w0(c).maxSessionDurationSeconds = 50000), 'clusters[0].workloads[0].maxSessionDurationSeconds'],
  ['token expiration too short', (c) => (w0(c).tokenExpirationSeconds = 60), 'clusters[0].workloads[0].tokenExpirationSeconds'],
  ['s3 bucket given as URL', (c) => (w0(c).s3[0].bucket = 's3://prod-artifacts'), 'clusters[0].workloads[0].s3[0].bucket'],
  ['s3 access misspelled', (c) => (w0(c).s3[0].access = 'readwrite'), 'clusters[0].workloads[0].s3[0].access'],
  ['s3 prefix with wildcard', (c) => (w0(c).s3[0].prefixes = ['releases/*']), 'clusters[0].workloads[0].s3[0].prefixes[0]'],
  ['s3 prefix with leading slash', (c) => (w0(c).s3[0].prefixes = ['/releases/']), 'clusters[0].workloads[0].s3[0].prefixes[0]'],
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

describe('warnings', () => {
  test('a wildcard subject with a reason is accepted and reported', () => {
    const c = example();
    Object.assign(w0(c), { serviceAccount: 'app-*', wildcardSubject: { reason: 'the operator creates one SA per shard' } });
    const r = validateConfig(c);
    expect(r.problems).toEqual([]);
    expect(r.warnings.map((w) => w.path)).toEqual(['clusters[0].workloads[0].wildcardSubject']);
  });

  test('a cross-account key is reported', () => {
    const c = example();
    c.clusters[0].workloads[1].kms[0].keyArn = 'arn:aws:kms:us-east-1:999999999999:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    expect(validateConfig(c).warnings[0].message).toMatch(/account 999999999999/);
  });
});

describe('loading files', () => {
  test('fails when the file is missing', () => {
    expect(loadConfigFile('/nonexistent/platform.yaml').problems[0].message).toMatch(/cannot be read/);
  });
  test('fails when the YAML does not parse, naming the line', () => {
    const file = path.join(require('os').tmpdir(), `eksguard-bad-${process.pid}.yaml`);
    require('fs').writeFileSync(file, 'region: us-east-1\nclusters: [\n');
    expect(loadConfigFile(file).problems[0].path).toMatch(/:\d+$/);
  });
});
