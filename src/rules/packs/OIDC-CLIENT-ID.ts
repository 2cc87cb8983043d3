/** OIDC provider without the STS audience. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { list } from '../helpers';

export const rule: Rule = {
  id: "OIDC-CLIENT-ID",
  severity: 'error',
  title: "OIDC provider without the STS audience",
  why: "STS accepts a web identity token only when its audience is in the provider's client ID list; without sts.amazonaws.com IRSA fails, and other audiences widen what is trusted.",
  fix: "Add sts.amazonaws.com to client_id_list",
  types: ["aws_iam_openid_connect_provider"],
  check: (b) =>
    !list(b.body.client_id_list).includes('sts.amazonaws.com') ? 'client_id_list lacks sts.amazonaws.com' : undefined,
};
