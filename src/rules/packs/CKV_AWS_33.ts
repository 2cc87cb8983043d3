/** KMS key policy open to everyone. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
/* Deliberate difference from checkov: a policy that is not valid JSON is POLICY-UNRESOLVED, not a verdict. See scripts/upstream/differences.ts. */
import type { Rule } from '../engine';
import { admitsAnyone, iamAllows, narrowsWho } from '../helpers';

export const rule: Rule = {
  id: "CKV_AWS_33",
  severity: 'error',
  title: "KMS key policy open to everyone",
  why: "A key policy open to * lets any principal that can reach the key use or manage it (checkov CKV_AWS_33).",
  fix: "Name principals, or add a condition",
  types: ["aws_kms_key", 'aws_kms_key_policy'],
  check: (b, ctx) => (iamAllows(ctx.policy(b, 'policy')).some((s) => admitsAnyone(s, 'AWS') && !narrowsWho(s)) ? 'Principal * without a condition' : undefined),
};
