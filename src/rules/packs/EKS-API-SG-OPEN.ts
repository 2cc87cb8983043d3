/** HTTPS open to the internet. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { exposure } from '../helpers';

export const rule: Rule = {
  id: "EKS-API-SG-OPEN",
  severity: 'warning',
  title: "HTTPS open to the internet",
  why: "443 open to the internet on the cluster or node security groups lets anyone reach the API server or webhooks.",
  fix: "Accept 443 from node groups and admin CIDRs only",
  types: ["aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"],
  check: (b, ctx) => {
    const why = exposure(b, ctx, 'ingress', { ports: [443] });
    return why === undefined ? undefined : `ingress from the internet on ${why}`;
  },
};
