/**
 * KMS: the listed operations on named key ARNs, with `kms:ViaService` when the key is only used
 * through services and optional encryption-context pinning. A key of another account gets a KMS
 * grant to the workload role (additive: no one else's access changes).
 */
import { dnsSuffixOf, parseArn } from '../../aws/arn';
import type { AwsContext, ConditionBlock, Grant } from '../document';
import type { FamilyOf, Grantee, ResourceRef, ResourceSide } from './index';

export type KmsAccess = 'decrypt' | 'encrypt' | 'generate-data-key';

export const KMS_ACTIONS: Record<KmsAccess, string> = {
  decrypt: 'kms:Decrypt',
  encrypt: 'kms:Encrypt',
  'generate-data-key': 'kms:GenerateDataKey',
};

/** The operations of a KMS grant (another account's side) for each access. */
export const KMS_GRANT_OPERATIONS: Record<KmsAccess, readonly string[]> = {
  decrypt: ['Decrypt', 'DescribeKey'],
  encrypt: ['Encrypt', 'DescribeKey'],
  'generate-data-key': ['GenerateDataKey', 'DescribeKey'],
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

/** Another account's side of a key: a grant to the role for the operations of `access`. */
export function kmsGrantSide(keyArn: string, access: readonly KmsAccess[], encryptionContext?: Readonly<Record<string, string>>): ResourceSide {
  return { kind: 'kms-grant', account: parseArn(keyArn).account, keyArn, operations: [...new Set(access.flatMap((a) => KMS_GRANT_OPERATIONS[a]))].sort(), encryptionContext };
}

/** A key ARN in an entry: eksguard writes its grant, in the key's account and region. */
export function keyRef(field: string, keyArn: string): ResourceRef {
  const arn = parseArn(keyArn);
  return { field, account: arn.account, writesSide: true, value: keyArn, region: arn.region };
}

export const kmsFamily: FamilyOf<'kms'> = {
  field: 'kms',
  grants: (ctx, e) => kmsGrants(ctx, e),
  // Through viaServices, the service calls KMS; otherwise the pod does.
  directServices: (e) => (e.viaServices === undefined ? ['kms'] : []),
  resourceSide: (_ctx, e, _w, _grantee: Grantee) => [kmsGrantSide(e.keyArn, e.access, e.encryptionContext)],
  resources: (e) => [keyRef('keyArn', e.keyArn)],
};
