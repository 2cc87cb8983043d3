/** More than 10 managed policies on a role, counted over every attachment form (distinct policies). */
import type { Rule } from '../engine';
import { stackGrants } from '../normalise/attachments';

export const rule: Rule = {
  id: "IAM-QUOTA-ATTACH",
  severity: 'error',
  title: "More than 10 managed policies on a role",
  why: "IAM allows 10 managed policies per role by default; an 11th attachment fails at apply.",
  fix: "Merge policies; IAM allows 10 per role by default",
  types: ["aws_iam_role"],
  check: (b, ctx) => {
    const policies = new Set(stackGrants(ctx).index.of(b.address).flatMap((g) =>
      g.policy.kind === 'managed' ? [g.policy.arn] : g.policy.kind === 'customer' ? [g.policy.block.address] : g.policy.kind === 'unresolved' ? [g.policy.expression] : []));
    return policies.size > 10 ? `${policies.size} managed policies` : undefined;
  },
};
