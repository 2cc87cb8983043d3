/** Policy allows s3:*. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { actionsOf, allows } from '../helpers';

export const rule: Rule = {
  id: "AWS-0345",
  severity: 'error',
  title: "Policy allows s3:*",
  fix: "Enumerate the S3 actions needed",
  types: ["aws_iam_policy", "aws_iam_role_policy"],
  check: (b, ctx) =>
    (() => { const p = ctx.policy(b, 'policy'); return allows(p).some((s) => actionsOf(s).some((a) => a.toLowerCase() === 's3:*')) ? 'Allow s3:*' : undefined; })(),
};
