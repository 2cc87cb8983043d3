/** Wildcard under StringEquals never matches. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { iamStatements } from '../helpers';

export const rule: Rule = {
  id: "AA-WILDCARD-STRINGEQUALS",
  severity: 'error',
  title: "Wildcard under StringEquals never matches",
  why: "StringEquals compares literally, so a * in its value never matches: the condition either denies everyone or was meant as a pattern nobody reviewed (IAM Access Analyzer).",
  fix: "Use StringLike for patterns, or remove the wildcard",
  types: ["aws_iam_role"],
  check: (b, ctx) => (iamStatements(ctx.policy(b, 'assume_role_policy')).some((s) => s.conditions.some((c) => c.base === 'StringEquals' && c.values.some((x) => /[*?]/.test(x)))) ? 'a StringEquals value contains * or ?' : undefined),
};
