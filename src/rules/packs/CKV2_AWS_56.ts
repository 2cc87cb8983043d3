/** IAMFullAccess attached, through any attachment form, to a role, user, group or SSO permission set. */
/* Deliberate difference from checkov: a `data "aws_iam_policy"` lookup attaches nothing; the attachment is flagged. See scripts/upstream/differences.ts. */
import type { Rule } from '../engine';
import { attaches, GRANT_TYPES, principalsOf, stackGrants } from '../normalise/attachments';

export const rule: Rule = {
  id: "CKV2_AWS_56",
  severity: 'error',
  title: "IAMFullAccess attached",
  why: "IAMFullAccess lets the holder grant itself any permission (checkov CKV2_AWS_56).",
  fix: "Grant only what the role needs",
  types: [...GRANT_TYPES],
  check: (b, ctx) => {
    const hits = stackGrants(ctx).index.via(b).filter((g) => attaches(g, 'IAMFullAccess'));
    return hits.length > 0 ? `IAMFullAccess reaches ${principalsOf(hits)}` : undefined;
  },
};
