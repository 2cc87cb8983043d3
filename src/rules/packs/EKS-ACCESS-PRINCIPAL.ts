/** Access entry principal is invalid or repeated. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';

export const rule: Rule = {
  id: "EKS-ACCESS-PRINCIPAL",
  severity: 'error',
  title: "Access entry principal is invalid or repeated",
  why: "EKS matches access entries on the exact principal ARN; an invalid or repeated one fails at apply or grants a principal other than the one reviewed.",
  fix: "Use the IAM role or user ARN (with its path), once per cluster",
  types: ["aws_eks_access_entry"],
  check: (b, ctx) =>
    (() => {
    if (/^arn:[^:]+:sts::/.test(String(b.body.principal_arn))) return 'an STS session ARN';
    const same = ctx.blocksBy('aws_eks_access_entry', 'principal and cluster', (o) => JSON.stringify([o.body.principal_arn, o.body.cluster_name]), JSON.stringify([b.body.principal_arn, b.body.cluster_name]));
    return same.length > 1 ? 'the same principal has two entries' : undefined;
  })(),
};
