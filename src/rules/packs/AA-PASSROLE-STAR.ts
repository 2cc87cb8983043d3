/** iam:PassRole on *. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import type { IamCatalog } from '../catalog';
import { grantedPolicy, grantsEveryResourceOfType, iamAllows, IamStatement, includesAction, perPolicy, policyAttribute } from '../helpers';

const grantsPassRoleBroadly = (s: IamStatement, catalog: IamCatalog) =>
  includesAction(s.actions, 'iam:PassRole') && (s.resources?.negated === true || grantsEveryResourceOfType(s.resources, 'iam', 'role', catalog, 'account'));

export const rule: Rule = {
  id: "AA-PASSROLE-STAR",
  severity: 'error',
  title: "iam:PassRole on *",
  why: "iam:PassRole on * lets a principal pass any role of the account, including administrator roles, to a service it controls (IAM Access Analyzer).",
  fix: "Scope iam:PassRole to the role ARNs it passes",
  types: ['aws_iam_policy', 'aws_iam_role_policy', 'aws_iam_user_policy', 'aws_iam_group_policy', 'aws_ssoadmin_permission_set_inline_policy'],
  check: (b, ctx) => {
    const p = grantedPolicy(b, ctx, policyAttribute(b));
    return perPolicy(p, rule.id, ctx.catalog, () =>
      iamAllows(p).some((s) => grantsPassRoleBroadly(s, ctx.catalog)) ? 'iam:PassRole on every role (*, a role wildcard, or NotResource)' : undefined);
  },
};
