/** S3 gateway endpoint breaks image pulls or routes nothing. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { iamAllows, includesAction, isConstrained, list, patternCoversType } from '../helpers';

export const rule: Rule = {
  id: "VPCE-S3-LAYER",
  severity: 'warning',
  title: "S3 gateway endpoint breaks image pulls or routes nothing",
  why: "ECR image layers are served from an AWS-owned S3 bucket; a gateway endpoint that blocks it, or routes no subnet, breaks image pulls in a private cluster.",
  fix: "Allow s3:GetObject on arn:aws:s3:::prod-<region>-starport-layer-bucket/*, and attach route tables",
  types: ["aws_vpc_endpoint"],
  check: (b, ctx) => {
    if (!/\.s3$/.test(String(b.body.service_name)) || b.body.vpc_endpoint_type !== 'Gateway') return undefined;
    if (list(b.body.route_table_ids).length === 0) return 'no route_table_ids';
    if (!b.body.policy) return undefined;
    // The layer bucket is AWS's: a statement that holds only under a condition (aws:ResourceAccount = yours) does not reach it.
    const layer = 'arn:${Partition}:s3:::prod-${Region}-starport-layer-bucket/${ObjectName}';
    const allowed = iamAllows(ctx.policy(b, 'policy')).some((s) => !isConstrained(s) && includesAction(s.actions, 's3:GetObject') && (s.resources?.negated === true || (s.resources?.patterns ?? []).some((r) => patternCoversType(r.replace(/:::prod-[a-z0-9-]+-starport/, ':::prod-*-starport'), layer, 'anywhere'))));
    return !allowed ? 'the ECR layer bucket is not allowed' : undefined;
  },
};
