/** Private cluster without the VPC endpoints it needs. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { list, one } from '../helpers';

export const rule: Rule = {
  id: "EKS-PRIVATE-ENDPOINTS",
  severity: 'warning',
  title: "Private cluster without the VPC endpoints it needs",
  why: "A private cluster without the ECR, STS, EKS auth, logs, EC2 and S3 endpoints cannot pull images or give pods credentials (EKS Best Practices, private clusters).",
  fix: "Add interface endpoints for ecr.api, ecr.dkr, sts, eks-auth, logs, ec2 and an S3 gateway endpoint",
  types: ["aws_eks_cluster"],
  check: (b, ctx) =>
    (() => {
    if (one(b.body.vpc_config)?.endpoint_public_access !== false) return undefined;
    const services = ctx.memo('EKS-PRIVATE-ENDPOINTS:services', () => new Set(ctx.blocksOf('aws_vpc_endpoint').map((e) => String(e.body.service_name).split('.').slice(3).join('.'))));
    const need = ['ecr.api', 'ecr.dkr', 's3', 'ec2'];
    // This cluster's stacks: its own, and eksguard's `<stack>-...` siblings (platform, workloads, accounts); what each document holds is read once per run.
    const holds = ctx.memoRun('EKS-PRIVATE-ENDPOINTS:holds', () => new Map(ctx.docs.map((d) => [d, {
      oidc: d.blocks.some((o) => o.type === 'aws_iam_role' && /oidc-provider|openid_connect_provider|terraform_remote_state/.test(String(o.body.assume_role_policy))),
      podIdentity: d.blocks.some((o) => o.type === 'aws_eks_pod_identity_association'),
    }])));
    const own = ctx.memo('EKS-PRIVATE-ENDPOINTS:own', () => ctx.docs.filter((d) => d.stack === ctx.doc.stack || d.stack.startsWith(`${ctx.doc.stack}-`)).map((d) => holds.get(d)!));
    if (own.some((d) => d.oidc)) need.push('sts');
    if (own.some((d) => d.podIdentity)) need.push('eks-auth');
    if (list(b.body.enabled_cluster_log_types).length > 0) need.push('logs');
    const missing = need.filter((s) => !services.has(s));
    return missing.length > 0 ? `missing ${missing.join(', ')}` : undefined;
  })(),
};
