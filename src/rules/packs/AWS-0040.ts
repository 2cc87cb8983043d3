/** EKS API endpoint is public. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { one } from '../helpers';

export const rule: Rule = {
  id: "AWS-0040",
  severity: 'error',
  title: "EKS API endpoint is public",
  why: "A public endpoint exposes the Kubernetes API server to the internet; an absent setting defaults to public (trivy AWS-0040).",
  fix: "Set vpc_config.endpoint_public_access = false",
  types: ["aws_eks_cluster"],
  check: (b) =>
    one(b.body.vpc_config)?.endpoint_public_access !== false ? 'endpoint_public_access is absent (default true) or true' : undefined,
};
