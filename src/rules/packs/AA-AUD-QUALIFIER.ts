/** Set operator on the single-valued aud claim. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { claims, oidcTrusts } from '../helpers';

export const rule: Rule = {
  id: "AA-AUD-QUALIFIER",
  severity: 'warning',
  title: "Set operator on the single-valued aud claim",
  why: "aud is single-valued; ForAnyValue/ForAllValues on it change the logic (ForAllValues matches a token without aud) (IAM Access Analyzer).",
  fix: "Use StringEquals, not ForAnyValue/ForAllValues, on aud",
  types: ["aws_iam_role"],
  check: (b, ctx) => (oidcTrusts(ctx.policy(b, 'assume_role_policy')).some((s) => claims(s, 'aud').some((c) => c.set !== undefined)) ? 'aud under a set operator' : undefined),
};
