/** VPC CNI permissions on the node role. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { isNodeRole } from '../helpers';

export const rule: Rule = {
  id: "BPG-CNI-OFF-NODE-ROLE",
  severity: 'warning',
  title: "VPC CNI permissions on the node role",
  fix: "Give kube-system/aws-node its own role (IRSA or Pod Identity) and keep AmazonEKS_CNI_Policy off the node role",
  types: ["aws_iam_role_policy_attachment", "aws_eks_addon"],
  check: (b, ctx) =>
    b.type === 'aws_eks_addon'
    ? b.body.addon_name === 'vpc-cni' && !b.body.service_account_role_arn && b.body.pod_identity_association === undefined ? 'vpc-cni has no role of its own' : undefined
    : isNodeRole(ctx, b.body.role) && String(b.body.policy_arn).endsWith('/AmazonEKS_CNI_Policy') ? 'AmazonEKS_CNI_Policy on the node role' : undefined,
};
