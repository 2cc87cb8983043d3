/** Resource ARN of the wrong type for the action. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { grantsEveryResource, iamAllows, perPolicy, policyAttribute, splitAction } from '../helpers';

export const rule: Rule = {
  id: "IAM-RESOURCE-TYPE",
  severity: 'error',
  title: "Resource ARN of the wrong type for the action",
  why: "An ARN of a type the action does not accept grants nothing, so the statement does not do what reviewers read (IAM Access Analyzer).",
  fix: "Use an ARN of a resource type the action accepts (for S3 objects, bucket/key; for buckets, the bucket ARN)",
  types: ['aws_iam_policy', 'aws_iam_role_policy', 'aws_iam_user_policy', 'aws_iam_group_policy', 'aws_ssoadmin_permission_set_inline_policy'],
  check: (b, ctx) => {
    const p = ctx.policy(b, policyAttribute(b));
    return perPolicy(p, rule.id, ctx.catalog, () => {
      for (const s of iamAllows(p)) {
        if (s.resources === undefined || s.resources.negated || s.actions.negated || grantsEveryResource(s.resources)) continue;
        const resources = s.resources.patterns.filter((r) => r.startsWith('arn:'));
        if (resources.length === 0) continue;
        for (const a of s.actions.patterns) {
          const parts = splitAction(a.trim());
          if (parts === undefined || /[*?]/.test(parts.name)) continue;
          const action = ctx.catalog.action(parts.service, parts.name);
          if (action === undefined || action.isWildcardOnly || action.resourceTypes.length === 0) continue;
          const fits = resources.some((r) => action.resourceTypes.some((t) => ctx.catalog.arnMatches(parts.service, t.name, r)));
          if (!fits) return `${a} accepts ${action.resourceTypes.map((t) => t.name).join(', ')}, but the statement names ${resources.join(', ')}`;
        }
      }
      return undefined;
    });
  },
};
