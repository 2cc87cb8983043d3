/** OIDC trust without provider-scoped conditions. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { conditionKeys, oidcStatements } from '../helpers';

export const rule: Rule = {
  id: "AA-OIDC-NO-CONDITION",
  severity: 'error',
  title: "OIDC trust without provider-scoped conditions",
  fix: "Add StringEquals on <issuer>:sub and <issuer>:aud",
  types: ["aws_iam_role"],
  check: (b, ctx) =>
    (() => { const p = ctx.policy(b, 'assume_role_policy');
    return oidcStatements(p).some((s) => {
      const prefixes = conditionKeys(s).filter((k) => k.endsWith(':sub') || k.endsWith(':aud')).map((k) => k.slice(0, k.lastIndexOf(':')));
      return prefixes.length === 0 || prefixes.some((x) => !/^oidc\.eks\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/id\/[A-Za-z0-9]+$/.test(x) && !/^\$\{local\.[\w-]+\}$/.test(x) && !/\.url\}$/.test(x));
    }) ? 'no condition keyed by the provider\'s issuer' : undefined;
  })(),
};
