/** AdministratorAccess attached. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';

export const rule: Rule = {
  id: "CKV_AWS_274",
  severity: 'error',
  title: "AdministratorAccess attached",
  fix: "Grant only what the role needs",
  types: ["aws_iam_role_policy_attachment"],
  check: (b) =>
    /:policy\/AdministratorAccess$/.test(String(b.body.policy_arn)) ? 'AdministratorAccess' : undefined,
};
