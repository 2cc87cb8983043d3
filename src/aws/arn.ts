/**
 * ARN and naming helpers shared by the config and policy layers. Pure.
 */

export interface Arn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  /** Everything after the account, e.g. `key/1234...` or `oidc-provider/oidc.eks...`. */
  readonly resource: string;
}

export function parseArn(text: string): Arn {
  const parts = text.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') throw new Error(`not an ARN: ${text}`);
  return { partition: parts[1], service: parts[2], region: parts[3], account: parts[4], resource: parts.slice(5).join(':') };
}

/** The partition of a region: aws, aws-cn or aws-us-gov. */
/** The account of a resource named by ARN; '' for a bare name, which means the platform's own account. */
export function accountOfArn(nameOrArn: string): string {
  return nameOrArn.startsWith('arn:') ? parseArn(nameOrArn).account : '';
}

export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** DNS suffix of service principals and endpoints in a partition. */
export function dnsSuffixOf(partition: string): string {
  return partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
}

/**
 * The issuer as IAM condition keys and provider ARNs use it: host and path,
 * no `https://`, no trailing slash (`oidc.eks.us-east-1.amazonaws.com/id/ABC`).
 */
export function normaliseIssuer(url: string): string {
  return url.replace(/^https:\/\//, '').replace(/\/+$/, '');
}

/** ARN of the IAM OIDC provider for an issuer. IAM names it by the issuer's host and path. */
export function oidcProviderArn(partition: string, accountId: string, issuer: string): string {
  return `arn:${partition}:iam::${accountId}:oidc-provider/${normaliseIssuer(issuer)}`;
}
