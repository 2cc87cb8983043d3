/** Interface endpoint without private DNS. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';

export const rule: Rule = {
  id: "VPCE-PRIVATE-DNS",
  severity: 'error',
  title: "Interface endpoint without private DNS",
  why: "Without private DNS, SDKs keep resolving the public service endpoint, so traffic bypasses the interface endpoint and its policy (EKS Best Practices, private clusters).",
  fix: "Set private_dns_enabled = true",
  types: ["aws_vpc_endpoint"],
  check: (b) =>
    b.body.vpc_endpoint_type === 'Interface' && b.body.private_dns_enabled !== true ? 'private_dns_enabled is not true' : undefined,
};
