/** Policy allows privilege escalation. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { actionsOf, allows } from '../helpers';

export const rule: Rule = {
  id: "CKV_AWS_286",
  severity: 'error',
  title: "Policy allows privilege escalation",
  fix: "Remove iam:PassRole, policy and trust writes, and code updates from workload policies",
  types: ["aws_iam_policy", "aws_iam_role_policy"],
  check: (b, ctx) =>
    (() => { const p = ctx.policy(b, 'policy');
    const escalation = ['iam:passrole', 'iam:createpolicyversion', 'iam:putrolepolicy', 'iam:updateassumerolepolicy', 'iam:attachrolepolicy', 'iam:putuserpolicy', 'iam:attachuserpolicy', 'iam:createaccesskey', 'lambda:updatefunctioncode'];
    const found = allows(p).flatMap(actionsOf).filter((a) => escalation.includes(a.toLowerCase()));
    return found.length > 0 ? `allows ${found.join(', ')}` : undefined;
  })(),
};
