/** Policy allows every action. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { grantedPolicy, grantsEveryAction, iamAllows, perPolicy, policyAttribute } from '../helpers';

export const rule: Rule = {
  id: "CKV_AWS_63",
  severity: 'error',
  title: "Policy allows every action",
  why: "Action * grants every present and future action on the resources named (checkov CKV_AWS_63).",
  fix: "Enumerate actions",
  types: ['aws_iam_policy', 'aws_iam_role_policy', 'aws_ssoadmin_permission_set_inline_policy', 'aws_iam_user_policy', 'aws_iam_group_policy'],
  check: (b, ctx) => {
    const p = grantedPolicy(b, ctx, policyAttribute(b));
    return perPolicy(p, rule.id, ctx.catalog, () =>
      iamAllows(p).some((s) => grantsEveryAction(s.actions)) ? 'Allow Action * (or NotAction: all but a few)' : undefined);
  },
};
