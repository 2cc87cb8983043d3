/**
 * S3: object actions only under the granted prefixes; `s3:ListBucket` only with an
 * `s3:prefix` condition, so listing outside the prefixes (or without a prefix) is denied.
 *
 * A prefix is a folder: the grant is `bucket/<prefix>*`, so `releases` without its `/` would also
 * grant `releases-prod-secrets/` and `releases.bak/`. Unless the caller declares the prefixes to
 * be stems, one without a trailing `/` is read as the folder `<prefix>/`.
 *
 * A bucket of another account (`account`) gets the same statements in its bucket policy, naming
 * the workload role.
 */
import type { Problem, Warning } from '../../config/problems';
import type { WorkloadConfig } from '../../config/schema';
import { POD_SESSION_TAGS } from '../cluster';
import type { AwsContext, Grant } from '../document';
import type { FamilyOf } from './index';

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

/**
 * The values of the `{namespace}` / `{serviceAccount}` placeholders in S3 prefixes: the session tags
 * EKS Pod Identity sets (ABAC, `${aws:PrincipalTag/...}`), or the literal names where sessions carry
 * no such tags (IRSA, the migration's both-bindings step, tags disabled).
 */
export function placeholdersFor(w: Pick<WorkloadConfig, 'identity' | 'namespace' | 'serviceAccount' | 'podIdentity'>): Record<string, string> {
  const tagged = w.identity === 'pod-identity' && w.podIdentity?.disableSessionTags === undefined;
  return tagged
    ? { '{namespace}': `\${${POD_SESSION_TAGS.namespace}}`, '{serviceAccount}': `\${${POD_SESSION_TAGS.serviceAccount}}` }
    : { '{namespace}': w.namespace, '{serviceAccount}': w.serviceAccount };
}

const fill = (text: string, values: Readonly<Record<string, string>>) => text.replace(/\{(namespace|serviceAccount)\}/g, (m) => values[m]);

/** A workload's S3 entry as the grant builders take it: placeholders filled, stems declared or not. Both sides of a cross-account grant use it. */
export function s3GrantProps(w: WorkloadConfig, e: WorkloadConfig['s3'][number], placeholders: Readonly<Record<string, string>> = placeholdersFor(w)) {
  return { ...e, prefixes: e.prefixes?.map((p) => fill(p, placeholders)), stems: e.prefixStems !== undefined };
}

export const s3Family: FamilyOf<'s3'> = {
  field: 's3',
  grants: (ctx, e, w) => s3Grants(ctx, s3GrantProps(w, e, ctx.placeholders)),
  directServices: () => ['s3'],
  resourceSide: (ctx, e, w, grantee) =>
    e.account === undefined
      ? []
      : s3Grants(ctx, s3GrantProps(w, e, ctx.placeholders)).map((g) => ({
          kind: 'bucket-policy' as const,
          account: e.account!,
          resource: e.bucket,
          statement: { Sid: `${grantee.sidPrefix}${g.sid}`, Effect: 'Allow' as const, Principal: { AWS: grantee.roleArn }, Action: [...g.actions], Resource: g.resources.length === 1 ? g.resources[0] : [...g.resources], ...(g.conditions ? { Condition: g.conditions } : {}) },
        })),
  checks: (entries, { path, workload: w }) => {
    const problems: Problem[] = [];
    const warnings: Warning[] = [];
    entries.forEach((b, bi) => {
      if (b.prefixStems === undefined) return;
      const stems = (b.prefixes ?? []).filter((p) => !p.endsWith('/'));
      warnings.push({ path: `${path}[${bi}].prefixStems`, message: `bucket ${b.bucket}: ${stems.join(', ')} ${stems.length === 1 ? 'is a stem' : 'are stems'}, granting every key that starts with ${stems.length === 1 ? 'it' : 'them'}, not only a folder (reason: ${b.prefixStems.reason})` });
    });
    if (/[*?]/.test(w.serviceAccount)) {
      entries.forEach((e, si) => (e.prefixes ?? []).forEach((p, pi) => {
        if (p.includes('{serviceAccount}')) problems.push({ path: `${path}[${si}].prefixes[${pi}]`, message: `uses {serviceAccount}, but serviceAccount is the pattern ${w.serviceAccount}: the prefix would take its wildcards and reach every service account's keys`, value: p, fix: 'Use a prefix without {serviceAccount} ({namespace} is fine), or name one service account' });
      }));
    }
    return { problems, warnings };
  },
  // The bucket's account is its own field: a bucket name carries none.
  resources: (e) => [{ field: 'account', resourceField: 'bucket', account: e.account ?? '', writesSide: true, value: e.bucket, policy: { kind: 'bucket', key: e.bucket } }],
};
