/** Trust policy has Resource or NotPrincipal. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { iamStatements } from '../helpers';

export const rule: Rule = {
  id: "AA-TRUST-NO-RESOURCE",
  severity: 'error',
  title: "Trust policy has Resource or NotPrincipal",
  why: "Resource and NotPrincipal do not belong in a trust policy: IAM rejects the first, and NotPrincipal with Allow trusts everyone but the named principals (IAM Access Analyzer).",
  fix: "Remove Resource, NotResource and NotPrincipal from trust statements",
  types: ["aws_iam_role"],
  check: (b, ctx) => (iamStatements(ctx.policy(b, 'assume_role_policy')).some((s) => s.resources !== undefined || s.principals?.negated === true) ? 'Resource/NotResource/NotPrincipal present' : undefined),
};
