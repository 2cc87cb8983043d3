/** Default security group has rules. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { list, refName } from '../helpers';
import { attachedRules, canonicalRef } from '../normalise/network';

/** `${aws_vpc.X.default_security_group_id}` (or a data source's, or of one instance of a counted VPC), in the spelling of canonicalRef: the VPC's default group. */
const DEFAULT_GROUP_REF = /^\$\{(data\.)?aws_(default_)?vpc\.[\w-]+(\[\d+\]|\.[\w-]+)?\.default_security_group_id\}$/;

export const rule: Rule = {
  id: "CKV2_AWS_12",
  severity: 'error',
  title: "Default security group has rules",
  why: "Resources that fall back to the default security group inherit its rules; it should allow nothing (checkov CKV2_AWS_12).",
  fix: "Leave the default security group without ingress and egress",
  types: ["aws_vpc", "aws_default_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"],
  // Inline rules, standalone rules attached to the aws_default_security_group (reported on the group), and rules attached to a VPC's default_security_group_id (reported on the rule).
  check: (b, ctx) => {
    // A VPC whose default group no aws_default_security_group manages keeps AWS's defaults: all
    // traffic from the group itself, all egress.
    if (b.type === 'aws_vpc') {
      const managed = ctx.blocksBy('aws_default_security_group', 'vpc_id', (g) => refName(g.body.vpc_id, 'aws_vpc'), b.name);
      return managed.length === 0 ? 'no aws_default_security_group strips the default rules AWS gives the VPC\'s default security group (all from itself, all egress)' : undefined;
    }
    if (b.type !== 'aws_default_security_group') return DEFAULT_GROUP_REF.test(String(canonicalRef(b.body.security_group_id, ctx.doc.locals)).trim()) ? `a rule on the VPC's default security group (${b.body.security_group_id})` : undefined;
    if (list(b.body.ingress).length > 0 || list(b.body.egress).length > 0) return 'rules on the default security group';
    const attached = [...attachedRules(ctx, b.address, 'ingress'), ...attachedRules(ctx, b.address, 'egress')].map((r) => r.address);
    return attached.length > 0 ? `rules on the default security group: ${[...new Set(attached)].join(', ')}` : undefined;
  },
};
