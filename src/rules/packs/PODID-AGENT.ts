/** Pod Identity without the agent add-on. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';

export const rule: Rule = {
  id: "PODID-AGENT",
  severity: 'error',
  title: "Pod Identity without the agent add-on",
  fix: "Add aws_eks_addon eks-pod-identity-agent to the cluster",
  types: ["aws_eks_pod_identity_association"],
  check: (b, ctx) =>
    (() => {
    const agent = ctx.docs.some((d) => d.blocks.some((o) => o.type === 'aws_eks_addon' && o.body.addon_name === 'eks-pod-identity-agent' && (o.body.cluster_name === b.body.cluster_name || String(o.body.cluster_name).startsWith('${aws_eks_cluster.'))));
    return agent ? undefined : `no eks-pod-identity-agent add-on for cluster ${b.body.cluster_name}`;
  })(),
};
