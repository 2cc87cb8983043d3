/** Policy allows iam:PassRole. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { grantedPolicy, iamStatements, includesAction, perPolicy, policyAttribute } from '../helpers';

export const rule: Rule = {
  id: "AWS-0342",
  severity: 'error',
  title: "Policy allows iam:PassRole",
  why: "iam:PassRole lets a principal hand a more powerful role to a service it controls (trivy AWS-0342).",
  fix: "Remove iam:PassRole, or deny it",
  types: ['aws_iam_policy', 'aws_iam_user_policy', 'aws_iam_group_policy'],
  check: (b, ctx) => {
    const p = grantedPolicy(b, ctx, policyAttribute(b));
    return perPolicy(p, rule.id, ctx.catalog, () => {
      const st = iamStatements(p);
      const passes = (effect: string) => st.some((s) => s.effect === effect && includesAction(s.actions, 'iam:PassRole'));
      return passes('Allow') && !passes('Deny') ? 'allows iam:PassRole' : undefined;
    });
  },
};
