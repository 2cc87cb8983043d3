/** Pod Identity trust shape. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { includesAction, podIdentityTrusts, principalsOfKind } from '../helpers';

export const rule: Rule = {
  id: "PODID-TRUST",
  severity: 'error',
  title: "Pod Identity trust shape",
  why: "EKS Pod Identity assumes roles as pods.eks.amazonaws.com with sts:AssumeRole and sts:TagSession; any other principal or action widens the trust or breaks the association.",
  fix: "Trust exactly pods.eks.amazonaws.com with sts:AssumeRole and sts:TagSession",
  types: ["aws_iam_role"],
  check: (b, ctx) =>
    podIdentityTrusts(ctx.policy(b, 'assume_role_policy')).some((s) => principalsOfKind(s, 'Service').length !== 1 || !['sts:AssumeRole', 'sts:TagSession'].every((a) => includesAction(s.actions, a)))
      ? 'principal or actions differ'
      : undefined,
};
