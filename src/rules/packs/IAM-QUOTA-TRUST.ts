/** Trust policy over the account quota. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { policySize } from '../helpers';

export const rule: Rule = {
  id: "IAM-QUOTA-TRUST",
  severity: 'error',
  title: "Trust policy over the account quota",
  why: "IAM refuses a trust policy over the account quota (2,048 characters by default), so apply fails part-way.",
  fix: "Shorten it or raise the quota (eksguard: iam.trustPolicyMaxChars)",
  types: ["aws_iam_role"],
  check: (b, ctx) =>
    typeof b.body.assume_role_policy === 'string' && policySize(b.body.assume_role_policy) > ctx.options.trustPolicyMaxChars ? `${policySize(b.body.assume_role_policy)} characters, quota ${ctx.options.trustPolicyMaxChars}` : undefined,
};
