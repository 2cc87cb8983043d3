/** ECR endpoint policy missing or open to pushes. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { actionsOf, allows, resourcesOf } from '../helpers';

export const rule: Rule = {
  id: "BPG-VPCE-ECR-POLICY",
  severity: 'warning',
  title: "ECR endpoint policy missing or open to pushes",
  fix: "Allow pulls from your account and the EKS image account only",
  types: ["aws_vpc_endpoint"],
  check: (b, ctx) =>
    (() => {
    if (!/\.ecr\.(api|dkr)$/.test(String(b.body.service_name))) return undefined;
    if (!b.body.policy) return 'no policy (every repository, pushes included)';
    const p = ctx.policy(b, 'policy');
    return allows(p).some((s) => resourcesOf(s).includes('*') && actionsOf(s).some((a) => /^ecr:(\*|put|upload|initiatelayerupload|completelayerupload)/i.test(a))) ? 'push actions on *' : undefined;
  })(),
};
