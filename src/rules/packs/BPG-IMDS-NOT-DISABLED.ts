/** IMDS disabled on a node template. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { metadataOptions } from '../helpers';

export const rule: Rule = {
  id: "BPG-IMDS-NOT-DISABLED",
  severity: 'warning',
  title: "IMDS disabled on a node template",
  why: "Node agents (kubelet bootstrap, VPC CNI, SSM) need instance metadata; disabling it breaks nodes, while tokens and hop limit 1 already protect it (EKS Best Practices).",
  fix: "Keep http_endpoint enabled (node agents need it) and require tokens",
  types: ["aws_launch_template"],
  check: (b, ctx) =>
    metadataOptions(b, ctx).some((m) => m.endpoint === 'disabled') ? 'http_endpoint disabled' : undefined,
};
