/** VPC CNI permissions on the node role (through any attachment form), or a vpc-cni add-on without a role of its own. */
import type { Rule } from '../engine';
import { assumedByEc2, attaches, GRANT_TYPES, stackGrants } from '../normalise/attachments';

export const rule: Rule = {
  id: "BPG-CNI-OFF-NODE-ROLE",
  severity: 'warning',
  title: "VPC CNI permissions on the node role",
  why: "AmazonEKS_CNI_Policy on the node role lets every pod on the node change the VPC's network interfaces; aws-node should have its own role (EKS Best Practices, networking).",
  fix: "Give kube-system/aws-node its own role (IRSA or Pod Identity) and keep AmazonEKS_CNI_Policy off the node role",
  types: [...GRANT_TYPES, "aws_eks_addon"],
  check: (b, ctx) =>
    b.type === 'aws_eks_addon'
      ? b.body.addon_name === 'vpc-cni' && !b.body.service_account_role_arn && b.body.pod_identity_association === undefined ? 'vpc-cni has no role of its own' : undefined
      : stackGrants(ctx).index.via(b).some((g) => attaches(g, 'AmazonEKS_CNI_Policy') && g.principal.kind === 'role' && assumedByEc2(g.principal.block, stackGrants(ctx).policy))
        ? 'AmazonEKS_CNI_Policy on the node role'
        : undefined,
};
