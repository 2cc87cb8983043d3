/** AdministratorAccess attached, through any attachment form, to a role, user, group or SSO permission set. */
import type { Rule } from '../engine';
import { attaches, GRANT_TYPES, principalsOf, stackGrants } from '../normalise/attachments';

export const rule: Rule = {
  id: "CKV_AWS_274",
  severity: 'error',
  title: "AdministratorAccess attached",
  why: "AdministratorAccess is every permission in the account: a compromised holder owns the account (checkov CKV_AWS_274).",
  fix: "Grant only what the role needs",
  types: [...GRANT_TYPES],
  check: (b, ctx) => {
    const hits = stackGrants(ctx).index.via(b).filter((g) => attaches(g, 'AdministratorAccess'));
    return hits.length > 0 ? `AdministratorAccess reaches ${principalsOf(hits)}` : undefined;
  },
};
