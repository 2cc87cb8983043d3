/** Application permissions on a node role, through any attachment form or an inline policy. */
import type { Rule } from '../engine';
import { assumedByEc2, awsManagedName, GRANT_TYPES, INLINE_TYPES, stackGrants } from '../normalise/attachments';

const NODE_POLICIES = ['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryPullOnly', 'AmazonEC2ContainerRegistryReadOnly', 'AmazonSSMManagedInstanceCore', 'AmazonEKS_CNI_Policy', 'AmazonEKSWorkerNodeMinimalPolicy'];

export const rule: Rule = {
  id: "NODE-ROLE-APP-PERMISSIONS",
  severity: 'error',
  title: "Application permissions on a node role",
  why: "Every pod on a node can use the node role's credentials, so an application's permissions there are every pod's (EKS Best Practices, IAM for pods).",
  fix: "Move them to the workload's own role (IRSA or Pod Identity); every pod on the node could use them",
  types: [...GRANT_TYPES, ...INLINE_TYPES],
  check: (b, ctx) => {
    const why = stackGrants(ctx).index.via(b).filter((g) => g.principal.kind === 'role' && assumedByEc2(g.principal.block, stackGrants(ctx).policy)).flatMap((g) => {
      if (g.policy.kind === 'inline') return ['an inline policy on the node role'];
      const name = awsManagedName(g);
      if (name !== undefined && NODE_POLICIES.some((n) => n.toLowerCase() === name.toLowerCase())) return [];
      const what = name ?? (g.policy.kind === 'customer' ? g.policy.block.address : g.policy.kind === 'managed' ? g.policy.name : g.policy.expression);
      return [`${what} attached to the node role`];
    });
    return why.length > 0 ? [...new Set(why)].join('; ') : undefined;
  },
};
