/** Policy could not be analysed. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { policyAttribute } from '../helpers';
import { readPolicy } from '../model';
import { GRANT_TYPES, stackGrants } from '../normalise/attachments';

const POLICY_TYPES = ['aws_iam_role', 'aws_iam_policy', 'aws_iam_role_policy', 'aws_iam_user_policy', 'aws_iam_group_policy', 'aws_ssoadmin_permission_set_inline_policy', 'aws_kms_key', 'aws_kms_key_policy', 'aws_vpc_endpoint', 'aws_vpc_endpoint_policy'];

export const rule: Rule = {
  id: "POLICY-UNRESOLVED",
  severity: 'warning',
  title: "Policy could not be analysed",
  why: "A policy the rules cannot read is not checked at all; saying so keeps an unanalysable policy from passing as clean.",
  fix: "Write the policy as literal JSON or an aws_iam_policy_document in the same file; name an attached policy by a literal ARN, a policy of the module, or a for_each/count over literal values",
  types: [...POLICY_TYPES, ...GRANT_TYPES.filter((t) => !POLICY_TYPES.includes(t))],
  check: (b, ctx) => {
    if (!POLICY_TYPES.includes(b.type)) {
      // An attachment whose policy only Terraform knows (a variable without a value, a for_each over a resource's output) attaches what no rule can see.
      const unknown = stackGrants(ctx).index.via(b).flatMap((g) => (g.policy.kind === 'unresolved' ? [g.policy.expression] : []));
      return unknown.length > 0 ? `the attached policy ${[...new Set(unknown)].join(', ')} cannot be identified without a plan` : undefined;
    }
    const attribute = b.type === 'aws_iam_role' ? 'assume_role_policy' : policyAttribute(b);
    const read = readPolicy(b, attribute, ctx.doc);
    return 'unresolved' in read ? read.unresolved : 'policy' in read ? read.partial : undefined;
  },
};
