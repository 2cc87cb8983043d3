/** Application permissions on a node role. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { isNodeRole } from '../helpers';

export const rule: Rule = {
  id: "NODE-ROLE-APP-PERMISSIONS",
  severity: 'error',
  title: "Application permissions on a node role",
  fix: "Move them to the workload's own role (IRSA or Pod Identity); every pod on the node could use them",
  types: ["aws_iam_role_policy_attachment", "aws_iam_role_policy"],
  check: (b, ctx) =>
    (() => {
    if (!isNodeRole(ctx, b.body.role)) return undefined;
    if (b.type === 'aws_iam_role_policy') return 'an inline policy on the node role';
    const allowed = ['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryPullOnly', 'AmazonEC2ContainerRegistryReadOnly', 'AmazonSSMManagedInstanceCore', 'AmazonEKS_CNI_Policy', 'AmazonEKSWorkerNodeMinimalPolicy'];
    const name = String(b.body.policy_arn).split('/').pop() ?? '';
    return allowed.includes(name) ? undefined : `${name} attached to the node role`;
  })(),
};
