/** Node group in a public subnet. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { list, refName } from '../helpers';

export const rule: Rule = {
  id: "CIS-5.4.3",
  severity: 'error',
  title: "Node group in a public subnet",
  why: "Nodes in public subnets can get public addresses and be reached from the internet (CIS EKS 5.4.3).",
  fix: "Put nodes in private subnets (map_public_ip_on_launch = false)",
  types: ["aws_eks_node_group"],
  check: (b, ctx) =>
    (() => {
    const subnets = list<string>(b.body.subnet_ids).map((s) => refName(s, 'aws_subnet')).filter((s): s is string => s !== undefined);
    const pub = subnets.flatMap((name) => ctx.blocksBy('aws_subnet', 'name', (s) => s.name, name)).filter((s) => s.body.map_public_ip_on_launch === true);
    return pub.length > 0 ? `subnets ${pub.map((s) => s.name).join(', ')} map public IPs` : undefined;
  })(),
};
