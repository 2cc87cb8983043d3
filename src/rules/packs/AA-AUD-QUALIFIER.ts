/** Set operator on the single-valued aud claim. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { claimConditions, oidcStatements } from '../helpers';

export const rule: Rule = {
  id: "AA-AUD-QUALIFIER",
  severity: 'warning',
  title: "Set operator on the single-valued aud claim",
  fix: "Use StringEquals, not ForAnyValue/ForAllValues, on aud",
  types: ["aws_iam_role"],
  check: (b, ctx) =>
    (() => { const p = ctx.policy(b, 'assume_role_policy'); return oidcStatements(p).some((s) => claimConditions(s, 'aud').some((c) => /^For(Any|All)Value/.test(c.op))) ? 'aud under a set operator' : undefined; })(),
};
