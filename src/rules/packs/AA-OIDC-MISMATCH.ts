/** OIDC trust with the wrong action. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { oidcTrusts } from '../helpers';

export const rule: Rule = {
  id: "AA-OIDC-MISMATCH",
  severity: 'error',
  title: "OIDC trust with the wrong action",
  why: "A federated OIDC principal can only use sts:AssumeRoleWithWebIdentity; any other action is either dead or a sign the trust is not what was intended (IAM Access Analyzer).",
  fix: "Use exactly sts:AssumeRoleWithWebIdentity for an OIDC provider",
  types: ["aws_iam_role"],
  check: (b, ctx) =>
    oidcTrusts(ctx.policy(b, 'assume_role_policy')).some((s) => s.actions.negated || s.actions.patterns.length !== 1 || s.actions.patterns[0].trim().toLowerCase() !== 'sts:assumerolewithwebidentity')
      ? 'action is not exactly sts:AssumeRoleWithWebIdentity'
      : undefined,
};
