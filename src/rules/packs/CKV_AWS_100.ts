/** Node group SSH open to any source. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { one } from '../helpers';

export const rule: Rule = {
  id: "CKV_AWS_100",
  severity: 'error',
  title: "Node group SSH open to any source",
  why: "SSH open to any source lets anyone on the network try to log into nodes, which hold credentials of every pod they run (checkov CKV_AWS_100).",
  fix: "Remove remote_access (use SSM Session Manager) or set source_security_group_ids",
  types: ["aws_eks_node_group"],
  check: (b) =>
    one(b.body.remote_access)?.ec2_ssh_key && one(b.body.remote_access)?.source_security_group_ids === undefined ? 'ec2_ssh_key without source_security_group_ids' : undefined,
};
