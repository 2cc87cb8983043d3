/** EKS version outside the supported range. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';

export const rule: Rule = {
  id: "CKV_AWS_339",
  severity: 'error',
  title: "EKS version outside the supported range",
  why: "A Kubernetes version outside EKS standard support stops receiving security fixes (checkov CKV_AWS_339).",
  fix: "Use Kubernetes 1.29-1.35",
  types: ["aws_eks_cluster"],
  check: (b) =>
    b.body.version !== undefined && !/^1\.(29|3[0-5])$/.test(String(b.body.version)) ? `version ${b.body.version}` : undefined,
};
