/** Pod Identity without the agent add-on. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import type { TfDocument } from '../model';

export const rule: Rule = {
  id: "PODID-AGENT",
  severity: 'error',
  title: "Pod Identity without the agent add-on",
  why: "Pod Identity associations do nothing without the eks-pod-identity-agent add-on; pods then fall back to the node role.",
  fix: "Add aws_eks_addon eks-pod-identity-agent to the cluster",
  types: ["aws_eks_pod_identity_association"],
  check: (b, ctx) =>
    (() => {
      // The association's cluster, matched against each add-on's: literal, or the name of the aws_eks_cluster it references.
      // Each document's clusters by Terraform name, and the clusters that have the add-on: indexed once per run.
      const index = ctx.memoRun('PODID-AGENT:index', () => {
        const clusters = new Map(ctx.docs.map((d) => [d, new Map(d.blocks.filter((c) => c.type === 'aws_eks_cluster').map((c) => [c.name, c]))]));
        const firstDoc = new Map<string, TfDocument>();
        for (const d of ctx.docs) if (!firstDoc.has(d.stack)) firstDoc.set(d.stack, d);
        const clusterOf = (o: { body: any }, doc: TfDocument | undefined) => {
          const ref = /^\$\{aws_eks_cluster\.([\w-]+)\.name\}$/.exec(String(o.body.cluster_name))?.[1];
          return ref === undefined ? String(o.body.cluster_name) : String((doc === undefined ? undefined : clusters.get(doc)?.get(ref))?.body.name ?? ref);
        };
        const withAgent = new Set(ctx.docs.flatMap((d) => d.blocks.filter((o) => o.type === 'aws_eks_addon' && o.body.addon_name === 'eks-pod-identity-agent').map((o) => clusterOf(o, d))));
        return { clusterOf, firstDoc, withAgent };
      });
      const wanted = index.clusterOf(b, index.firstDoc.get(b.stack));
      const agent = index.withAgent.has(wanted);
      return agent ? undefined : `no eks-pod-identity-agent add-on for cluster ${wanted}`;
    })(),
};
