/** EKS secrets encryption without a key. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { list, one } from '../helpers';

export const rule: Rule = {
  id: "AWS-0039",
  severity: 'error',
  title: "EKS secrets encryption without a key",
  why: "An encryption_config without a key ARN does not encrypt secrets with a key you control (trivy AWS-0039).",
  fix: "Set encryption_config.provider.key_arn to a customer KMS key",
  types: ["aws_eks_cluster"],
  check: (b) =>
    (() => {
    const e = one(b.body.encryption_config);
    return !list(e?.resources).includes('secrets') || !one(e?.provider)?.key_arn ? 'secrets not listed, or no key_arn' : undefined;
  })(),
};
