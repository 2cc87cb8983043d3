/**
 * IRSA trust policies. One statement: Federated = the cluster's OIDC provider,
 * sts:AssumeRoleWithWebIdentity, StringEquals on `<issuer>:sub` (one service account) AND
 * `<issuer>:aud` = sts.amazonaws.com. Never aud-only; a wildcard subject only with a reason.
 */
import { normaliseIssuer } from '../aws/arn';
import { ConditionBlock, PolicyDocument } from './document';

export const IRSA_AUDIENCE = 'sts.amazonaws.com';

export interface IrsaTrustProps {
  /** ARN of the IAM OIDC provider for the cluster's issuer (literal or a Terraform reference). */
  readonly providerArn: string;
  /** The issuer, with or without `https://`; normalised to host/path. */
  readonly issuer: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  /**
   * Accept `*`/`?` in serviceAccount: the trust then admits every matching service account in
   * the namespace (`StringLike` on sub; aud stays `StringEquals`).
   * @default - refused
   */
  readonly wildcardSubject?: { readonly reason: string };
}

/** Every reason the props cannot give a safe trust; empty when they can. */
export function irsaTrustProblems(props: IrsaTrustProps): string[] {
  const problems: string[] = [];
  const issuer = normaliseIssuer(props.issuer);
  if (issuer.includes('://')) problems.push(`issuer "${props.issuer}" must be https:// or host/path`);
  if (/^oidc-eks\.[a-z0-9-]+\.api\.aws/.test(issuer)) problems.push(`issuer "${issuer}" is the dual-stack form; tokens carry the classic oidc.eks.<region>.amazonaws.com issuer`);
  if (!props.providerArn.includes(':oidc-provider/') && !props.providerArn.startsWith('${')) problems.push(`"${props.providerArn}" is not an IAM OIDC provider ARN`);
  if (props.namespace === '' || props.serviceAccount === '') problems.push('an IRSA trust needs a namespace and a service account: aud-only trusts admit every service account in the cluster');
  if (/[*?]/.test(props.namespace)) problems.push(`namespace "${props.namespace}" has a wildcard; a trust never spans namespaces`);
  const wildcard = /[*?]/.test(props.serviceAccount);
  if (wildcard && props.wildcardSubject === undefined) problems.push(`service account "${props.serviceAccount}" has a wildcard; pass wildcardSubject with a reason to accept it`);
  if (props.wildcardSubject !== undefined && props.wildcardSubject.reason.trim().length < 10) problems.push('wildcardSubject.reason must be at least 10 characters');
  return problems;
}

/** The trust document. Throws with every problem when the props are unsafe (the edge for library users). */
export function irsaTrust(props: IrsaTrustProps): PolicyDocument {
  const problems = irsaTrustProblems(props);
  if (problems.length > 0) throw new Error(`unsafe IRSA trust: ${problems.join('; ')}`);
  const issuer = normaliseIssuer(props.issuer);
  const subject = `system:serviceaccount:${props.namespace}:${props.serviceAccount}`;
  const wildcard = /[*?]/.test(props.serviceAccount);
  const condition: ConditionBlock = wildcard
    ? { StringEquals: { [`${issuer}:aud`]: IRSA_AUDIENCE }, StringLike: { [`${issuer}:sub`]: subject } }
    : { StringEquals: { [`${issuer}:aud`]: IRSA_AUDIENCE, [`${issuer}:sub`]: subject } };
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Federated: props.providerArn }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: condition }],
  };
}
