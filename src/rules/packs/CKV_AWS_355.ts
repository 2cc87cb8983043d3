/** Resource * for actions that support resource ARNs. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { actionsOf, allows, resourcesOf, splitAction } from '../helpers';

export const rule: Rule = {
  id: "CKV_AWS_355",
  severity: 'error',
  title: "Resource * for actions that support resource ARNs",
  fix: "Scope the resources, or add a condition; * is only for actions AWS grants on * alone (covers CKV_AWS_356/287/288/289/290)",
  types: ["aws_iam_policy", "aws_iam_role_policy"],
  check: (b, ctx) =>
    (() => { const p = ctx.policy(b, 'policy');
    for (const s of allows(p).filter((st) => resourcesOf(st).includes('*') && st.Condition === undefined)) {
      for (const a of actionsOf(s)) {
        const parts = splitAction(a);
        if (parts === undefined) continue;
        const matched = ctx.catalog.matching(parts.service, parts.name);
        const scoped = matched.filter((x) => !x.isWildcardOnly);
        if (scoped.length > 0) return `${a} on * (${scoped.slice(0, 3).map((x) => x.name).join(', ')}${scoped.length > 3 ? ', ...' : ''} support resource ARNs)`;
      }
    }
    return undefined;
  })(),
};
