/** KMS key without a key policy. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { refName } from '../helpers';

export const rule: Rule = {
  id: "CKV2_AWS_64",
  severity: 'error',
  title: "KMS key without a key policy",
  why: "Without an explicit key policy the default one delegates the key to the whole account's IAM, so nobody reviews who can use it (checkov CKV2_AWS_64).",
  fix: "Write a key policy naming administrators and users",
  types: ["aws_kms_key"],
  check: (b, ctx) =>
    !b.body.policy && ctx.blocksBy('aws_kms_key_policy', 'key_id', (o) => refName(o.body.key_id, 'aws_kms_key'), b.name).length === 0 ? 'no policy' : undefined,
};
