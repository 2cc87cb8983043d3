/** Action granted only on * scoped to an ARN. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { grantsEveryResource, iamAllows, perPolicy, policyAttribute, splitAction } from '../helpers';

export const rule: Rule = {
  id: "IAM-WILDCARD-ONLY",
  severity: 'error',
  title: "Action granted only on * scoped to an ARN",
  why: "Actions AWS grants only on * do nothing when scoped to an ARN: the workload then fails at run time or someone widens other actions to fix it (IAM Access Analyzer).",
  fix: "Give actions that AWS only grants on * their own statement with Resource *",
  types: ['aws_iam_policy', 'aws_iam_role_policy', 'aws_iam_user_policy', 'aws_iam_group_policy', 'aws_ssoadmin_permission_set_inline_policy'],
  check: (b, ctx) => {
    const p = ctx.policy(b, policyAttribute(b));
    return perPolicy(p, rule.id, ctx.catalog, () => {
      for (const s of iamAllows(p)) {
        if (s.resources === undefined || s.resources.negated || s.resources.patterns.length === 0 || grantsEveryResource(s.resources) || s.actions.negated) continue;
        for (const a of s.actions.patterns) {
          const parts = splitAction(a.trim());
          if (parts === undefined || /[*?]/.test(parts.name)) continue;
          if (ctx.catalog.action(parts.service, parts.name)?.isWildcardOnly) return `${a} only works on *, so this statement never grants it`;
        }
      }
      return undefined;
    });
  },
};
