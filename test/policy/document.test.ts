import { Grant, permissionPolicy, policySize, renderPolicy } from '../../src/policy/document';
import { s3Grants } from '../../src/policy/s3';
import { sqsGrants } from '../../src/policy/sqs';

const ctx = { partition: 'aws', region: 'us-east-1', accountId: '123456789012' };
const grants: Grant[] = [
  ...s3Grants(ctx, { bucket: 'a-bucket', prefixes: ['x/'], access: 'read' }),
  ...s3Grants(ctx, { bucket: 'b-bucket', prefixes: ['y/'], access: 'read' }),
  ...sqsGrants(ctx, { queue: 'q1', access: 'send' }),
  ...sqsGrants(ctx, { queue: 'q2', access: 'send' }),
];

describe('permissionPolicy', () => {
  test('is independent of grant order', () => {
    const forward = renderPolicy(permissionPolicy(grants));
    const backward = renderPolicy(permissionPolicy([...grants].reverse()));
    expect(backward).toBe(forward);
  });

  test('merges same actions into one resource list, and keeps differently-conditioned statements apart', () => {
    const doc = permissionPolicy(grants);
    const objects = doc.Statement.find((s) => s.Sid === 'S3Objects');
    expect(objects?.Resource).toEqual(['arn:aws:s3:::a-bucket/x/*', 'arn:aws:s3:::b-bucket/y/*']);
    // Two ListBucket statements: each bucket's prefix condition must not apply to the other bucket.
    expect(doc.Statement.filter((s) => s.Action === 's3:ListBucket')).toHaveLength(2);
    const sqs = doc.Statement.find((s) => s.Sid === 'SqsSend');
    expect(sqs?.Resource).toEqual(['arn:aws:sqs:us-east-1:123456789012:q1', 'arn:aws:sqs:us-east-1:123456789012:q2']);
  });

  test('gives every statement a unique Sid', () => {
    const sids = permissionPolicy(grants).Statement.map((s) => s.Sid);
    expect(new Set(sids).size).toBe(sids.length);
  });

  test('renders compact literal JSON with IAM key order', () => {
    const json = renderPolicy(permissionPolicy(sqsGrants(ctx, { queue: 'q1', access: 'send' })));
    expect(json).toBe('{"Version":"2012-10-17","Statement":[{"Sid":"SqsSend","Effect":"Allow","Action":["sqs:GetQueueAttributes","sqs:GetQueueUrl","sqs:SendMessage"],"Resource":"arn:aws:sqs:us-east-1:123456789012:q1"}]}');
    expect(policySize(' { "a" : 1 }\n')).toBe(7);
  });
});
