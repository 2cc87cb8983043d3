/** IRSA trust does not pin one service account. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { claimConstraints, oidcTrusts } from '../helpers';

export const rule: Rule = {
  id: "BPG-IRSA-SUB",
  severity: 'error',
  title: "IRSA trust does not pin one service account",
  why: "The sub condition is what ties a role to one service account; without an exact one, other pods of the cluster can assume the role (EKS Best Practices, IAM for pods).",
  fix: "StringEquals <issuer>:sub = system:serviceaccount:<namespace>:<name>",
  types: ["aws_iam_role"],
  check: (b, ctx) =>
    oidcTrusts(ctx.policy(b, 'assume_role_policy')).some((s) => {
      // A sub constrained only by a negated operator, IfExists, a set operator or Null admits every other service account.
      const subs = claimConstraints(s, 'sub');
      if (subs.length === 0) return true;
      return subs.some(({ base, values }) =>
        values.some((v) => !/^system:serviceaccount:[a-z0-9-]+:[a-z0-9.*?-]+$/.test(v) || (base !== 'StringLike' && /[*?]/.test(v)) || (base === 'StringLike' && !/^system:serviceaccount:[a-z0-9-]+:/.test(v))),
      );
    })
      ? 'sub is missing, only negated or optional, malformed, or spans namespaces'
      : undefined,
};
