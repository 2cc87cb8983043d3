/** Policy allows privilege escalation. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { grantedPolicy, iamAllows, includesAction, perPolicy, policyAttribute } from '../helpers';

export const rule: Rule = {
  id: "CKV_AWS_286",
  severity: 'error',
  title: "Policy allows privilege escalation",
  why: "PassRole, policy and trust writes and code updates let a principal gain permissions it was not given (checkov CKV_AWS_286).",
  fix: "Remove iam:PassRole, policy and trust writes, and code updates from workload policies",
  types: ['aws_iam_policy', 'aws_iam_role_policy', 'aws_iam_user_policy', 'aws_iam_group_policy', 'aws_ssoadmin_permission_set_inline_policy'],
  check: (b, ctx) => {
    const p = grantedPolicy(b, ctx, policyAttribute(b));
    return perPolicy(p, rule.id, ctx.catalog, () => {
      // Each alone lets a principal raise its own (or another's) permissions; the single-action methods cloudsplaining lists, and iam:PassRole.
      const escalation = ['iam:PassRole', 'iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion', 'iam:PutRolePolicy', 'iam:UpdateAssumeRolePolicy', 'iam:AttachRolePolicy', 'iam:PutUserPolicy', 'iam:AttachUserPolicy', 'iam:PutGroupPolicy', 'iam:AttachGroupPolicy', 'iam:AddUserToGroup', 'iam:CreateAccessKey', 'iam:CreateLoginProfile', 'iam:UpdateLoginProfile', 'lambda:UpdateFunctionCode', 'glue:UpdateDevEndpoint'];
      const allows = iamAllows(p);
      const found = escalation.filter((a) => allows.some((s) => includesAction(s.actions, a)));
      return found.length > 0 ? `allows ${found.slice(0, 5).join(', ')}${found.length > 5 ? ` and ${found.length - 5} more` : ''}` : undefined;
    });
  },
};
