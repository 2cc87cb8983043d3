/** IRSA trust admits a whole namespace. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { claims, oidcTrusts } from '../helpers';

export const rule: Rule = {
  id: "BPG-IRSA-SUB-NS-WIDE",
  severity: 'warning',
  title: "IRSA trust admits a whole namespace",
  why: "A sub pattern over a namespace lets every service account in it, including ones created later, assume the role (EKS Best Practices, IAM for pods).",
  fix: "Name the one service account (eksguard: wildcardSubject needs a reason)",
  types: ["aws_iam_role"],
  check: (b, ctx) => (oidcTrusts(ctx.policy(b, 'assume_role_policy')).some((s) => claims(s, 'sub').some(({ values }) => values.some((v) => /[*?]/.test(v)))) ? 'sub has a wildcard' : undefined),
};
