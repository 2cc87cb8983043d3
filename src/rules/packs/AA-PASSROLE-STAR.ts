/** iam:PassRole on *. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { actionsOf, allows, resourcesOf } from '../helpers';

export const rule: Rule = {
  id: "AA-PASSROLE-STAR",
  severity: 'error',
  title: "iam:PassRole on *",
  fix: "Scope iam:PassRole to the role ARNs it passes",
  types: ["aws_iam_policy", "aws_iam_role_policy"],
  check: (b, ctx) =>
    (() => { const p = ctx.policy(b, 'policy'); return allows(p).some((s) => actionsOf(s).some((a) => ['iam:passrole', 'iam:*', '*'].includes(a.toLowerCase())) && (resourcesOf(s).includes('*') || s.NotResource !== undefined)) ? 'PassRole on * or NotResource' : undefined; })(),
};
