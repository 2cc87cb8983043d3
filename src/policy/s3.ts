/**
 * S3: object actions only under the granted prefixes; `s3:ListBucket` only with an
 * `s3:prefix` condition, so listing outside the prefixes (or without a prefix) is denied.
 *
 * A prefix is a folder: the grant is `bucket/<prefix>*`, so `releases` without its `/` would also
 * grant `releases-prod-secrets/` and `releases.bak/`. Unless the caller declares the prefixes to
 * be stems, one without a trailing `/` is read as the folder `<prefix>/`.
 */
import { AwsContext, Grant } from './document';

export type S3Access = 'read' | 'write' | 'read-write';

export interface S3GrantProps {
  readonly bucket: string;
  /** Key prefixes such as `releases/`. @default - the whole bucket */
  readonly prefixes?: readonly string[];
  /**
   * The prefixes are stems: `releases` grants every key that starts with it (`releases-2026/`,
   * `releases.bak/`). @default false - each prefix is a folder; `releases` is read as `releases/`
   */
  readonly stems?: boolean;
  readonly access: S3Access;
  /** @default false */
  readonly delete?: boolean;
}

export const S3_READ_ACTIONS = ['s3:GetObject'];
export const S3_WRITE_ACTIONS = ['s3:PutObject', 's3:AbortMultipartUpload'];

export function s3Grants(ctx: AwsContext, props: S3GrantProps): Grant[] {
  const bucketArn = `arn:${ctx.partition}:s3:::${props.bucket}`;
  const folder = (p: string) => (props.stems || p === '' || p.endsWith('/') ? p : `${p}/`);
  const patterns = (props.prefixes ?? ['']).map((p) => `${folder(p)}*`);
  const reads = props.access !== 'write';
  const writes = props.access !== 'read';
  const actions = [...(reads ? S3_READ_ACTIONS : []), ...(writes ? S3_WRITE_ACTIONS : []), ...(writes && props.delete ? ['s3:DeleteObject'] : [])];
  const grants: Grant[] = [{ sid: 'S3Objects', actions, resources: patterns.map((p) => `${bucketArn}/${p}`) }];
  if (reads) {
    grants.push({ sid: 'S3List', actions: ['s3:ListBucket'], resources: [bucketArn], conditions: { StringLike: { 's3:prefix': patterns } } });
  }
  return grants;
}
