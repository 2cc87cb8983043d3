/** Cluster-wide admin access policy. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { list, one } from '../helpers';

export const rule: Rule = {
  id: "BPG-ACCESS-ADMIN-SCOPE",
  severity: 'warning',
  title: "Cluster-wide admin access policy",
  why: "A cluster-scoped admin access policy gives one principal full control of every namespace; it should be a reviewed break-glass exception (EKS Best Practices, cluster access).",
  fix: "Scope it to namespaces, or keep it for a reviewed break-glass principal (eksguard: breakGlass.reason)",
  types: ["aws_eks_access_policy_association"],
  check: (b) => {
    const policy = String(b.body.policy_arn).split('/').pop();
    const scope = one(b.body.access_scope);
    // At cluster scope anything but View reaches kube-system too (Edit writes there, AdminView reads every Secret).
    if (/^AmazonEKS((Cluster)?Admin|Edit|AdminView)Policy$/.test(policy ?? '') && scope?.type === 'cluster') return `${policy} at cluster scope`;
    // Write access in kube-system (or another kube-* namespace) reaches the whole cluster through its controllers' service accounts.
    const system = list<string>(scope?.namespaces).filter((n) => typeof n === 'string' && n.startsWith('kube-'));
    if (/^AmazonEKS((Cluster)?Admin|Edit|AdminView)Policy$/.test(policy ?? '') && scope?.type === 'namespace' && system.length > 0) return `${policy} in ${system.join(', ')}, which reaches every namespace`;
    return undefined;
  },
};
