/** EKS public endpoint reachable from public addresses. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { isPrivateCidr, list, one } from '../helpers';

export const rule: Rule = {
  id: "AWS-0041",
  severity: 'error',
  title: "EKS public endpoint reachable from public addresses",
  why: "Public CIDRs let addresses outside your networks reach the API server; an absent list means 0.0.0.0/0 (trivy AWS-0041).",
  fix: "Turn the public endpoint off, or accept the finding with a reason",
  types: ["aws_eks_cluster"],
  check: (b) =>
    (() => {
    const v = one(b.body.vpc_config) ?? {};
    if (v.endpoint_public_access === false) return undefined;
    const cidrs = list<string>(v.public_access_cidrs);
    return cidrs.length === 0 || cidrs.some((c) => !isPrivateCidr(c)) ? `public CIDRs ${cidrs.join(', ') || '0.0.0.0/0 (default)'}` : undefined;
  })(),
};
