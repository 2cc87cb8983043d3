import { AwsContext, permissionPolicy } from '../../src/policy/document';
import { dynamodbGrants } from '../../src/policy/dynamodb';
import { eksReadGrants } from '../../src/policy/eks';
import { kmsGrants } from '../../src/policy/kms';
import { s3Grants } from '../../src/policy/s3';
import { secretArn, secretGrants } from '../../src/policy/secrets';
import { sqsGrants } from '../../src/policy/sqs';
import { workloadGrants } from '../../src/policy/workload';
import { validateConfig } from '../../src/config';
import { exampleInput } from '../../bench/generate';
import { Decision, defaultKeyPolicy, identityDecision, identityDecisionUnvalidated } from '../support/iam';

const ctx: AwsContext = { partition: 'aws', region: 'us-east-1', accountId: '123456789012' };
type Row = [string, string, string, Record<string, string | string[]> | undefined, Decision];

const run = (policy: ReturnType<typeof permissionPolicy>) => async (_n: string, action: string, resource: string, context: Record<string, string | string[]> | undefined, expected: Decision) => {
  // KMS evaluates the key policy first; the default key policy hands the decision to IAM.
  const resourcePolicy = action.startsWith('kms:') ? defaultKeyPolicy() : undefined;
  expect(await identityDecision(policy, { action, resource, context, resourcePolicy })).toBe(expected);
};

describe('S3 read-write under one prefix', () => {
  const policy = permissionPolicy(s3Grants(ctx, { bucket: 'prod-artifacts', prefixes: ['releases/'], access: 'read-write' }));
  // Rule pinned: objects under the prefix readable and writable, outside denied; ListBucket only with the prefix.
  test.each<Row>([
    ['read an object under the prefix', 's3:GetObject', 'arn:aws:s3:::prod-artifacts/releases/v1.tgz', undefined, 'Allowed'],
    ['write an object under the prefix', 's3:PutObject', 'arn:aws:s3:::prod-artifacts/releases/v2.tgz', undefined, 'Allowed'],
    ['read an object outside the prefix', 's3:GetObject', 'arn:aws:s3:::prod-artifacts/secrets/db.env', undefined, 'ImplicitlyDenied'],
    ['write an object outside the prefix', 's3:PutObject', 'arn:aws:s3:::prod-artifacts/other/x', undefined, 'ImplicitlyDenied'],
    ['read a key that only starts with the prefix name', 's3:GetObject', 'arn:aws:s3:::prod-artifacts/releases-old/x', undefined, 'ImplicitlyDenied'],
    ['read from another bucket', 's3:GetObject', 'arn:aws:s3:::prod-artifacts-2/releases/x', undefined, 'ImplicitlyDenied'],
    ['delete an object under the prefix (not asked)', 's3:DeleteObject', 'arn:aws:s3:::prod-artifacts/releases/v1.tgz', undefined, 'ImplicitlyDenied'],
    ['list with the prefix', 's3:ListBucket', 'arn:aws:s3:::prod-artifacts', { 's3:prefix': 'releases/' }, 'Allowed'],
    ['list below the prefix', 's3:ListBucket', 'arn:aws:s3:::prod-artifacts', { 's3:prefix': 'releases/2026/' }, 'Allowed'],
    ['list with another prefix', 's3:ListBucket', 'arn:aws:s3:::prod-artifacts', { 's3:prefix': 'secrets/' }, 'ImplicitlyDenied'],
    ['list without a prefix', 's3:ListBucket', 'arn:aws:s3:::prod-artifacts', undefined, 'ImplicitlyDenied'],
  ])('%s', run(policy));
});

