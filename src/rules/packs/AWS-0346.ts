/** S3 reads and writes on every bucket. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { grantedPolicy, grantsEveryResourceOfType, iamAllows, intersectsActions, perPolicy, policyAttribute } from '../helpers';

export const rule: Rule = {
  id: "AWS-0346",
  severity: 'error',
  title: "S3 reads and writes on every bucket",
  why: "S3 reads and writes on * reach every bucket of the account, and of other accounts that allow it (trivy AWS-0346).",
  fix: "Scope S3 access to bucket and object ARNs",
  types: ['aws_iam_policy', 'aws_iam_role_policy', 'aws_iam_user_policy', 'aws_iam_group_policy', 'aws_ssoadmin_permission_set_inline_policy'],
  check: (b, ctx) => {
    const p = grantedPolicy(b, ctx, policyAttribute(b));
    return perPolicy(p, rule.id, ctx.catalog, () =>
      iamAllows(p).some(
      (s) =>
        (grantsEveryResourceOfType(s.resources, 's3', 'bucket', ctx.catalog) || grantsEveryResourceOfType(s.resources, 's3', 'object', ctx.catalog)) &&
        intersectsActions(s.actions, 's3:Get*', ctx.catalog) &&
        intersectsActions(s.actions, 's3:Put*', ctx.catalog),
    )
      ? 's3:Get* and s3:Put* on every bucket'
      : undefined);
  },
};
