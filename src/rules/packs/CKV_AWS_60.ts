/** Role trusts every AWS principal. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { admitsAnyone, iamStatements } from '../helpers';

export const rule: Rule = {
  id: "CKV_AWS_60",
  severity: 'error',
  title: "Role trusts every AWS principal",
  why: "A trust policy that admits every AWS principal lets any AWS account assume the role (checkov CKV_AWS_60).",
  fix: "Name the principals that may assume the role",
  types: ["aws_iam_role"],
  check: (b, ctx) => (iamStatements(ctx.policy(b, 'assume_role_policy')).some((s) => admitsAnyone(s, 'AWS')) ? 'every AWS principal (Principal *, AWS *, or NotPrincipal) may assume it' : undefined),
};
