/** Cluster-wide admin access policy. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { one } from '../helpers';

export const rule: Rule = {
  id: "BPG-ACCESS-ADMIN-SCOPE",
  severity: 'warning',
  title: "Cluster-wide admin access policy",
  fix: "Scope it to namespaces, or keep it for a reviewed break-glass principal (eksguard: breakGlass.reason)",
  types: ["aws_eks_access_policy_association"],
  check: (b) =>
    /AmazonEKS(Cluster)?AdminPolicy$/.test(String(b.body.policy_arn)) && one(b.body.access_scope)?.type === 'cluster' ? `${String(b.body.policy_arn).split('/').pop()} at cluster scope` : undefined,
};
