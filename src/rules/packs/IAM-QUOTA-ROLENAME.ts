/** Role name or path too long. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';

export const rule: Rule = {
  id: "IAM-QUOTA-ROLENAME",
  severity: 'error',
  title: "Role name or path too long",
  why: "IAM refuses role names over 64 characters and malformed paths, so apply fails part-way.",
  fix: "Names at most 64 characters; paths start and end with /, at most 512",
  types: ["aws_iam_role"],
  check: (b) =>
    (() => {
    const name = String(b.body.name ?? '');
    const path = String(b.body.path ?? '/');
    if (b.body.name_prefix !== undefined && String(b.body.name_prefix).length > 38) return `name_prefix is ${String(b.body.name_prefix).length} characters (max 38)`;
    return name.length > 64 || path.length > 512 || !/^\/(.*\/)?$/.test(path) ? `name ${name.length} characters, path ${path}` : undefined;
  })(),
};
