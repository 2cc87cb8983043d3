/** Managed policy over 6,144 characters. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { policySize } from '../helpers';

export const rule: Rule = {
  id: "IAM-QUOTA-MANAGED",
  severity: 'error',
  title: "Managed policy over 6,144 characters",
  why: "IAM caps a managed policy at 6,144 characters; over it apply fails.",
  fix: "Split it into several managed policies",
  types: ["aws_iam_policy"],
  check: (b) =>
    typeof b.body.policy === 'string' && policySize(b.body.policy) > 6144 ? `${policySize(b.body.policy)} characters` : undefined,
};
