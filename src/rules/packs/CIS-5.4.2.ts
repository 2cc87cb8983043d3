/** EKS endpoint not private-only. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { one } from '../helpers';

export const rule: Rule = {
  id: "CIS-5.4.2",
  severity: 'error',
  title: "EKS endpoint not private-only",
  why: "CIS EKS 5.4.2: the API server should be reachable only through the VPC, so cluster administration never crosses the internet.",
  fix: "Set endpoint_private_access = true and endpoint_public_access = false",
  types: ["aws_eks_cluster"],
  check: (b) =>
    (() => {
    const v = one(b.body.vpc_config) ?? {};
    return v.endpoint_private_access !== true || v.endpoint_public_access !== false ? 'private access off or public access on' : undefined;
  })(),
};
