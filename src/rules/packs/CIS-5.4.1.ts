/** EKS endpoint access not restricted. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { list, one } from '../helpers';

export const rule: Rule = {
  id: "CIS-5.4.1",
  severity: 'error',
  title: "EKS endpoint access not restricted",
  fix: "Turn private access on, and limit public access to listed CIDRs",
  types: ["aws_eks_cluster"],
  check: (b) =>
    (() => {
    const v = one(b.body.vpc_config) ?? {};
    if (v.endpoint_private_access !== true) return 'endpoint_private_access is not true';
    const cidrs = list<string>(v.public_access_cidrs);
    return v.endpoint_public_access !== false && (cidrs.length === 0 || cidrs.some((c) => c.endsWith('/0'))) ? 'public access from anywhere' : undefined;
  })(),
};
