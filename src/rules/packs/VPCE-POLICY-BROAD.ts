/** Endpoint policy allows everything. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { grantsEveryAction, grantsEveryResource, iamAllows, narrowsWho } from '../helpers';

export const rule: Rule = {
  id: "VPCE-POLICY-BROAD",
  severity: 'warning',
  title: "Endpoint policy allows everything",
  why: "An endpoint policy allowing everything lets the VPC reach any account's resources through it, a path to move data out.",
  fix: "Limit actions/resources, or add aws:PrincipalAccount / aws:ResourceAccount conditions",
  types: ["aws_vpc_endpoint", 'aws_vpc_endpoint_policy'],
  check: (b, ctx) => (iamAllows(ctx.policy(b, 'policy')).some((s) => grantsEveryAction(s.actions) && grantsEveryResource(s.resources) && !narrowsWho(s)) ? '* on * without a condition' : undefined),
};
