/** Policy allows iam:PassRole. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { actionsOf, allows, statements } from '../helpers';

export const rule: Rule = {
  id: "AWS-0342",
  severity: 'error',
  title: "Policy allows iam:PassRole",
  fix: "Remove iam:PassRole, or deny it",
  types: ["aws_iam_policy"],
  check: (b, ctx) =>
    (() => { const p = ctx.policy(b, 'policy'); return allows(p).some((s) => actionsOf(s).some((a) => a.toLowerCase() === 'iam:passrole')) && !statements(p).some((s) => s.Effect === 'Deny' && actionsOf(s).some((a) => a.toLowerCase() === 'iam:passrole')) ? 'allows iam:PassRole' : undefined; })(),
};
