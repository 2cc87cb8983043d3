/** EKS authentication uses the aws-auth ConfigMap. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { one } from '../helpers';

export const rule: Rule = {
  id: "CIS-4.1.7",
  severity: 'error',
  title: "EKS authentication uses the aws-auth ConfigMap",
  why: "The aws-auth ConfigMap is edited inside the cluster, outside IAM and Terraform review; a bad edit locks everyone out or grants admin silently. Access entries are IAM resources (CIS EKS 4.1.7).",
  fix: "Set access_config.authentication_mode = \"API\" and use access entries",
  types: ["aws_eks_cluster"],
  check: (b) =>
    one(b.body.access_config)?.authentication_mode !== 'API' ? `authentication_mode is ${one(b.body.access_config)?.authentication_mode ?? 'absent (CONFIG_MAP)'}` : undefined,
};
