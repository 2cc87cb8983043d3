/** All traffic open to the internet. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { allProtocols, fromAnywhere, sgRules } from '../helpers';

export const rule: Rule = {
  id: "CKV_AWS_277",
  severity: 'error',
  title: "All traffic open to the internet",
  fix: "Allow specific ports from specific sources",
  types: ["aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"],
  check: (b) =>
    sgRules(b, 'ingress').some((r) => fromAnywhere(r) && (allProtocols(r) || (Number(r.from_port) <= 0 && Number(r.to_port) >= 65535))) ? 'all ports from anywhere' : undefined,
};
