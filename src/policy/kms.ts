/**
 * KMS: the listed operations on named key ARNs, with `kms:ViaService` when the key is only used
 * through services and optional encryption-context pinning.
 */
import { dnsSuffixOf, parseArn } from '../aws/arn';
import { AwsContext, ConditionBlock, Grant } from './document';

export type KmsAccess = 'decrypt' | 'encrypt' | 'generate-data-key';

export const KMS_ACTIONS: Record<KmsAccess, string> = {
  decrypt: 'kms:Decrypt',
  encrypt: 'kms:Encrypt',
  'generate-data-key': 'kms:GenerateDataKey',
};

export interface KmsGrantProps {
  readonly keyArn: string;
  readonly access: readonly KmsAccess[];
  /** e.g. `['s3']` → `kms:ViaService = s3.<key region>.amazonaws.com`. @default - direct use allowed */
  readonly viaServices?: readonly string[];
  /** @default - no encryption context required */
  readonly encryptionContext?: Readonly<Record<string, string>>;
}

/** `kms:ViaService` value for a service in the key's region. */
export function viaServiceValue(service: string, keyArn: string, ctx: AwsContext): string {
  const region = keyArn.startsWith('arn:') ? parseArn(keyArn).region : ctx.region;
  return `${service}.${region}.${dnsSuffixOf(ctx.partition)}`;
}

export function kmsGrants(ctx: AwsContext, props: KmsGrantProps): Grant[] {
  const conditions: ConditionBlock = {};
  if (props.viaServices !== undefined && props.viaServices.length > 0) {
    conditions.StringEquals = { 'kms:ViaService': props.viaServices.map((s) => viaServiceValue(s, props.keyArn, ctx)) };
  }
  for (const [key, value] of Object.entries(props.encryptionContext ?? {})) {
    conditions.StringEquals = { ...(conditions.StringEquals ?? {}), [`kms:EncryptionContext:${key}`]: value };
  }
  const sid = props.viaServices !== undefined && props.viaServices.length > 0 ? 'KmsViaService' : 'Kms';
  return [{ sid, actions: props.access.map((a) => KMS_ACTIONS[a]), resources: [props.keyArn], conditions: Object.keys(conditions).length > 0 ? conditions : undefined }];
}
