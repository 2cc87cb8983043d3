/** All egress to the internet. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
/* Deliberate difference from checkov: protocol -1 with a port range is all traffic (EC2 ignores the ports), so it fails here. See scripts/upstream/differences.ts. */
import type { Rule } from '../engine';
import { exposure } from '../helpers';

export const rule: Rule = {
  id: "CKV_AWS_382",
  severity: 'error',
  title: "All egress to the internet",
  why: "Egress to anywhere on every port lets a compromised pod or node send data anywhere (checkov CKV_AWS_382).",
  fix: "Limit egress to the ports and destinations needed",
  types: ["aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_egress_rule"],
  // Every TCP (or UDP) port: protocol -1, a range of 0-65535, from/to -1 or 0-0 (as checkov reads them), or ranges that together cover every port.
  check: (b, ctx) => {
    const why = exposure(b, ctx, 'egress', { allPorts: true });
    return why === undefined ? undefined : `egress to the internet on ${why}`;
  },
};
