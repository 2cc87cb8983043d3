/** OIDC trust without provider-scoped conditions. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { claimConstraints, oidcTrusts } from '../helpers';

export const rule: Rule = {
  id: "AA-OIDC-NO-CONDITION",
  severity: 'error',
  title: "OIDC trust without provider-scoped conditions",
  why: "Without conditions on the provider's sub and aud, every token the OIDC provider issues (every service account of the cluster) can assume the role (IAM Access Analyzer).",
  fix: "Add StringEquals on <issuer>:sub and <issuer>:aud",
  types: ["aws_iam_role"],
  check: (b, ctx) =>
    oidcTrusts(ctx.policy(b, 'assume_role_policy')).some((s) => {
      // Only conditions that narrow count: a negated, IfExists, set-qualified or Null one admits tokens without the claim.
      const prefixes = [...claimConstraints(s, 'sub'), ...claimConstraints(s, 'aud')].map((c) => c.key.slice(0, c.key.lastIndexOf(':')));
      return prefixes.length === 0 || prefixes.some((x) => !/^oidc\.eks\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/id\/[A-Za-z0-9]+$/.test(x) && !/^\$\{local\.[\w-]+\}$/.test(x) && !/\.url\}$/.test(x));
    })
      ? "no condition keyed by the provider's issuer"
      : undefined,
};
