/** Node role can write to ECR: the ECR full-access or power-user managed policy reaches it through any attachment form. */
import type { Rule } from '../engine';
import { assumedByEc2, awsManagedName, GRANT_TYPES, stackGrants } from '../normalise/attachments';

export const rule: Rule = {
  id: "CIS-5.1.3",
  severity: 'error',
  title: "Node role can write to ECR",
  why: "Nodes only pull images; a node role that can push lets any pod on a node replace images other workloads run (CIS EKS 5.1.3).",
  fix: "Give nodes AmazonEC2ContainerRegistryPullOnly (or ReadOnly)",
  types: [...GRANT_TYPES],
  check: (b, ctx) => {
    const names = stackGrants(ctx).index.via(b).filter((g) => g.principal.kind === 'role' && assumedByEc2(g.principal.block, stackGrants(ctx).policy)).map(awsManagedName).filter((n): n is string => n !== undefined && /^AmazonEC2ContainerRegistry(FullAccess|PowerUser)$/i.test(n));
    return names.length > 0 ? [...new Set(names)].join(', ') : undefined;
  },
};
