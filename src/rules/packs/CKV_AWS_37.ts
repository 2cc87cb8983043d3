/** EKS control-plane logs incomplete. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { LOG_TYPES, list } from '../helpers';

export const rule: Rule = {
  id: "CKV_AWS_37",
  severity: 'error',
  title: "EKS control-plane logs incomplete",
  why: "Without api, audit and authenticator logs there is no record of who did what in the cluster, so an intrusion cannot be investigated (checkov CKV_AWS_37).",
  fix: "Enable api, audit, authenticator, controllerManager and scheduler logs",
  types: ["aws_eks_cluster"],
  check: (b) =>
    (() => {
    const missing = LOG_TYPES.filter((t) => !list(b.body.enabled_cluster_log_types).includes(t));
    return missing.length > 0 ? `missing ${missing.join(', ')}` : undefined;
  })(),
};
