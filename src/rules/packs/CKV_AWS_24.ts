/** SSH or RDP open to the internet. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { coversPort, fromAnywhere, sgRules } from '../helpers';

export const rule: Rule = {
  id: "CKV_AWS_24",
  severity: 'error',
  title: "SSH or RDP open to the internet",
  fix: "Allow 22/3389 only from specific sources, or not at all",
  types: ["aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"],
  check: (b) =>
    sgRules(b, 'ingress').some((r) => fromAnywhere(r) && (coversPort(r, 22) || coversPort(r, 3389))) ? 'ingress from anywhere covers 22 or 3389' : undefined,
};
