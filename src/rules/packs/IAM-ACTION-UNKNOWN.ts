/** Action AWS does not define. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { iamStatements, perPolicy, policyAttribute, splitAction } from '../helpers';

export const rule: Rule = {
  id: "IAM-ACTION-UNKNOWN",
  severity: 'error',
  title: "Action AWS does not define",
  why: "IAM accepts an action that does not exist and grants nothing: a misspelling silently breaks the workload or hides what was meant (IAM Access Analyzer).",
  fix: "Fix the spelling (the message suggests the closest actions)",
  types: ['aws_iam_policy', 'aws_iam_role_policy', 'aws_vpc_endpoint', 'aws_iam_user_policy', 'aws_iam_group_policy', 'aws_ssoadmin_permission_set_inline_policy'],
  check: (b, ctx) => {
    const p = ctx.policy(b, policyAttribute(b));
    return perPolicy(p, rule.id, ctx.catalog, () => {
      const bad: string[] = [];
      for (const s of iamStatements(p)) {
        for (const raw of s.actions.patterns) {
          const a = raw.trim();
          if (a === '*' || /\$\{/.test(a)) continue;
          const parts = splitAction(a);
          if (parts === undefined) { bad.push(`${a} (not service:Action)`); continue; }
          if (/[*?]/.test(parts.service)) continue;
          if (ctx.catalog.service(parts.service) === undefined) { bad.push(`${a} (no service ${parts.service})`); continue; }
          if (ctx.catalog.matching(parts.service, parts.name).length === 0) {
            // Hints only for names without wildcards, and for the first few: a crafted policy cannot make check slow.
            const hint = /[*?]/.test(parts.name) || bad.length >= 10 ? [] : ctx.catalog.suggest(parts.service, parts.name);
            bad.push(hint.length > 0 ? `${a} (did you mean ${hint.join(' or ')}?)` : a);
          }
        }
      }
      return bad.length > 0 ? bad.join('; ') : undefined;
    });
  },
};