describe('S3 prefixes are folders unless declared stems', () => {
  const objects = (prefix: string) => `arn:aws:s3:::prod-artifacts/${prefix}x`;
  const list = (prefix: string) => ({ 's3:prefix': `${prefix}` });
  const bucket = 'arn:aws:s3:::prod-artifacts';
  // Rule pinned: `releases/` grants the folder only; keys that merely share its first letters are denied.
  describe('the folder releases/', () => {
    const policy = permissionPolicy(s3Grants(ctx, { bucket: 'prod-artifacts', prefixes: ['releases/'], access: 'read' }));
    test.each<Row>([
      ['read under the folder', 's3:GetObject', objects('releases/'), undefined, 'Allowed'],
      ['read a sibling that starts with the same name', 's3:GetObject', objects('releases-prod-secrets/'), undefined, 'ImplicitlyDenied'],
      ['read a backup sibling', 's3:GetObject', objects('releases.bak/'), undefined, 'ImplicitlyDenied'],
      ['list the folder', 's3:ListBucket', bucket, list('releases/'), 'Allowed'],
      ['list the sibling', 's3:ListBucket', bucket, list('releases-prod-secrets/'), 'ImplicitlyDenied'],
      ['list the backup sibling', 's3:ListBucket', bucket, list('releases.bak/'), 'ImplicitlyDenied'],
    ])('%s', run(policy));
  });

  // Rule pinned: `releases` without its "/" widens to the siblings only when the entry declares stems.
  describe('the stem releases, declared', () => {
    const policy = permissionPolicy(s3Grants(ctx, { bucket: 'prod-artifacts', prefixes: ['releases'], stems: true, access: 'read' }));
    test.each<Row>([
      ['read under the folder', 's3:GetObject', objects('releases/'), undefined, 'Allowed'],
      ['read a sibling that starts with the stem', 's3:GetObject', objects('releases-prod-secrets/'), undefined, 'Allowed'],
      ['read a backup sibling', 's3:GetObject', objects('releases.bak/'), undefined, 'Allowed'],
      ['list the sibling', 's3:ListBucket', bucket, list('releases-prod-secrets/'), 'Allowed'],
      ['read outside the stem', 's3:GetObject', objects('secrets/'), undefined, 'ImplicitlyDenied'],
      ['list outside the stem', 's3:ListBucket', bucket, list('secrets/'), 'ImplicitlyDenied'],
    ])('%s', run(policy));
  });

  describe('the same releases, not declared a stem, is read as the folder', () => {
    const policy = permissionPolicy(s3Grants(ctx, { bucket: 'prod-artifacts', prefixes: ['releases'], access: 'read' }));
    test.each<Row>([
      ['read under the folder', 's3:GetObject', objects('releases/'), undefined, 'Allowed'],
      ['read a sibling that starts with the same name', 's3:GetObject', objects('releases-prod-secrets/'), undefined, 'ImplicitlyDenied'],
      ['read a backup sibling', 's3:GetObject', objects('releases.bak/'), undefined, 'ImplicitlyDenied'],
      ['list the folder', 's3:ListBucket', bucket, list('releases/'), 'Allowed'],
      ['list the sibling', 's3:ListBucket', bucket, list('releases-prod-secrets/'), 'ImplicitlyDenied'],
    ])('%s', run(policy));
  });
});

describe('S3 stems from the config', () => {
  // The example's app-sqs-consumer reads and writes prod-artifacts under releases/.
  const consumerPolicy = (mutate: (s3: any) => void) => {
    const input = exampleInput();
    mutate(input.clusters[0].workloads[0].s3[0]);
    const r = validateConfig(input);
    expect(r.problems).toEqual([]);
    return permissionPolicy(workloadGrants(ctx, r.config!.clusters[0].workloads[0]));
  };
  const sibling = 'arn:aws:s3:::prod-artifacts/releases-prod-secrets/db.env';
  test('the folder releases/ denies the sibling releases-prod-secrets/', async () => {
    const policy = consumerPolicy(() => undefined);
    expect(await identityDecision(policy, { action: 's3:GetObject', resource: sibling })).toBe('ImplicitlyDenied');
    expect(await identityDecision(policy, { action: 's3:GetObject', resource: 'arn:aws:s3:::prod-artifacts/releases/v1.tgz' })).toBe('Allowed');
  });
  test('the declared stem releases allows the sibling, and only the stem\'s keys', async () => {
    const policy = consumerPolicy((s3) => Object.assign(s3, { prefixes: ['releases'], prefixStems: { reason: 'release tooling writes releases-<date>/ siblings' } }));
    expect(await identityDecision(policy, { action: 's3:GetObject', resource: sibling })).toBe('Allowed');
    expect(await identityDecision(policy, { action: 's3:GetObject', resource: 'arn:aws:s3:::prod-artifacts/secrets/db.env' })).toBe('ImplicitlyDenied');
  });
});

describe('S3 read-only, whole bucket', () => {
  const policy = permissionPolicy(s3Grants(ctx, { bucket: 'my-app-bucket', access: 'read' }));
  test.each<Row>([
    ['read any object', 's3:GetObject', 'arn:aws:s3:::my-app-bucket/config/app.json', undefined, 'Allowed'],
    ['write an object', 's3:PutObject', 'arn:aws:s3:::my-app-bucket/config/app.json', undefined, 'ImplicitlyDenied'],
    ['list with a prefix', 's3:ListBucket', 'arn:aws:s3:::my-app-bucket', { 's3:prefix': 'config/' }, 'Allowed'],
    ['list without a prefix', 's3:ListBucket', 'arn:aws:s3:::my-app-bucket', undefined, 'ImplicitlyDenied'],
  ])('%s', run(policy));
});

