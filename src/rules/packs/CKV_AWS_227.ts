/** KMS key disabled. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';

export const rule: Rule = {
  id: "CKV_AWS_227",
  severity: 'error',
  title: "KMS key disabled",
  why: "A disabled key makes everything encrypted with it unreadable, the cluster's secrets included (checkov CKV_AWS_227).",
  fix: "Set is_enabled = true",
  types: ["aws_kms_key"],
  check: (b) =>
    b.body.is_enabled === false ? 'is_enabled = false' : undefined,
};
