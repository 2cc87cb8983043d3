/** Port 80 open to the internet. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { exposure } from '../helpers';

export const rule: Rule = {
  id: "CKV_AWS_260",
  severity: 'error',
  title: "Port 80 open to the internet",
  why: "Port 80 open to the internet serves unencrypted traffic to anyone (checkov CKV_AWS_260).",
  fix: "Serve through a load balancer; no ingress from anywhere",
  types: ["aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"],
  check: (b, ctx) => {
    const why = exposure(b, ctx, 'ingress', { ports: [80] });
    return why === undefined ? undefined : `ingress from the internet on ${why}`;
  },
};
