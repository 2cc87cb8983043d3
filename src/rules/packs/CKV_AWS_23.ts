/** Security group or rule without a description. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { sgRules } from '../helpers';

export const rule: Rule = {
  id: "CKV_AWS_23",
  severity: 'error',
  title: "Security group or rule without a description",
  why: "A rule without a description cannot be reviewed: nobody can tell whether it is still needed (checkov CKV_AWS_23).",
  fix: "Describe what the group or rule is for",
  types: ["aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"],
  check: (b) =>
    (() => {
    const bad = (d: unknown) => d === undefined || d === null || String(d).trim() === '' || d === 'Managed by Terraform';
    if (bad(b.body.description)) return 'no description';
    return [...sgRules(b, 'ingress'), ...sgRules(b, 'egress')].some((r) => r !== b.body && bad(r.description)) ? 'an inline rule has no description' : undefined;
  })(),
};
