/** Inline policies over 10,240 characters. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { policySize, refName } from '../helpers';

export const rule: Rule = {
  id: "IAM-QUOTA-INLINE",
  severity: 'error',
  title: "Inline policies over 10,240 characters",
  fix: "Move permissions into managed policies (eksguard splits automatically)",
  types: ["aws_iam_role"],
  check: (b, ctx) =>
    (() => {
    const inline = ctx.blocksBy('aws_iam_role_policy', 'role', (o) => refName(o.body.role, 'aws_iam_role'), b.name);
    const total = inline.reduce((n, o) => n + (typeof o.body.policy === 'string' ? policySize(o.body.policy) : 0), 0);
    return total > 10_240 ? `${total} characters` : undefined;
  })(),
};
