/** Inline policies over 10,240 characters. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { policySize } from '../helpers';
import { stackGrants } from '../normalise/attachments';

export const rule: Rule = {
  id: "IAM-QUOTA-INLINE",
  severity: 'error',
  title: "Inline policies over 10,240 characters",
  why: "IAM caps a role's inline policies at 10,240 characters in total; over it apply fails part-way.",
  fix: "Move permissions into managed policies (eksguard splits automatically)",
  types: ["aws_iam_role"],
  check: (b, ctx) =>
    (() => {
    // Through the attachment index (built once per stack): linear, and a policy naming the role by its literal name counts too.
    const inline = stackGrants(ctx).index.of(b.address).flatMap((g) => (g.policy.kind === 'inline' && g.via.type === 'aws_iam_role_policy' ? [g.via] : []));
    const total = inline.reduce((n, o) => n + (typeof o.body.policy === 'string' ? policySize(o.body.policy) : 0), 0);
    return total > 10_240 ? `${total} characters` : undefined;
  })(),
};
