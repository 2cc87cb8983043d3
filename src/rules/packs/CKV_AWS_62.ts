/** Policy allows * on *. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { grantedPolicy, grantsEveryAction, grantsEveryResource, iamAllows, perPolicy, policyAttribute } from '../helpers';

export const rule: Rule = {
  id: "CKV_AWS_62",
  severity: 'error',
  title: "Policy allows * on *",
  why: "* on * is full administrator access, IAM included: whoever holds it can grant themselves anything (checkov CKV_AWS_62).",
  fix: "Enumerate actions and resources",
  types: ['aws_iam_policy', 'aws_iam_role_policy', 'aws_ssoadmin_permission_set_inline_policy', 'aws_iam_user_policy', 'aws_iam_group_policy'],
  check: (b, ctx) => {
    const p = grantedPolicy(b, ctx, policyAttribute(b));
    return perPolicy(p, rule.id, ctx.catalog, () =>
      iamAllows(p).some((s) => grantsEveryAction(s.actions) && grantsEveryResource(s.resources))
      ? 'Allow * on * (or NotAction/NotResource: all but a few)'
      : undefined);
  },
};
