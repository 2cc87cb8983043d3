/** GitHub OIDC trust without a repository subject. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { list, principalList, statements } from '../helpers';

export const rule: Rule = {
  id: "CKV_AWS_393",
  severity: 'error',
  title: "GitHub OIDC trust without a repository subject",
  fix: "Pin token.actions.githubusercontent.com:sub to repo:<org>/<repo>:...",
  types: ["aws_iam_role"],
  check: (b, ctx) =>
    (() => { const p = ctx.policy(b, 'assume_role_policy');
    const gh = statements(p).filter((s) => principalList(s, 'Federated').some((f) => f.includes('token.actions.githubusercontent.com')));
    return gh.some((s) => {
      const subs = Object.values(s.Condition ?? {}).flatMap((c) => list<string>(c['token.actions.githubusercontent.com:sub'] as any));
      return subs.length === 0 || subs.some((v) => v === '*' || !v.includes(':') || /^(claim|workflow|environment|ref|context|head_ref|base_ref)/.test(v) || /^repo:[^/]*$/.test(v) || /^repo:\*/.test(v));
    }) ? 'sub missing or too broad' : undefined;
  })(),
};
