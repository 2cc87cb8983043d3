/** Launch template assigns public IPs. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { list } from '../helpers';

export const rule: Rule = {
  id: "CKV_AWS_88",
  severity: 'error',
  title: "Launch template assigns public IPs",
  fix: "Set network_interfaces.associate_public_ip_address = false",
  types: ["aws_launch_template", "aws_instance"],
  check: (b) =>
    [b.body, ...list<any>(b.body.network_interfaces)].some((n) => String(n.associate_public_ip_address) === 'true') ? 'associate_public_ip_address = true' : undefined,
};
