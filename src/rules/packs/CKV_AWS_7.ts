/** KMS key rotation off. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';

export const rule: Rule = {
  id: "CKV_AWS_7",
  severity: 'error',
  title: "KMS key rotation off",
  why: "Without rotation a key's material is never replaced, so a compromise of it lasts for the key's life (checkov CKV_AWS_7).",
  fix: "Set enable_key_rotation = true",
  types: ["aws_kms_key"],
  check: (b) =>
    (b.body.customer_master_key_spec ?? 'SYMMETRIC_DEFAULT') === 'SYMMETRIC_DEFAULT' && b.body.enable_key_rotation !== true ? 'enable_key_rotation is not true' : undefined,
};
