/** Log group not encrypted with a KMS key. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';

export const rule: Rule = {
  id: "CKV_AWS_158",
  severity: 'error',
  title: "Log group not encrypted with a KMS key",
  why: "Log groups hold audit data; a customer key controls and records who can read it (checkov CKV_AWS_158).",
  fix: "Set kms_key_id to a customer key",
  types: ["aws_cloudwatch_log_group"],
  check: (b) =>
    !b.body.kms_key_id ? 'no kms_key_id' : undefined,
};
