/** Log group keeps logs forever. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';

export const rule: Rule = {
  id: "CKV_AWS_66",
  severity: 'error',
  title: "Log group keeps logs forever",
  why: "Logs kept forever grow cost and keep sensitive data without end; a retention states how long audit evidence lives (checkov CKV_AWS_66).",
  fix: "Set retention_in_days",
  types: ["aws_cloudwatch_log_group"],
  check: (b) =>
    b.body.retention_in_days === undefined ? 'no retention_in_days' : undefined,
};
