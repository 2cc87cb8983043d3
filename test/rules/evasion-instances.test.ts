/**
 * Issue 11: user data, public IPs and a Deny that overrides an Allow, each read in every form
 * Terraform takes. Each row: the flagged form and an equivalent compliant form of the same shape.
 */
import { documentOf, RULES, runRules } from '../../src/rules';

type Json = Record<string, unknown>;
const failing = (rule: string, type: string, body: Json, extra: Json = {}): boolean => {
  const doc = documentOf({ resource: { [type]: { x: body } }, ...extra }, 's', 's.tf.json');
  return runRules(RULES.filter((r) => r.id === rule), [doc]).findings.some((f) => f.address === `${type}.x`);
};
const KEYS = 'export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nexport AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n';
const SECRET_ONLY = 'export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n';
const PLACEHOLDER = 'export AWS_ACCESS_KEY_ID=FOO\nexport AWS_SECRET_ACCESS_KEY=bar\n';
const b64 = (s: string) => Buffer.from(s).toString('base64');

// CKV_AWS_46: a key in user data, as plain text (instances, launch configurations) or base64 (launch templates).
test.each([
  ['aws_instance', 'user_data', KEYS, PLACEHOLDER],
  ['aws_instance', 'user_data', SECRET_ONLY, PLACEHOLDER],
  ['aws_instance', 'user_data_base64', b64(KEYS), b64(PLACEHOLDER)],
  ['aws_launch_configuration', 'user_data', KEYS, PLACEHOLDER],
  ['aws_launch_template', 'user_data', b64(KEYS), b64(PLACEHOLDER)],
  ['aws_launch_template', 'user_data', KEYS, PLACEHOLDER],
])('CKV_AWS_46 fails when %s.%s holds an access key (and passes a placeholder)', (type, attribute, flagged, compliant) => {
  expect(failing('CKV_AWS_46', type, { [attribute]: flagged })).toBe(true);
  expect(failing('CKV_AWS_46', type, { [attribute]: compliant })).toBe(false);
});

// CKV_AWS_88: each.value over literal for_each values; an expression only a plan resolves fails closed.
test.each([
  ['a literal map', { for_each: { a: true, b: false }, associate_public_ip_address: '${each.value}' }, { for_each: { a: false, b: false }, associate_public_ip_address: '${each.value}' }, {}],
  ['a variable default', { for_each: '${var.ips}', associate_public_ip_address: '${each.value.public}' }, { for_each: '${var.ips}', associate_public_ip_address: '${each.value.public}' }, { variable: { ips: { default: { a: { public: true } } } } }],
  ['an unresolved variable', { associate_public_ip_address: '${var.public}' }, { associate_public_ip_address: false }, {}],
])('CKV_AWS_88 fails when associate_public_ip_address comes from %s', (_what, flagged, compliant, extra) => {
  expect(failing('CKV_AWS_88', 'aws_instance', flagged as Json, extra as Json)).toBe(true);
  const compliantExtra = (extra as any).variable ? { variable: { ips: { default: { a: { public: false } } } } } : extra;
  expect(failing('CKV_AWS_88', 'aws_instance', compliant as Json, compliantExtra as Json)).toBe(false);
});

// AWS-0345: an unconditioned Deny of every S3 action on every resource overrides the Allow.
test.each([
  ['a Deny on some buckets only', { Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::secrets/*' }],
  ['a conditioned Deny', { Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }],
  ['a Deny of some S3 actions', { Effect: 'Deny', Action: 's3:Delete*', Resource: '*' }],
])('AWS-0345 fails when s3:* is allowed beside %s (and passes beside a Deny of s3:* on *)', (_what, deny) => {
  const policy = (d: Json) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }, d] });
  expect(failing('AWS-0345', 'aws_iam_policy', { policy: policy(deny) })).toBe(true);
  expect(failing('AWS-0345', 'aws_iam_policy', { policy: policy({ Effect: 'Deny', Action: 's3:*', Resource: '*' }) })).toBe(false);
});
