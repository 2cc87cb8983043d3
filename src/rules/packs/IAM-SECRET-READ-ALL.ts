/** Reads of every secret, parameter or key. eksguard's own rule (asks the normalised policy model). */
import type { Rule } from '../engine';
import { grantedPolicy, grantsActionEverywhere, iamAllows, isConstrained, perPolicy, policyAttribute } from '../helpers';

/** Actions that return secret material, asked of every resource of their type. */
const SECRET_READS = ['secretsmanager:GetSecretValue', 'secretsmanager:BatchGetSecretValue', 'ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath', 'kms:Decrypt'];

export const rule: Rule = {
  id: 'IAM-SECRET-READ-ALL',
  severity: 'error',
  title: 'Secret reads on every secret, parameter or key',
  why: "Reading every secret, parameter or key of an account gives a workload every other workload's credentials.",
  fix: 'Name the secrets (arn:aws:secretsmanager:<region>:<account>:secret:<name>-*), parameters or keys the workload reads',
  types: ['aws_iam_policy', 'aws_iam_role_policy', 'aws_ssoadmin_permission_set_inline_policy', 'aws_iam_user_policy', 'aws_iam_group_policy'],
  // "Every resource of the type", in any account and region or in the one named (by literal or reference): *, NotResource,
  // arn:aws:secretsmanager:*:*:secret:*, arn:aws:secretsmanager:${var.region}:${account}:secret:*, arn:*:ssm:*:*:parameter/* ...
  // An identity policy reaches another account's secrets only where that account's policy allows, so its own account's every secret is every secret.
  check: (b, ctx) => {
    const p = grantedPolicy(b, ctx, policyAttribute(b));
    return perPolicy(p, rule.id, ctx.catalog, () => {
      const allows = iamAllows(p);
      // A statement under a narrowing condition (kms:ViaService, a resource tag, an account) is left to CKV_AWS_355's reading of conditions.
      const found = SECRET_READS.filter((a) => allows.some((s) => !isConstrained(s) && grantsActionEverywhere(s, a, ctx.catalog, 'account')));
      return found.length > 0 ? `${found.join(', ')} on every resource of its type` : undefined;
    });
  },
};
