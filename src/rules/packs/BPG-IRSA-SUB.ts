/** IRSA trust does not pin one service account. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { claimConditions, oidcStatements } from '../helpers';

export const rule: Rule = {
  id: "BPG-IRSA-SUB",
  severity: 'error',
  title: "IRSA trust does not pin one service account",
  fix: "StringEquals <issuer>:sub = system:serviceaccount:<namespace>:<name>",
  types: ["aws_iam_role"],
  check: (b, ctx) =>
    (() => { const p = ctx.policy(b, 'assume_role_policy');
    return oidcStatements(p).some((s) => {
      const subs = claimConditions(s, 'sub');
      if (subs.length === 0) return true;
      return subs.some(({ op, values }) => values.some((v) =>
        !/^system:serviceaccount:[a-z0-9-]+:[a-z0-9.*?-]+$/.test(v) || (op === 'StringEquals' && /[*?]/.test(v)) || (op !== 'StringEquals' && !/^system:serviceaccount:[a-z0-9-]+:/.test(v))));
    }) ? 'sub is missing, malformed, or spans namespaces' : undefined;
  })(),
};
