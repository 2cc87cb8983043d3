/** EKS secrets not envelope-encrypted. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { list, one } from '../helpers';

export const rule: Rule = {
  id: "CKV_AWS_58",
  severity: 'error',
  title: "EKS secrets not envelope-encrypted",
  why: "Without envelope encryption, Kubernetes Secrets sit in etcd protected only by the storage layer; a KMS key adds a control you own and audit (checkov CKV_AWS_58).",
  fix: "Add encryption_config { resources = [\"secrets\"], provider { key_arn = <customer key> } }",
  types: ["aws_eks_cluster"],
  check: (b) =>
    JSON.stringify(list(one(b.body.encryption_config)?.resources)) !== '["secrets"]' ? 'encryption_config.resources is not exactly ["secrets"]' : undefined,
};
