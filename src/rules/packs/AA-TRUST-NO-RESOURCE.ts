/** Trust policy has Resource or NotPrincipal. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { statements } from '../helpers';

export const rule: Rule = {
  id: "AA-TRUST-NO-RESOURCE",
  severity: 'error',
  title: "Trust policy has Resource or NotPrincipal",
  fix: "Remove Resource, NotResource and NotPrincipal from trust statements",
  types: ["aws_iam_role"],
  check: (b, ctx) =>
    (() => { const p = ctx.policy(b, 'assume_role_policy'); return statements(p).some((s) => s.Resource !== undefined || s.NotResource !== undefined || s.NotPrincipal !== undefined) ? 'Resource/NotResource/NotPrincipal present' : undefined; })(),
};
