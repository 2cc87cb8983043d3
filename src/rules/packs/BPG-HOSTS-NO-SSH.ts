/** Node group allows SSH. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';

export const rule: Rule = {
  id: "BPG-HOSTS-NO-SSH",
  severity: 'warning',
  title: "Node group allows SSH",
  why: "SSH access to nodes is a way around Kubernetes RBAC and audit logs; SSM Session Manager gives logged access without open ports (EKS Best Practices, hosts).",
  fix: "Remove remote_access; use SSM Session Manager",
  types: ["aws_eks_node_group"],
  check: (b) =>
    b.body.remote_access !== undefined ? 'remote_access block present' : undefined,
};
