/** Interface endpoint security group. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { coversPort, fromAnywhere, list, refName, sgRules } from '../helpers';

export const rule: Rule = {
  id: "VPCE-SG-443",
  severity: 'warning',
  title: "Interface endpoint security group",
  fix: "Allow 443 only from the node and cluster security groups",
  types: ["aws_vpc_endpoint"],
  check: (b, ctx) =>
    (() => {
    if (b.body.vpc_endpoint_type !== 'Interface') return undefined;
    const groups = list<string>(b.body.security_group_ids).map((g) => refName(g, 'aws_security_group'));
    const rules = ctx.blocksOf('aws_vpc_security_group_ingress_rule').filter((r) => groups.includes(refName(r.body.security_group_id, 'aws_security_group')))
      .concat(ctx.blocksOf('aws_security_group').filter((g) => groups.includes(g.name)));
    const ingress = rules.flatMap((r) => sgRules(r, 'ingress'));
    if (ingress.some((r) => fromAnywhere(r) && coversPort(r, 443))) return '443 open to anywhere';
    return ingress.some((r) => coversPort(r, 443)) ? undefined : 'no 443 ingress';
  })(),
};
