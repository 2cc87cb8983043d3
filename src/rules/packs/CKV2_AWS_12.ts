/** Default security group has rules. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { list } from '../helpers';

export const rule: Rule = {
  id: "CKV2_AWS_12",
  severity: 'error',
  title: "Default security group has rules",
  fix: "Leave the default security group without ingress and egress",
  types: ["aws_default_security_group"],
  check: (b) =>
    list(b.body.ingress).length > 0 || list(b.body.egress).length > 0 ? 'rules on the default security group' : undefined,
};
