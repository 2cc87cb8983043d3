/** Policy allows s3:*. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { grantedPolicy, grantsEveryActionOf, iamAllows, policyAttribute } from '../helpers';

export const rule: Rule = {
  id: "AWS-0345",
  severity: 'error',
  title: "Policy allows s3:*",
  fix: "Enumerate the S3 actions needed",
  types: ['aws_iam_policy', 'aws_iam_role_policy', 'aws_iam_user_policy', 'aws_iam_group_policy', 'aws_ssoadmin_permission_set_inline_policy'],
  check: (b, ctx) => (iamAllows(grantedPolicy(b, ctx, policyAttribute(b))).some((s) => grantsEveryActionOf(s.actions, 's3', ctx.catalog)) ? 'Allow s3:* (every S3 action)' : undefined),
};
