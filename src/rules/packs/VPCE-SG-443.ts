/** Interface endpoint security group. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { list } from '../helpers';
import { ask, groupKey, groupRules, reachesPort, sourceResolver } from '../normalise/network';

export const rule: Rule = {
  id: "VPCE-SG-443",
  severity: 'warning',
  title: "Interface endpoint security group",
  why: "An interface endpoint only needs 443 from the cluster; wider rules expose it to the whole network.",
  fix: "Allow 443 only from the node and cluster security groups",
  types: ["aws_vpc_endpoint"],
  // The endpoint's groups, each with its inline rules and every standalone rule attached to it (indexed: linear).
  check: (b, ctx) => {
    if (b.body.vpc_endpoint_type !== 'Interface') return undefined;
    const resolve = sourceResolver(ctx);
    // A local (or expression of locals) listing the groups is read as its elements.
    const ids = list<string>(b.body.security_group_ids).flatMap((g) => (typeof g === 'string' && g.includes('${') && !groupKey(g, ctx.doc.locals)?.startsWith('aws_') ? resolve(g) ?? [g] : [g]));
    const keys = ids.map((g) => groupKey(g, ctx.doc.locals)).filter((k): k is string => k !== undefined);
    const rules = keys.flatMap((k) => groupRules(ctx, k, 'ingress').rules);
    const answer = ask(rules, { ports: [443] });
    if (answer.internet !== undefined) return `443 open to the internet: ${answer.internet}`;
    if (answer.unknown.length > 0) throw new Error(answer.unknown.join('; '));
    return rules.some((r) => reachesPort(r, 443) === true) ? undefined : 'no 443 ingress';
  },
};
