/** Egress to the internet. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { fromAnywhere, sgRules } from '../helpers';

export const rule: Rule = {
  id: "AWS-0104",
  severity: 'error',
  title: "Egress to the internet",
  fix: "Limit egress to the VPC endpoints and known destinations",
  types: ["aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_egress_rule"],
  check: (b) =>
    sgRules(b, 'egress').some((r) => fromAnywhere(r)) ? 'egress to 0.0.0.0/0 or ::/0' : undefined,
};
