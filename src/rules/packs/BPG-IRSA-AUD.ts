/** IRSA trust without the STS audience. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { claimConstraints, oidcTrusts } from '../helpers';

export const rule: Rule = {
  id: "BPG-IRSA-AUD",
  severity: 'error',
  title: "IRSA trust without the STS audience",
  why: "The aud condition makes sure the token was issued for STS; without it a token minted for another audience can be replayed to assume the role (EKS Best Practices, IAM for pods).",
  fix: "Add StringEquals <issuer>:aud = sts.amazonaws.com",
  types: ["aws_iam_role"],
  check: (b, ctx) =>
    oidcTrusts(ctx.policy(b, 'assume_role_policy')).some((s) => {
      const aud = claimConstraints(s, 'aud').filter((c) => c.base === 'StringEquals');
      return aud.length !== 1 || JSON.stringify(aud[0].values) !== '["sts.amazonaws.com"]';
    })
      ? 'aud is missing or not sts.amazonaws.com'
      : undefined,
};
