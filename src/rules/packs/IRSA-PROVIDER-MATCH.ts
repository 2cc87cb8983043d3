/** OIDC provider URL is not the cluster issuer. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';

export const rule: Rule = {
  id: "IRSA-PROVIDER-MATCH",
  severity: 'error',
  title: "OIDC provider URL is not the cluster issuer",
  why: "IRSA works only when the OIDC provider URL is the cluster's issuer; another URL means tokens from another issuer are trusted, or no pod can assume its role.",
  fix: "Set url to aws_eks_cluster.<name>.identity[0].oidc[0].issuer",
  types: ["aws_iam_openid_connect_provider"],
  check: (b) =>
    String(b.body.url).startsWith('${') && !/^\$\{aws_eks_cluster\.[\w-]+\.identity\[0\]\.oidc\[0\]\.issuer\}$/.test(b.body.url) ? `url is ${b.body.url}` : undefined,
};
