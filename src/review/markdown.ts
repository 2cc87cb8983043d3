/** The review as Markdown for a pull-request comment: unclassified changes first, then a section per category. Pure. */
import type { Category, Review } from './review';

const TITLES: Record<Category, string> = {
  unclassified: 'Unclassified changes (not understood by review: count as widening)',
  trust: 'Who can assume each role',
  permissions: 'What each role, user, group or permission set may do, and customer managed policies',
  boundaries: 'Permissions boundaries',
  'security-groups': 'Security group rules',
  endpoints: 'VPC endpoint policies',
  access: 'Access entries, access policies, Pod Identity, KMS grants and resource policies',
  clusters: 'Cluster endpoint, access mode, encryption and logs',
  instances: 'Instance metadata (IMDS) of launch templates and instances',
  kubernetes: 'Kubernetes RBAC and NetworkPolicies',
  lifecycle: 'Deletions, replacements and renames of sensitive resources',
  neutral: 'Neutral changes (grant nothing)',
};

/** Markdown for a pull-request comment. */
export function reviewMarkdown(r: Review): string {
  const out = ['### eksguard security review', ''];
  if (r.changes.length === 0) return `${[...out, 'No security-relevant changes.'].join('\n')}\n`;
  out.push(r.broadening > 0 ? `**${r.broadening} change(s) widen access.** Review them before applying.` : 'No change widens access.', '');
  for (const category of Object.keys(TITLES) as Category[]) {
    const cs = r.changes.filter((c) => c.category === category);
    if (cs.length === 0) continue;
    out.push(`#### ${TITLES[category]}`, '');
    for (const c of cs) {
      const mark = c.classification === 'unclassified' ? '❓ **unclassified**' : c.broadening ? '⚠️ **widens**' : c.kind === 'removed' ? '🗑️' : '•';
      out.push(`- ${mark} \`${c.resource}\` (${c.kind})`, '', '  ```diff', ...readable(c.detail).split('\n').map((l) => `  ${l}`), '  ```', '');
    }
  }
  return `${out.join('\n')}\n`;
}

/** Cross-stack references shortened for reading: `<production-cluster output aws_iam_openid_connect_provider...>`. */
function readable(text: string): string {
  return text.replace(/\$\{data\.terraform_remote_state\.cross-stack-reference-input-([\w-]+)\.outputs\.cross-stack-output-([\w-]+)\}/g, '<$1 output $2>');
}
