/** SSH or RDP open to the internet. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
/* Deliberate difference from checkov: `self = true` beside 0.0.0.0/0 still admits the internet, so it fails here. See scripts/upstream/differences.ts. */
import type { Rule } from '../engine';
import { exposure } from '../helpers';

export const rule: Rule = {
  id: "CKV_AWS_24",
  severity: 'error',
  title: "SSH or RDP open to the internet",
  why: "SSH and RDP open to the internet invite brute force and exploits against every instance in the group (checkov CKV_AWS_24).",
  fix: "Allow 22/3389 only from specific sources, or not at all",
  types: ["aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"],
  check: (b, ctx) => {
    const why = exposure(b, ctx, 'ingress', { ports: [22, 3389] });
    return why === undefined ? undefined : `ingress from the internet on ${why}`;
  },
};
