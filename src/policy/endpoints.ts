/**
 * VPC endpoint policies: what may travel through each private endpoint. `Principal: "*"` is the
 * norm in endpoint policies (the caller's own IAM policy still applies); the statements narrow
 * actions and resources to this account, plus the ECR account that serves EKS add-on images. Pure.
 */
import type { EndpointService } from '../config/schema';
import { eksImageAccount } from '../aws/eks-image-accounts';
import { AwsContext, PolicyDocument } from './document';

/** Interface endpoints whose service documents no endpoint-policy support: created without one. */
export const ENDPOINTS_WITHOUT_POLICY: readonly EndpointService[] = ['eks-auth'];

/** The S3 bucket ECR keeps image layers in; image pulls through an S3 gateway endpoint need it. */
export function ecrLayerBucket(region: string): string {
  return `prod-${region}-starport-layer-bucket`;
}

const inAccount = (ctx: AwsContext) => ({ StringEquals: { 'aws:PrincipalAccount': ctx.accountId } });

/** The endpoint policy for a service, or undefined for services that take none. */
export function endpointPolicy(ctx: AwsContext, service: EndpointService): PolicyDocument | undefined {
  if (ENDPOINTS_WITHOUT_POLICY.includes(service)) return undefined;
  const p = ctx.partition;
  switch (service) {
    case 'ecr.api':
    case 'ecr.dkr': {
      const repositories = [...new Set([ctx.accountId, eksImageAccount(ctx.region)])].sort().map((a) => `arn:${p}:ecr:${ctx.region}:${a}:repository/*`);
      return {
        Version: '2012-10-17',
        Statement: [
          { Sid: 'AuthorizationToken', Effect: 'Allow', Principal: '*', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
          {
            Sid: 'PullFromAccountAndEksImages',
            Effect: 'Allow',
            Principal: '*',
            Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
            Resource: repositories,
          },
        ],
      };
    }
    case 's3':
      return {
        Version: '2012-10-17',
        Statement: [
          { Sid: 'EcrImageLayers', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:${p}:s3:::${ecrLayerBucket(ctx.region)}/*` },
          { Sid: 'AccountBuckets', Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*', Condition: { StringEquals: { 'aws:ResourceAccount': ctx.accountId } } },
        ],
      };
    case 'sts':
      return {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AssumeAccountRoles',
            Effect: 'Allow',
            Principal: '*',
            Action: ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity', 'sts:TagSession'],
            Resource: `arn:${p}:iam::${ctx.accountId}:role/*`,
          },
          { Sid: 'CallerIdentity', Effect: 'Allow', Principal: '*', Action: 'sts:GetCallerIdentity', Resource: '*', Condition: inAccount(ctx) },
        ],
      };
    default:
      return {
        Version: '2012-10-17',
        Statement: [{ Sid: 'AccountPrincipals', Effect: 'Allow', Principal: '*', Action: `${service}:*`, Resource: '*', Condition: inAccount(ctx) }],
      };
  }
}

/** `com.amazonaws.<region>.<service>` (China regions prefix `cn.`). */
export function endpointServiceName(ctx: AwsContext, service: EndpointService): string {
  return `${ctx.partition === 'aws-cn' ? 'cn.' : ''}com.amazonaws.${ctx.region}.${service}`;
}
