/** Access entry grants system:masters. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { list } from '../helpers';

export const rule: Rule = {
  id: "BPG-ACCESS-MASTERS",
  severity: 'error',
  title: "Access entry grants system:masters",
  why: "system:masters bypasses RBAC entirely and cannot be limited or revoked by any Kubernetes policy (EKS Best Practices, cluster access).",
  fix: "Use an access policy (AmazonEKSClusterAdminPolicy for break-glass) instead of system:masters",
  types: ["aws_eks_access_entry"],
  check: (b) =>
    list(b.body.kubernetes_groups).includes('system:masters') ? 'kubernetes_groups contains system:masters' : undefined,
};
