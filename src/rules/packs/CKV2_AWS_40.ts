/** Policy allows all of IAM. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
/* Deliberate difference from checkov: a policy document nothing uses grants nothing; it is judged where it is used. See scripts/upstream/differences.ts. */
import type { Rule } from '../engine';
import { grantedPolicy, grantsEveryActionOf, iamAllows, perPolicy, policyAttribute } from '../helpers';

export const rule: Rule = {
  id: "CKV2_AWS_40",
  severity: 'error',
  title: "Policy allows all of IAM",
  why: "iam:* lets the holder create users, keys and policies and so escalate to any permission (checkov CKV2_AWS_40).",
  fix: "Enumerate IAM actions",
  types: ['aws_iam_policy', 'aws_iam_role_policy', 'aws_ssoadmin_permission_set_inline_policy', 'aws_iam_user_policy', 'aws_iam_group_policy'],
  check: (b, ctx) => {
    const p = grantedPolicy(b, ctx, policyAttribute(b));
    return perPolicy(p, rule.id, ctx.catalog, () =>
      iamAllows(p).some((s) => grantsEveryActionOf(s.actions, 'iam', ctx.catalog)) ? 'Allow iam:* (every IAM action)' : undefined);
  },
};
