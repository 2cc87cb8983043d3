/** Pod Identity trust not scoped. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { conditionKeys, podIdentityStatements } from '../helpers';

export const rule: Rule = {
  id: "PODID-TRUST-SCOPE",
  severity: 'warning',
  title: "Pod Identity trust not scoped",
  fix: "Add aws:SourceAccount and the aws:RequestTag/kubernetes-namespace and kubernetes-service-account (or eks-cluster-arn) conditions",
  types: ["aws_iam_role"],
  check: (b, ctx) =>
    (() => { const p = ctx.policy(b, 'assume_role_policy');
    return podIdentityStatements(p).some((s) => {
      const keys = conditionKeys(s);
      const tags = (keys.includes('aws:RequestTag/kubernetes-namespace') && keys.includes('aws:RequestTag/kubernetes-service-account')) || keys.includes('aws:RequestTag/eks-cluster-arn');
      return !tags && !keys.includes('aws:SourceAccount') && !keys.includes('aws:SourceOrgId');
    }) ? 'no session-tag or source-account condition' : undefined;
  })(),
};
