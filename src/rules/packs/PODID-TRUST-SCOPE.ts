/** Pod Identity trust not scoped. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { constrainingKeys, podIdentityTrusts } from '../helpers';

export const rule: Rule = {
  id: "PODID-TRUST-SCOPE",
  severity: 'warning',
  title: "Pod Identity trust not scoped",
  why: "Without source-account and session-tag conditions, any cluster in any account with an association to the role can use it (EKS Pod Identity guidance).",
  fix: "Add aws:SourceAccount and the aws:RequestTag/kubernetes-namespace and kubernetes-service-account (or eks-cluster-arn) conditions",
  types: ["aws_iam_role"],
  check: (b, ctx) =>
    podIdentityTrusts(ctx.policy(b, 'assume_role_policy')).some((s) => {
      const keys = constrainingKeys(s);
      const tags = (keys.includes('aws:requesttag/kubernetes-namespace') && keys.includes('aws:requesttag/kubernetes-service-account')) || keys.includes('aws:requesttag/eks-cluster-arn');
      return !tags && !keys.includes('aws:sourceaccount') && !keys.includes('aws:sourceorgid');
    })
      ? 'no session-tag or source-account condition'
      : undefined,
};
