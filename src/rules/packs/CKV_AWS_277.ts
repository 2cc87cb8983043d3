/** All traffic open to the internet. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { exposure } from '../helpers';

export const rule: Rule = {
  id: "CKV_AWS_277",
  severity: 'error',
  title: "All traffic open to the internet",
  why: "All ports open to the internet expose every service the instances run (checkov CKV_AWS_277).",
  fix: "Allow specific ports from specific sources",
  types: ["aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"],
  // Every TCP (or UDP) port: protocol -1, a range of 0-65535, from/to -1 or 0-0 (as checkov reads them), or ranges that together cover every port.
  check: (b, ctx) => {
    const why = exposure(b, ctx, 'ingress', { allPorts: true });
    return why === undefined ? undefined : `ingress from the internet on ${why}`;
  },
};
