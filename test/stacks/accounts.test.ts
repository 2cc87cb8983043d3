import type { PolicyDocument } from '../../src/policy/document';
import { authorizeCore } from '../support/iam';
import { exampleInput, stackJson, synthTo } from '../support/synth';

const OTHER = '999999999999';
const KEY = `arn:aws:kms:us-east-1:${OTHER}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const ROLE = 'arn:aws:iam::123456789012:role/production-cluster-production-my-app';
const STACK = `production-cluster-account-${OTHER}`;

/** my-app reads another account's key, bucket, secret and repository. */
function crossAccount(managePolicies: boolean): any {
  const input = exampleInput();
  input.accounts = { [OTHER]: { roleArn: `arn:aws:iam::${OTHER}:role/eksguard-deployer`, managePolicies } };
  const w = input.clusters[0].workloads.find((x: any) => x.name === 'my-app');
  w.kms[0].keyArn = KEY;
  w.s3.push({ bucket: 'shared-reports', prefixes: ['payments/'], access: 'read', account: OTHER });
  w.secrets.push({ secretsManager: `arn:aws:secretsmanager:us-east-1:${OTHER}:secret:shared/api-token` });
  w.ecr = [{ repository: `arn:aws:ecr:us-east-1:${OTHER}:repository/shared/base` }];
  return input;
}

/** A cross-account request: the caller's identity policy and the resource's own policy must both allow it. */
const ask = (identity: PolicyDocument, action: string, resource: string, resourcePolicy?: PolicyDocument) =>
  authorizeCore({ principal: ROLE, action, resource, resourceAccount: OTHER, context: {}, identityPolicies: [identity], resourcePolicy });

describe('access to another account', () => {
  const out = synthTo(crossAccount(true));
  const other = stackJson(out, STACK);
  const identity = JSON.parse(stackJson(out, 'production-cluster-workloads').resource.aws_iam_role_policy['production_my-app'].policy);

  test('gets a stack of its own, whose provider assumes the deployer role in that account only', () => {
    expect(other.provider.aws[0]).toMatchObject({ allowed_account_ids: [OTHER], assume_role: [{ role_arn: `arn:aws:iam::${OTHER}:role/eksguard-deployer`, session_name: 'eksguard' }] });
    const manifest = require('fs').readFileSync(require('path').join(out, 'manifest.json'), 'utf8');
    expect(JSON.parse(manifest).stacks[STACK].dependencies).toContain('production-cluster-workloads');
  });

  test('the KMS key: a grant to the role for its operations, beside the identity statement', () => {
    const grant = Object.values(other.resource.aws_kms_grant) as any[];
    expect(grant).toEqual([expect.objectContaining({ key_id: KEY, grantee_principal: ROLE, operations: ['Decrypt', 'DescribeKey'] })]);
    expect(JSON.stringify(identity)).toContain(KEY);
  });

  test('the bucket: its policy admits the role to exactly the prefix, and only both sides together allow the read (evaluated)', () => {
    const bucketPolicy = JSON.parse(other.resource.aws_s3_bucket_policy['shared-reports'].policy) as PolicyDocument;
    const object = 'arn:aws:s3:::shared-reports/payments/2026-11.csv';
    expect(ask(identity, 's3:GetObject', object, bucketPolicy)).toBe('Allowed');
    expect(ask(identity, 's3:GetObject', object)).not.toBe('Allowed'); // the resource side alone is missing
    expect(ask(identity, 's3:GetObject', 'arn:aws:s3:::shared-reports/hr/2026-11.csv', bucketPolicy)).not.toBe('Allowed');
  });

  test('the secret and the repository: policies naming the role, read and pull only', () => {
    const secretPolicy = JSON.parse(other.resource.aws_secretsmanager_secret_policy['shared-api-token'].policy);
    expect(secretPolicy.Statement).toEqual([expect.objectContaining({ Principal: { AWS: ROLE }, Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'] })]);
    expect(other.data.aws_secretsmanager_secret['shared-api-token'].arn).toBe(`arn:aws:secretsmanager:us-east-1:${OTHER}:secret:shared/api-token`);
    const repoPolicy = JSON.parse(other.resource.aws_ecr_repository_policy['shared-base'].policy);
    expect(repoPolicy.Statement[0]).toMatchObject({ Principal: { AWS: ROLE }, Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'] });
  });

  test('without managePolicies the resource policies are outputs for their owners, and only grants are written', () => {
    const o = stackJson(synthTo(crossAccount(false)), STACK);
    expect(o.resource.aws_s3_bucket_policy).toBeUndefined();
    expect(Object.keys(o.resource.aws_kms_grant)).toHaveLength(1);
    expect(Object.keys(o.output).sort()).toEqual(['repository_policies', 's3_bucket_policies', 'secret_policies']);
    expect(JSON.parse(o.output.s3_bucket_policies.value['shared-reports']).Statement[0].Principal).toEqual({ AWS: ROLE });
  });
});
