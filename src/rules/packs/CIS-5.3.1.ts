/** EKS secrets key is not a customer key. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { one, refName } from '../helpers';

export const rule: Rule = {
  id: "CIS-5.3.1",
  severity: 'warning',
  title: "EKS secrets key is not a customer key",
  why: "CIS EKS 5.3.1: a customer-managed key lets you own rotation, key policy and audit of who can decrypt the cluster's secrets.",
  fix: "Use an aws_kms_key of this stack or a customer key ARN",
  types: ["aws_eks_cluster"],
  check: (b) =>
    (() => {
    const key = one(one(b.body.encryption_config)?.provider)?.key_arn;
    if (key === undefined) return 'no key';
    return refName(key, 'aws_kms_key') === undefined && !/^arn:[^:]+:kms:[^:]+:\d{12}:key\//.test(key) ? `key ${key} is neither an aws_kms_key here nor a customer key ARN` : undefined;
  })(),
};
