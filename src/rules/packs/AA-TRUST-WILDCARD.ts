/** Role trusts Principal *. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { admitsAnyone, iamStatements } from '../helpers';

export const rule: Rule = {
  id: "AA-TRUST-WILDCARD",
  severity: 'error',
  title: "Role trusts Principal *",
  why: "Principal * in a trust policy lets anyone, in any account, assume the role unless a condition stops them (IAM Access Analyzer).",
  fix: "Name the principals that may assume the role",
  types: ["aws_iam_role"],
  check: (b, ctx) => (iamStatements(ctx.policy(b, 'assume_role_policy')).some((s) => admitsAnyone(s)) ? 'a wildcard principal (*, AWS/Service/Federated *, or NotPrincipal) may assume it' : undefined),
};
