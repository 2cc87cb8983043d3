/** kms:Decrypt not scoped. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { grantedPolicy, grantsActionEverywhere, iamAllows, perPolicy } from '../helpers';

export const rule: Rule = {
  id: "BPG-KMS-VIA-SERVICE",
  severity: 'warning',
  title: "kms:Decrypt not scoped",
  why: "kms:Decrypt on * or without kms:ViaService lets the holder decrypt with any key that allows it, outside the service it was meant for (EKS Best Practices, data encryption).",
  fix: "Name the key ARN, and add kms:ViaService when the key is used through a service",
  types: ["aws_iam_role_policy"],
  check: (b, ctx) => {
    const p = grantedPolicy(b, ctx, 'policy');
    return perPolicy(p, rule.id, ctx.catalog, () =>
      (iamAllows(p).some((s) => grantsActionEverywhere(s, 'kms:Decrypt', ctx.catalog, 'account')) ? 'kms:Decrypt on every key' : undefined));
  },
};
