import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { Fn, TerraformLocal, Token } from 'cdktf';
import { Construct } from 'constructs';
import { normaliseIssuer } from '../aws/arn';
import { addressOf } from '../naming';
import { IRSA_AUDIENCE } from '../policy/trust';
import { makeInert } from '../terraform/inert-strings';
import { Addresses } from '../terraform/addresses';

/** An IAM OIDC provider for a cluster's issuer, made here or elsewhere. */
export interface IOidcProvider {
  /** Provider ARN: literal, or a Terraform reference inside this stack. */
  readonly arn: string;
  /** Issuer as condition keys use it: host/path, no scheme, no trailing slash. */
  readonly issuer: string;
}

export interface OidcProviderProps {
  /**
   * The cluster's issuer URL (`https://oidc.eks.<region>.amazonaws.com/id/<ID>`), or a reference to
   * a cluster made in the same stack (`cluster.identity.get(0).oidc.get(0).issuer`).
   */
  readonly issuerUrl: string;
}

/**
 * The cluster's IAM OIDC provider for IRSA.
 *
 * Security defaults: `client_id_list = ["sts.amazonaws.com"]` only; no thumbprints, so no TLS
 * download at plan time (IAM validates EKS issuers against its own trusted CAs).
 * Terraform address: `aws_iam_openid_connect_provider.<id>`.
 */
export class OidcProvider extends Construct implements IOidcProvider {
  /** Reference a provider made elsewhere (another stack, eksctl, the console). */
  static fromArn(arn: string, issuerUrl: string): IOidcProvider {
    return { arn, issuer: normaliseIssuer(issuerUrl) };
  }

  /**
   * Reference a provider whose issuer is known only at apply (a cluster made in another stack):
   * the issuer is stripped of its scheme in a Terraform local of `scope`, named `<id>_issuer`.
   */
  static fromReferences(scope: Construct, id: string, arn: string, issuerUrl: string): IOidcProvider {
    return { arn, issuer: issuerLocal(scope, id, issuerUrl) };
  }

  readonly arn: string;
  readonly issuer: string;
  readonly resource: IamOpenidConnectProvider;

  constructor(scope: Construct, id: string, props: OidcProviderProps) {
    super(scope, id);
    makeInert(this);
    // A created cluster's issuer is known only at apply: strip the scheme in a Terraform local, so
    // policies reference `${local.<id>_issuer}`; an inline replace("https://", "") would have its
    // quotes escaped inside the JSON-encoded policy and no longer parse.
    const unresolved = Token.isUnresolved(props.issuerUrl);
    this.issuer = unresolved ? issuerLocal(this, undefined, props.issuerUrl) : normaliseIssuer(props.issuerUrl);
    this.resource = new IamOpenidConnectProvider(this, 'Default', {
      url: unresolved ? props.issuerUrl : `https://${this.issuer}`,
      clientIdList: [IRSA_AUDIENCE],
    });
    Addresses.assign(this.resource, '');
    this.arn = this.resource.arn;
  }
}

/** `<name>_issuer` beside the provider's own name (`scope`'s main resource, or `id` inside `scope`). */
function issuerLocal(scope: Construct, id: string | undefined, issuerUrl: string): string {
  const local = new TerraformLocal(scope, id === undefined ? 'issuer' : `${id}-issuer`, Fn.replace(issuerUrl, 'https://', ''));
  Addresses.assign(local, id === undefined ? 'issuer' : `${addressOf(id)}_issuer`);
  return local.asString;
}
