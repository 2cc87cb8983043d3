/** More than 10 managed policies on a role. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { list, refName } from '../helpers';

export const rule: Rule = {
  id: "IAM-QUOTA-ATTACH",
  severity: 'error',
  title: "More than 10 managed policies on a role",
  fix: "Merge policies; IAM allows 10 per role by default",
  types: ["aws_iam_role"],
  check: (b, ctx) =>
    (() => {
    const n = ctx.blocksBy('aws_iam_role_policy_attachment', 'role', (o) => refName(o.body.role, 'aws_iam_role'), b.name).length + list(b.body.managed_policy_arns).length;
    return n > 10 ? `${n} managed policies` : undefined;
  })(),
};
