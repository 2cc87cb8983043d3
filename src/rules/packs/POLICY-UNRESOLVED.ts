/** Policy could not be analysed. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { policyAttribute } from '../helpers';
import { readPolicy } from '../model';

export const rule: Rule = {
  id: "POLICY-UNRESOLVED",
  severity: 'warning',
  title: "Policy could not be analysed",
  fix: "Write the policy as literal JSON or an aws_iam_policy_document in the same file",
  types: ['aws_iam_role', 'aws_iam_policy', 'aws_iam_role_policy', 'aws_iam_user_policy', 'aws_iam_group_policy', 'aws_ssoadmin_permission_set_inline_policy', 'aws_kms_key', 'aws_kms_key_policy', 'aws_vpc_endpoint', 'aws_vpc_endpoint_policy'],
  check: (b, ctx) => {
    const attribute = b.type === 'aws_iam_role' ? 'assume_role_policy' : policyAttribute(b);
    const read = readPolicy(b, attribute, ctx.doc);
    return 'unresolved' in read ? read.unresolved : 'policy' in read ? read.partial : undefined;
  },
};
