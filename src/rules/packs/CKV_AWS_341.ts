/** Launch template hop limit above 1. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { one } from '../helpers';

export const rule: Rule = {
  id: "CKV_AWS_341",
  severity: 'error',
  title: "Launch template hop limit above 1",
  fix: "Set metadata_options.http_put_response_hop_limit = 1 (pods use IRSA or Pod Identity)",
  types: ["aws_launch_template", "aws_instance", "aws_launch_configuration"],
  check: (b) =>
    (() => {
    const h = one(b.body.metadata_options)?.http_put_response_hop_limit;
    return h !== undefined && Number(h) !== 1 ? `hop limit ${h}` : undefined;
  })(),
};
