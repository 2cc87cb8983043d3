/** EKS public endpoint open to any address. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
/* Deliberate difference from checkov: an endpoint setting that is not a literal (`False`) is unresolved and read as public. See scripts/upstream/differences.ts. */
import type { Rule } from '../engine';
import { one } from '../helpers';
import { cidrListExposure } from '../normalise/network';

export const rule: Rule = {
  id: "CKV_AWS_38",
  severity: 'error',
  title: "EKS public endpoint open to any address",
  why: "A public endpoint without narrow CIDRs accepts connections from every address on the internet (checkov CKV_AWS_38).",
  fix: "List narrow public_access_cidrs, or turn the public endpoint off",
  types: ["aws_eks_cluster"],
  check: (b, ctx) =>
    (() => {
    const v = one(b.body.vpc_config) ?? {};
    if (v.endpoint_public_access === false) return undefined;
    // public_access_cidrs as address sets (see normalise/network.ts): the halves of 0.0.0.0/0, host bits, locals.
    const open = cidrListExposure(v.public_access_cidrs, b.address, ctx);
    return open !== undefined ? `public access from ${open}` : undefined;
  })(),
};
