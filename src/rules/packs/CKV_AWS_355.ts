/** Resource * for actions that support resource ARNs. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
/* Deliberate differences from checkov: a policy that is not valid JSON is POLICY-UNRESOLVED; a policy document nothing uses is judged where it is used. See scripts/upstream/differences.ts. */
import type { Rule } from '../engine';
import { grantedPolicy, grantsEveryAction, grantsEveryResource, grantsEveryResourceOfType, iamAllows, isConstrained, perPolicy, policyAttribute, splitAction } from '../helpers';

export const rule: Rule = {
  id: "CKV_AWS_355",
  severity: 'error',
  title: "Resource * for actions that support resource ARNs",
  why: "Resource * on actions that accept resource ARNs grants them on every resource of the account, not only the ones the workload uses (checkov CKV_AWS_355 and its twins).",
  fix: "Scope the resources, or add a condition; * is only for actions AWS grants on * alone (covers CKV_AWS_356/287/288/289/290)",
  types: ['aws_iam_policy', 'aws_iam_role_policy', 'aws_iam_user_policy', 'aws_iam_group_policy', 'aws_ssoadmin_permission_set_inline_policy'],
  check: (b, ctx) => {
    const p = grantedPolicy(b, ctx, policyAttribute(b));
    return perPolicy(p, rule.id, ctx.catalog, () => {
      for (const s of iamAllows(p).filter((st) => !isConstrained(st))) {
        const everywhere = grantsEveryResource(s.resources);
        if (everywhere && grantsEveryAction(s.actions)) return `${s.actions.negated ? `NotAction ${s.actions.patterns.join(', ')}` : 'every action'} on every resource`;
        if (s.actions.negated) continue;
        for (const a of s.actions.patterns) {
          const parts = splitAction(a.trim());
          if (parts === undefined) continue;
          const matched = ctx.catalog.matching(parts.service, parts.name);
          // Resource * or an ARN pattern naming every resource of a type the action takes (arn:*:s3:::*, arn:aws:kms:*:*:key/*).
          const scoped = matched.filter((x) => !x.isWildcardOnly && (everywhere || x.resourceTypes.some((t) => grantsEveryResourceOfType(s.resources, parts.service, t.name, ctx.catalog))));
          if (scoped.length > 0) return `${a} on every resource (${scoped.slice(0, 3).map((x) => x.name).join(', ')}${scoped.length > 3 ? ', ...' : ''} support resource ARNs)`;
        }
      }
      return undefined;
    });
  },
};
