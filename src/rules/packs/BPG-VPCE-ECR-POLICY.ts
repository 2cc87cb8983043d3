/** ECR endpoint policy missing or open to pushes. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { grantsActionEverywhere, iamAllows } from '../helpers';

export const rule: Rule = {
  id: "BPG-VPCE-ECR-POLICY",
  severity: 'warning',
  title: "ECR endpoint policy missing or open to pushes",
  why: "An ECR endpoint without a policy lets nodes pull from and push to any registry, including an attacker's account (EKS Best Practices, private clusters).",
  fix: "Allow pulls from your account and the EKS image account only",
  types: ["aws_vpc_endpoint"],
  check: (b, ctx) => {
    if (!/\.ecr\.(api|dkr)$/.test(String(b.body.service_name))) return undefined;
    if (!b.body.policy) return 'no policy (every repository, pushes included)';
    const pushes = ['ecr:PutImage', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload'];
    return iamAllows(ctx.policy(b, 'policy')).some((s) => pushes.some((a) => grantsActionEverywhere(s, a, ctx.catalog))) ? 'push actions on every repository' : undefined;
  },
};
