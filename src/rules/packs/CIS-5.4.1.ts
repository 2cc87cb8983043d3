/** EKS endpoint access not restricted. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { one } from '../helpers';
import { cidrListExposure } from '../normalise/network';

export const rule: Rule = {
  id: "CIS-5.4.1",
  severity: 'error',
  title: "EKS endpoint access not restricted",
  why: "CIS EKS 5.4.1: without private access nodes talk to the API over the internet, and unrestricted public access lets anyone try to authenticate.",
  fix: "Turn private access on, and limit public access to listed CIDRs",
  types: ["aws_eks_cluster"],
  check: (b, ctx) =>
    (() => {
    const v = one(b.body.vpc_config) ?? {};
    if (v.endpoint_private_access !== true) return 'endpoint_private_access is not true';
    if (v.endpoint_public_access === false) return undefined;
    // public_access_cidrs as address sets (see normalise/network.ts), not matched as text.
    const open = cidrListExposure(v.public_access_cidrs, b.address, ctx);
    return open !== undefined ? `public access from anywhere: ${open}` : undefined;
  })(),
};
