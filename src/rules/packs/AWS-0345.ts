/** Policy allows s3:*. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { grantedPolicy, grantsEveryActionOf, grantsEveryResource, iamStatements, isConstrained, perPolicy, policyAttribute } from '../helpers';

export const rule: Rule = {
  id: "AWS-0345",
  severity: 'error',
  title: "Policy allows s3:*",
  why: "s3:* includes deleting buckets and rewriting their policies, far beyond reading or writing objects (trivy AWS-0345).",
  fix: "Enumerate the S3 actions needed",
  types: ['aws_iam_policy', 'aws_iam_role_policy', 'aws_iam_user_policy', 'aws_iam_group_policy', 'aws_ssoadmin_permission_set_inline_policy'],
  check: (b, ctx) => {
    const p = grantedPolicy(b, ctx, policyAttribute(b));
    return perPolicy(p, rule.id, ctx.catalog, () => {
      const st = iamStatements(p);
      const every = (effect: string) => st.filter((s) => s.effect === effect && grantsEveryActionOf(s.actions, 's3', ctx.catalog));
      // An explicit Deny of every S3 action on every resource, with no condition, overrides any Allow.
      const denied = every('Deny').some((s) => grantsEveryResource(s.resources) && !isConstrained(s) && s.principals === undefined);
      return every('Allow').length > 0 && !denied ? 'Allow s3:* (every S3 action)' : undefined;
    });
  },
};
