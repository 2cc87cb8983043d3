/** Launch template allows IMDSv1. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { one } from '../helpers';

export const rule: Rule = {
  id: "CKV_AWS_79",
  severity: 'error',
  title: "Launch template allows IMDSv1",
  fix: "Set metadata_options.http_tokens = \"required\"",
  types: ["aws_launch_template", "aws_instance", "aws_launch_configuration"],
  check: (b) =>
    (() => {
    const m = one(b.body.metadata_options);
    return !m || (m.http_tokens !== 'required' && m.http_endpoint !== 'disabled') ? 'IMDSv1 allowed (metadata_options.http_tokens is not required)' : undefined;
  })(),
};
