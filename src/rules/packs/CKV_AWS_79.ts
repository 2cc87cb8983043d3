/** Launch template allows IMDSv1. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { metadataOptions } from '../helpers';

export const rule: Rule = {
  id: "CKV_AWS_79",
  severity: 'error',
  title: "Launch template allows IMDSv1",
  why: "IMDSv1 answers plain GET requests, so an SSRF bug in any pod can steal the node role's credentials (checkov CKV_AWS_79).",
  fix: "Set metadata_options.http_tokens = \"required\"",
  types: ["aws_launch_template", "aws_instance", "aws_launch_configuration"],
  // Every metadata_options block (static or from a dynamic block) must require tokens or disable the endpoint.
  check: (b, ctx) => {
    const all = metadataOptions(b, ctx);
    return all.length === 0 || all.some((m) => m.tokens !== 'required' && m.endpoint !== 'disabled') ? 'IMDSv1 allowed (metadata_options.http_tokens is not required)' : undefined;
  },
};
