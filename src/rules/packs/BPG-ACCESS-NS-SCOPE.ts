/** Namespace scope without namespaces. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { list, one } from '../helpers';

export const rule: Rule = {
  id: "BPG-ACCESS-NS-SCOPE",
  severity: 'warning',
  title: "Namespace scope without namespaces",
  why: "An access policy of namespace scope with no namespaces listed grants nothing or is misread by reviewers; wildcards widen it silently (EKS Best Practices, cluster access).",
  fix: "List the namespaces, without wildcards",
  types: ["aws_eks_access_policy_association"],
  check: (b) =>
    (() => {
    const s = one(b.body.access_scope) ?? {};
    return s.type === 'namespace' && (list(s.namespaces).length === 0 || list<string>(s.namespaces).some((n) => n.includes('*'))) ? 'empty or wildcard namespaces' : undefined;
  })(),
};
