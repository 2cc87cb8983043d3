/** One role for several namespaces. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { claims, oidcTrusts, refName } from '../helpers';

export const rule: Rule = {
  id: "BPG-ONE-ROLE-PER-APP",
  severity: 'warning',
  title: "One role for several namespaces",
  why: "A role shared across namespaces gives every application the union of their permissions, so one compromised pod reaches the others' data (EKS Best Practices, IAM for pods).",
  fix: "Give each application its own role",
  types: ["aws_iam_role"],
  check: (b, ctx) => {
    const namespaces = new Set(oidcTrusts(ctx.policy(b, 'assume_role_policy')).flatMap((s) => claims(s, 'sub').flatMap((c) => c.values.map((v) => v.split(':')[2]))));
    const associations = ctx.blocksBy('aws_eks_pod_identity_association', 'role_arn', (a) => refName(a.body.role_arn, 'aws_iam_role'), b.name);
    return namespaces.size > 1 || associations.length > 1 ? 'trusted from more than one namespace or association' : undefined;
  },
};
