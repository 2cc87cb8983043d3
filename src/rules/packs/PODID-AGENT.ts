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
      // The association's cluster, matched against each add-on's: literal, or the name of the aws_eks_cluster it references.
      const clusterOf = (o: { body: any; stack: string }, doc = ctx.docs.find((d) => d.stack === o.stack)) => {
        const ref = /^\$\{aws_eks_cluster\.([\w-]+)\.name\}$/.exec(String(o.body.cluster_name))?.[1];
        return ref === undefined ? String(o.body.cluster_name) : String(doc?.blocks.find((c) => c.type === 'aws_eks_cluster' && c.name === ref)?.body.name ?? ref);
      };
      const wanted = clusterOf(b);
      const agent = ctx.docs.some((d) => d.blocks.some((o) => o.type === 'aws_eks_addon' && o.body.addon_name === 'eks-pod-identity-agent' && clusterOf(o, d) === wanted));
      return agent ? undefined : `no eks-pod-identity-agent add-on for cluster ${wanted}`;
    })(),
};
