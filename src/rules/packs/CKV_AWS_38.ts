/** EKS public endpoint open to any address. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
/* Deliberate difference from checkov: an endpoint setting that is not a literal (`False`) is unresolved and read as public. See scripts/upstream/differences.ts. */
import type { Rule } from '../engine';
import { list, one } from '../helpers';

export const rule: Rule = {
  id: "CKV_AWS_38",
  severity: 'error',
  title: "EKS public endpoint open to any address",
  fix: "List narrow public_access_cidrs, or turn the public endpoint off",
  types: ["aws_eks_cluster"],
  check: (b) =>
    (() => {
    const v = one(b.body.vpc_config) ?? {};
    const cidrs = list<string>(v.public_access_cidrs);
    return v.endpoint_public_access !== false && (cidrs.length === 0 || cidrs.includes('0.0.0.0/0')) ? 'public access without narrow CIDRs' : undefined;
  })(),
};
