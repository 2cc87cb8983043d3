/** EKS API endpoint is public. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
/* Deliberate difference from checkov: an endpoint setting that is not a literal (`False`) is unresolved and read as public. See scripts/upstream/differences.ts. */
import type { Rule } from '../engine';
import { one } from '../helpers';

export const rule: Rule = {
  id: "CKV_AWS_39",
  severity: 'error',
  title: "EKS API endpoint is public",
  why: "A public endpoint exposes the Kubernetes API server to the internet; any leaked credential or API-server vulnerability is then reachable from anywhere (checkov CKV_AWS_39).",
  fix: "Set vpc_config.endpoint_public_access = false (eksguard: endpointAccess.public false)",
  types: ["aws_eks_cluster"],
  check: (b) =>
    one(b.body.vpc_config)?.endpoint_public_access !== false ? 'endpoint_public_access is not false' : undefined,
};
