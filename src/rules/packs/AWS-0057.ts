/** Wildcard action in an Allow. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { grantedPolicy, iamAllows, perPolicy, policyAttribute } from '../helpers';

export const rule: Rule = {
  id: "AWS-0057",
  severity: 'error',
  title: "Wildcard action in an Allow",
  why: "A wildcard action grants actions nobody reviewed, including ones AWS adds later (trivy AWS-0057).",
  fix: "Enumerate actions",
  types: ['aws_iam_policy', 'aws_iam_role_policy', 'aws_iam_user_policy', 'aws_iam_group_policy', 'aws_ssoadmin_permission_set_inline_policy'],
  check: (b, ctx) => {
    const p = grantedPolicy(b, ctx, policyAttribute(b));
    return perPolicy(p, rule.id, ctx.catalog, () => {
      const w = iamAllows(p).flatMap((s) => (s.actions.negated ? [`NotAction ${s.actions.patterns.join(', ')} (every other action)`] : s.actions.patterns.filter((a) => /[*?]/.test(a))));
      return w.length > 0 ? `wildcard actions ${w.join(', ')}` : undefined;
    });
  },
};
