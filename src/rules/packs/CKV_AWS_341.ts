/** Launch template hop limit above 1. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { metadataOptions } from '../helpers';

export const rule: Rule = {
  id: "CKV_AWS_341",
  severity: 'error',
  title: "Launch template hop limit above 1",
  why: "A hop limit above 1 lets containers reach the instance metadata service and take the node role's credentials instead of their own (checkov CKV_AWS_341).",
  fix: "Set metadata_options.http_put_response_hop_limit = 1 (pods use IRSA or Pod Identity)",
  types: ["aws_launch_template", "aws_instance", "aws_launch_configuration"],
  check: (b, ctx) => {
    const h = metadataOptions(b, ctx).find((m) => m.hops !== undefined && m.hops !== 1)?.hops;
    return h !== undefined ? `hop limit ${h}` : undefined;
  },
};
