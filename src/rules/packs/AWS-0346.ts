/** S3 reads and writes on every bucket. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { actionsOf, allows, resourcesOf } from '../helpers';

export const rule: Rule = {
  id: "AWS-0346",
  severity: 'error',
  title: "S3 reads and writes on every bucket",
  fix: "Scope S3 access to bucket and object ARNs",
  types: ["aws_iam_policy", "aws_iam_role_policy"],
  check: (b, ctx) =>
    (() => { const p = ctx.policy(b, 'policy'); return allows(p).some((s) => resourcesOf(s).includes('*') && actionsOf(s).some((a) => /^s3:get/i.test(a)) && actionsOf(s).some((a) => /^s3:put/i.test(a))) ? 's3:Get* and s3:Put* on *' : undefined; })(),
};
