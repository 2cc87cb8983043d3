/** Node group allows SSH. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';

export const rule: Rule = {
  id: "BPG-HOSTS-NO-SSH",
  severity: 'warning',
  title: "Node group allows SSH",
  fix: "Remove remote_access; use SSM Session Manager",
  types: ["aws_eks_node_group"],
  check: (b) =>
    b.body.remote_access !== undefined ? 'remote_access block present' : undefined,
};
