/** All egress to the internet. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { allProtocols, fromAnywhere, sgRules } from '../helpers';

export const rule: Rule = {
  id: "CKV_AWS_382",
  severity: 'error',
  title: "All egress to the internet",
  fix: "Limit egress to the ports and destinations needed",
  types: ["aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_egress_rule"],
  check: (b) =>
    sgRules(b, 'egress').some((r) => fromAnywhere(r) && allProtocols(r)) ? 'all protocols to anywhere' : undefined,
};
