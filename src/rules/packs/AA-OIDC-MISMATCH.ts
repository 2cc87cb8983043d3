/** OIDC trust with the wrong action. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { list, oidcStatements } from '../helpers';

export const rule: Rule = {
  id: "AA-OIDC-MISMATCH",
  severity: 'error',
  title: "OIDC trust with the wrong action",
  fix: "Use exactly sts:AssumeRoleWithWebIdentity for an OIDC provider",
  types: ["aws_iam_role"],
  check: (b, ctx) =>
    (() => { const p = ctx.policy(b, 'assume_role_policy'); return oidcStatements(p).some((s) => JSON.stringify(list(s.Action)) !== '["sts:AssumeRoleWithWebIdentity"]') ? 'action is not exactly sts:AssumeRoleWithWebIdentity' : undefined; })(),
};
