/** Launch template hop limit not pinned to 1. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { metadataOptions } from '../helpers';

export const rule: Rule = {
  id: "BPG-IMDS-HOP1",
  severity: 'warning',
  title: "Launch template hop limit not pinned to 1",
  why: "Only a hop limit of exactly 1 keeps pods away from the node's metadata credentials; any other value, or an absent one, leaves it to a default (EKS Best Practices, IAM for pods).",
  fix: "Set metadata_options.http_put_response_hop_limit = 1 explicitly",
  types: ["aws_launch_template"],
  check: (b, ctx) => {
    const all = metadataOptions(b, ctx);
    const bad = all.length === 0 ? { hops: undefined } : all.find((m) => m.hops !== 1);
    return bad !== undefined ? `hop limit ${bad.hops ?? 'absent'}` : undefined;
  },
};
