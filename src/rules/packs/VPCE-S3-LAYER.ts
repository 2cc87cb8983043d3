/** S3 gateway endpoint breaks image pulls or routes nothing. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { actionsOf, allows, list, resourcesOf } from '../helpers';

export const rule: Rule = {
  id: "VPCE-S3-LAYER",
  severity: 'warning',
  title: "S3 gateway endpoint breaks image pulls or routes nothing",
  fix: "Allow s3:GetObject on arn:aws:s3:::prod-<region>-starport-layer-bucket/*, and attach route tables",
  types: ["aws_vpc_endpoint"],
  check: (b, ctx) =>
    (() => {
    if (!/\.s3$/.test(String(b.body.service_name)) || b.body.vpc_endpoint_type !== 'Gateway') return undefined;
    if (list(b.body.route_table_ids).length === 0) return 'no route_table_ids';
    if (!b.body.policy) return undefined;
    const p = ctx.policy(b, 'policy');
    return !allows(p).some((s) => actionsOf(s).includes('s3:GetObject') && resourcesOf(s).some((r) => /:::prod-[a-z0-9-]+-starport-layer-bucket\/\*$/.test(r))) ? 'the ECR layer bucket is not allowed' : undefined;
  })(),
};
