/** Node role can write to ECR. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { isNodeRole } from '../helpers';

export const rule: Rule = {
  id: "CIS-5.1.3",
  severity: 'error',
  title: "Node role can write to ECR",
  fix: "Give nodes AmazonEC2ContainerRegistryPullOnly (or ReadOnly)",
  types: ["aws_iam_role_policy_attachment"],
  check: (b, ctx) =>
    isNodeRole(ctx, b.body.role) && /AmazonEC2ContainerRegistry(FullAccess|PowerUser)$/.test(String(b.body.policy_arn)) ? String(b.body.policy_arn).split('/').pop() : undefined,
};
