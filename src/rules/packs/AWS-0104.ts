/** Egress to the internet. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { exposure } from '../helpers';

export const rule: Rule = {
  id: "AWS-0104",
  severity: 'error',
  title: "Egress to the internet",
  why: "Egress to the internet lets a compromised workload exfiltrate data and fetch tooling (trivy AWS-0104).",
  fix: "Limit egress to the VPC endpoints and known destinations",
  types: ["aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_egress_rule"],
  // Any protocol and port to destinations that are the internet, in one rule or the group's rules together.
  check: (b, ctx) => {
    const why = exposure(b, ctx, 'egress', { any: true });
    return why === undefined ? undefined : `egress to the internet: ${why}`;
  },
};
