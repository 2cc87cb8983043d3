/** Endpoint policy allows everything. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { actionsOf, allows, resourcesOf } from '../helpers';

export const rule: Rule = {
  id: "VPCE-POLICY-BROAD",
  severity: 'warning',
  title: "Endpoint policy allows everything",
  fix: "Limit actions/resources, or add aws:PrincipalAccount / aws:ResourceAccount conditions",
  types: ["aws_vpc_endpoint"],
  check: (b, ctx) =>
    (() => { const p = ctx.policy(b, 'policy'); return allows(p).some((s) => actionsOf(s).includes('*') && resourcesOf(s).includes('*') && s.Condition === undefined) ? '* on * without a condition' : undefined; })(),
};
