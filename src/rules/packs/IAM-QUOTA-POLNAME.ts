/** Policy name too long or invalid. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';

export const rule: Rule = {
  id: "IAM-QUOTA-POLNAME",
  severity: 'error',
  title: "Policy name too long or invalid",
  why: "IAM refuses policy names over 128 characters or with invalid characters, so apply fails part-way.",
  fix: "At most 128 characters; no \\\\ / * ? or spaces in inline names",
  types: ["aws_iam_policy", "aws_iam_role_policy"],
  check: (b) =>
    String(b.body.name ?? '').length > 128 || (b.type === 'aws_iam_role_policy' && /[\\/*?\s]/.test(String(b.body.name ?? ''))) ? `name ${b.body.name}` : undefined,
};
