/**
 * Secrets Manager and SSM Parameter Store: read one named secret or parameter at a time.
 * A secret name becomes `…:secret:<name>-??????` (Secrets Manager appends a random 6-character suffix).
 */
import { AwsContext, Grant } from './document';
import { kmsGrants } from './kms';

export function secretArn(ctx: AwsContext, nameOrArn: string): string {
  // An ARN copied from the console ends with the 6-character suffix; a partial one (name only)
  // matches no real secret as written, so it gets the suffix wildcard a name gets.
  if (nameOrArn.startsWith('arn:')) return /-[A-Za-z0-9]{6}$/.test(nameOrArn) ? nameOrArn : `${nameOrArn}-??????`;
  return `arn:${ctx.partition}:secretsmanager:${ctx.region}:${ctx.accountId}:secret:${nameOrArn}-??????`;
}

export function ssmParameterArn(ctx: AwsContext, nameOrArn: string): string {
  if (nameOrArn.startsWith('arn:')) return nameOrArn;
  const path = nameOrArn.startsWith('/') ? nameOrArn : `/${nameOrArn}`;
  return `arn:${ctx.partition}:ssm:${ctx.region}:${ctx.accountId}:parameter${path}`;
}

export const SECRETS_MANAGER_READ_ACTIONS = ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'];
export const SSM_READ_ACTIONS = ['ssm:GetParameter', 'ssm:GetParameters'];

export interface SecretGrantProps {
  /** A Secrets Manager secret by name or ARN. @default - none; exactly one of secretsManager and ssmParameter */
  readonly secretsManager?: string;
  /** An SSM parameter by name or ARN. @default - none; exactly one of secretsManager and ssmParameter */
  readonly ssmParameter?: string;
  /** Customer key of the secret; adds kms:Decrypt through that service. @default - AWS managed key */
  readonly kmsKeyArn?: string;
}

export function secretGrants(ctx: AwsContext, props: SecretGrantProps): Grant[] {
  const grants: Grant[] = [];
  if (props.secretsManager !== undefined) {
    grants.push({ sid: 'SecretsManagerRead', actions: SECRETS_MANAGER_READ_ACTIONS, resources: [secretArn(ctx, props.secretsManager)] });
  }
  if (props.ssmParameter !== undefined) {
    grants.push({ sid: 'SsmParameterRead', actions: SSM_READ_ACTIONS, resources: [ssmParameterArn(ctx, props.ssmParameter)] });
  }
  if (props.kmsKeyArn !== undefined) {
    const via = props.secretsManager !== undefined ? 'secretsmanager' : 'ssm';
    grants.push(...kmsGrants(ctx, { keyArn: props.kmsKeyArn, access: ['decrypt'], viaServices: [via] }));
  }
  return grants;
}
