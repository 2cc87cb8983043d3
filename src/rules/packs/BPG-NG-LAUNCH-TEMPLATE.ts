/** Node group without a launch template. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { one } from '../helpers';

export const rule: Rule = {
  id: "BPG-NG-LAUNCH-TEMPLATE",
  severity: 'warning',
  title: "Node group without a launch template",
  why: "Without a launch template the node group cannot pin IMDSv2 and a hop limit of 1, so pods can read the node role's credentials (EKS Best Practices, IAM for pods).",
  fix: "Use a launch template that requires IMDSv2 with hop limit 1",
  types: ["aws_eks_node_group"],
  check: (b) =>
    !one(b.body.launch_template)?.id && !one(b.body.launch_template)?.name ? 'no launch_template' : undefined,
};
