/** PowerUserAccess attached, through any attachment form, to a role, user, group or SSO permission set. */
import type { Rule } from '../engine';
import { attaches, GRANT_TYPES, principalsOf, stackGrants } from '../normalise/attachments';

export const rule: Rule = {
  id: "IAM-POWERUSER",
  severity: 'error',
  title: "PowerUserAccess attached",
  why: "PowerUserAccess allows every action outside IAM, Organizations and Account, role chaining included, so the holder can reach almost any data of the account.",
  fix: "Grant only what the principal needs: PowerUserAccess allows every action outside IAM, Organizations and Account (role chaining included)",
  types: [...GRANT_TYPES],
  check: (b, ctx) => {
    const hits = stackGrants(ctx).index.via(b).filter((g) => attaches(g, 'PowerUserAccess'));
    return hits.length > 0 ? `PowerUserAccess reaches ${principalsOf(hits)}` : undefined;
  },
};
