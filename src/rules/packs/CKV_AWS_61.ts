/** Role trusts a whole account. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { iamAllows, principalsOfKind } from '../helpers';

export const rule: Rule = {
  id: "CKV_AWS_61",
  severity: 'error',
  title: "Role trusts a whole account",
  why: "Trusting an account root delegates the decision to every principal that account lets call sts:AssumeRole (checkov CKV_AWS_61).",
  fix: "Trust specific roles or users, not the account root",
  types: ["aws_iam_role"],
  check: (b, ctx) => (iamAllows(ctx.policy(b, 'assume_role_policy')).some((s) => principalsOfKind(s, 'AWS').some((x) => /:root$/.test(x))) ? 'trusts an account id or root' : undefined),
};
