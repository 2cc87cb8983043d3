/** GitHub OIDC trust without a repository subject. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
/* Deliberate difference from checkov: a sub condition keyed by an issuer other than the trusted provider's constrains nothing. See scripts/upstream/differences.ts. */
import type { Rule } from '../engine';
import { claimConstraints, iamAllows, principalsOfKind } from '../helpers';

export const rule: Rule = {
  id: "CKV_AWS_393",
  severity: 'error',
  title: "GitHub OIDC trust without a repository subject",
  why: "Without a repository subject, any GitHub Actions workflow of any repository can assume the role with a GitHub OIDC token (checkov CKV_AWS_393).",
  fix: "Pin token.actions.githubusercontent.com:sub to repo:<org>/<repo>:...",
  types: ["aws_iam_role"],
  check: (b, ctx) => {
    const gh = iamAllows(ctx.policy(b, 'assume_role_policy')).filter((s) => principalsOfKind(s, 'Federated').some((f) => f.includes('token.actions.githubusercontent.com')));
    return gh.some((s) => {
      const subs = claimConstraints(s, 'sub').filter((c) => c.keyLower === 'token.actions.githubusercontent.com:sub').flatMap((c) => c.values);
      return subs.length === 0 || subs.some((v) => v === '*' || !v.includes(':') || /^(claim|workflow|environment|ref|context|head_ref|base_ref)/.test(v) || /^repo:[^/]*$/.test(v) || /^repo:\*/.test(v));
    })
      ? 'sub missing, only negated or optional, or too broad'
      : undefined;
  },
};