describe('S3 write-only with delete', () => {
  const policy = permissionPolicy(s3Grants(ctx, { bucket: 'uploads', prefixes: ['in/'], access: 'write', delete: true }));
  test.each<Row>([
    ['write under the prefix', 's3:PutObject', 'arn:aws:s3:::uploads/in/a', undefined, 'Allowed'],
    ['delete under the prefix', 's3:DeleteObject', 'arn:aws:s3:::uploads/in/a', undefined, 'Allowed'],
    ['read under the prefix', 's3:GetObject', 'arn:aws:s3:::uploads/in/a', undefined, 'ImplicitlyDenied'],
    ['list', 's3:ListBucket', 'arn:aws:s3:::uploads', { 's3:prefix': 'in/' }, 'ImplicitlyDenied'],
  ])('%s', run(policy));
});

const KEY = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

describe('KMS decrypt through services', () => {
  const policy = permissionPolicy(kmsGrants(ctx, { keyArn: KEY, access: ['decrypt'], viaServices: ['secretsmanager', 'ssm'] }));
  // Rule pinned: kms:Decrypt on the one key, only when Secrets Manager or SSM calls KMS.
  test.each<Row>([
    ['decrypt via Secrets Manager', 'kms:Decrypt', KEY, { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' }, 'Allowed'],
    ['decrypt via SSM', 'kms:Decrypt', KEY, { 'kms:ViaService': 'ssm.us-east-1.amazonaws.com' }, 'Allowed'],
    ['decrypt directly', 'kms:Decrypt', KEY, undefined, 'ImplicitlyDenied'],
    ['decrypt via S3', 'kms:Decrypt', KEY, { 'kms:ViaService': 's3.us-east-1.amazonaws.com' }, 'ImplicitlyDenied'],
    ['decrypt with another key', 'kms:Decrypt', 'arn:aws:kms:us-east-1:123456789012:key/99999999-12ab-34cd-56ef-1234567890ab', { 'kms:ViaService': 'ssm.us-east-1.amazonaws.com' }, 'ImplicitlyDenied'],
    ['encrypt (not asked)', 'kms:Encrypt', KEY, { 'kms:ViaService': 'ssm.us-east-1.amazonaws.com' }, 'ImplicitlyDenied'],
  ])('%s', run(policy));
});

describe('KMS with encryption context', () => {
  const policy = permissionPolicy(kmsGrants(ctx, { keyArn: KEY, access: ['encrypt', 'generate-data-key'], encryptionContext: { app: 'payments' } }));
  test.each<Row>([
    ['generate a data key with the context', 'kms:GenerateDataKey', KEY, { 'kms:EncryptionContext:app': 'payments' }, 'Allowed'],
    ['encrypt with another context', 'kms:Encrypt', KEY, { 'kms:EncryptionContext:app': 'billing' }, 'ImplicitlyDenied'],
    ['encrypt without context', 'kms:Encrypt', KEY, undefined, 'ImplicitlyDenied'],
  ])('%s', (_n, action, resource, context, expected) => {
    expect(identityDecisionUnvalidated(policy, { action, resource, context, resourcePolicy: defaultKeyPolicy() })).toBe(expected);
  });
});

describe('secrets: one Secrets Manager secret and one SSM parameter', () => {
  const policy = permissionPolicy([
    ...secretGrants(ctx, { secretsManager: 'prod/my-app/database-url' }),
    ...secretGrants(ctx, { ssmParameter: '/prod/my-app/api-key' }),
  ]);
  const secret = (name: string) => `arn:aws:secretsmanager:us-east-1:123456789012:secret:${name}`;
  // Rule pinned: the named secret with its random 6-character suffix; no other secret, however similar.
  test.each<Row>([
    ['read the secret (random suffix)', 'secretsmanager:GetSecretValue', secret('prod/my-app/database-url-AbC123'), undefined, 'Allowed'],
    ['describe the secret', 'secretsmanager:DescribeSecret', secret('prod/my-app/database-url-xYz789'), undefined, 'Allowed'],
    ['read another secret', 'secretsmanager:GetSecretValue', secret('prod/other/database-url-AbC123'), undefined, 'ImplicitlyDenied'],
    ['read a secret whose name extends it', 'secretsmanager:GetSecretValue', secret('prod/my-app/database-url-admin-AbC123'), undefined, 'ImplicitlyDenied'],
    ['write the secret', 'secretsmanager:PutSecretValue', secret('prod/my-app/database-url-AbC123'), undefined, 'ImplicitlyDenied'],
    ['read the parameter', 'ssm:GetParameter', 'arn:aws:ssm:us-east-1:123456789012:parameter/prod/my-app/api-key', undefined, 'Allowed'],
    ['read another parameter', 'ssm:GetParameter', 'arn:aws:ssm:us-east-1:123456789012:parameter/prod/my-app/admin-key', undefined, 'ImplicitlyDenied'],
    ['read the parameter path', 'ssm:GetParametersByPath', 'arn:aws:ssm:us-east-1:123456789012:parameter/prod/my-app', undefined, 'ImplicitlyDenied'],
  ])('%s', run(policy));
});

describe('secret with a customer key', () => {
  const policy = permissionPolicy(secretGrants(ctx, { secretsManager: 'prod/db', kmsKeyArn: KEY }));
  test.each<Row>([
    ['decrypt through Secrets Manager', 'kms:Decrypt', KEY, { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' }, 'Allowed'],
    ['decrypt directly', 'kms:Decrypt', KEY, undefined, 'ImplicitlyDenied'],
  ])('%s', run(policy));
});

describe('SQS consume', () => {
  const policy = permissionPolicy(sqsGrants(ctx, { queue: 'payments-events', access: 'consume' }));
  const q = 'arn:aws:sqs:us-east-1:123456789012:payments-events';
  test.each<Row>([
    ['receive', 'sqs:ReceiveMessage', q, undefined, 'Allowed'],
    ['delete a message', 'sqs:DeleteMessage', q, undefined, 'Allowed'],
    ['send (not asked)', 'sqs:SendMessage', q, undefined, 'ImplicitlyDenied'],
    ['receive from another queue', 'sqs:ReceiveMessage', `${q}-dlq`, undefined, 'ImplicitlyDenied'],
    ['purge', 'sqs:PurgeQueue', q, undefined, 'ImplicitlyDenied'],
  ])('%s', run(policy));
});

describe('DynamoDB read with indexes', () => {
  const policy = permissionPolicy(dynamodbGrants(ctx, { table: 'orders', access: 'read' }));
  const t = 'arn:aws:dynamodb:us-east-1:123456789012:table/orders';
  test.each<Row>([
    ['get an item', 'dynamodb:GetItem', t, undefined, 'Allowed'],
    ['query an index', 'dynamodb:Query', `${t}/index/by-customer`, undefined, 'Allowed'],
    ['put an item (not asked)', 'dynamodb:PutItem', t, undefined, 'ImplicitlyDenied'],
    ['get from another table', 'dynamodb:GetItem', `${t}-archive`, undefined, 'ImplicitlyDenied'],
  ])('%s', run(policy));
});

describe('EKS read on one cluster', () => {
  const policy = permissionPolicy(eksReadGrants(ctx, { cluster: 'production-cluster' }));
  const c = 'arn:aws:eks:us-east-1:123456789012:cluster/production-cluster';
  test.each<Row>([
    ['describe the cluster', 'eks:DescribeCluster', c, undefined, 'Allowed'],
    ['describe a node group', 'eks:DescribeNodegroup', 'arn:aws:eks:us-east-1:123456789012:nodegroup/production-cluster/general/abc', undefined, 'Allowed'],
    ['list clusters', 'eks:ListClusters', '*', undefined, 'Allowed'],
    ['describe another cluster', 'eks:DescribeCluster', 'arn:aws:eks:us-east-1:123456789012:cluster/staging', undefined, 'ImplicitlyDenied'],
    ['update the cluster', 'eks:UpdateClusterConfig', c, undefined, 'ImplicitlyDenied'],
  ])('%s', run(policy));
});

// A partial Secrets Manager ARN (no 6-character suffix) matches no real secret as written.
test.each<[string, string]>([
  ['arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db', 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-??????'],
  ['arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf', 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf'],
])('a secret ARN %s is granted as %s', (arn, granted) => {
  expect(secretArn({ partition: 'aws', region: 'us-east-1', accountId: '123456789012' }, arn)).toBe(granted);
});
