/** Action granted only on * scoped to an ARN. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { actionsOf, allows, resourcesOf, splitAction } from '../helpers';

export const rule: Rule = {
  id: "IAM-WILDCARD-ONLY",
  severity: 'error',
  title: "Action granted only on * scoped to an ARN",
  fix: "Give actions that AWS only grants on * their own statement with Resource *",
  types: ["aws_iam_policy", "aws_iam_role_policy"],
  check: (b, ctx) =>
    (() => {
    const p = ctx.policy(b, 'policy');
    for (const s of allows(p)) {
      if (resourcesOf(s).includes('*') || resourcesOf(s).length === 0) continue;
      for (const a of actionsOf(s)) {
        const parts = splitAction(a);
        if (parts === undefined || /[*?]/.test(parts.name)) continue;
        if (ctx.catalog.action(parts.service, parts.name)?.isWildcardOnly) return `${a} only works on *, so this statement never grants it`;
      }
    }
    return undefined;
  })(),
};
