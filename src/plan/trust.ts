/**
 * The one place a planned trust meets the cluster's provider. The plan computes each workload's
 * trust document once (src/policy/workload.ts `planWorkloadIdentity`); for a cluster eksguard
 * creates, its provider ARN and issuer exist only after apply, so the plan names stand-ins of the
 * real length (quota checks hold) and the role construct calls bindTrust with the cluster stack's
 * references. Nothing is recomputed: only the stand-in values are replaced, everywhere they occur
 * (the `Federated` principal and the `<issuer>:aud` / `<issuer>:sub` condition keys). Pure.
 */
import type { PolicyDocument } from '../policy/document';
import type { PlannedTrust } from './types';

export interface TrustProvider {
  /** The provider ARN (a Terraform reference for a created cluster). */
  readonly arn: string;
  /** The issuer as condition keys use it: host/path, or a reference to it. */
  readonly issuer: string;
}

/** The planned document with a created cluster's provider references in place of the stand-ins; an existing cluster's as planned. */
export function bindTrust(trust: PlannedTrust, provider?: TrustProvider): PolicyDocument {
  if (!trust.oidc.standIn) return trust.document;
  if (provider === undefined) throw new Error('bindTrust: the trust names a created cluster\'s provider, so the provider\'s references are needed');
  const { providerArn, issuer } = trust.oidc;
  const prefix = `${issuer}:`;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return v === providerArn ? provider.arn : v;
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k.startsWith(prefix) ? `${provider.issuer}:${k.slice(prefix.length)}` : k, walk(x)]));
    }
    return v;
  };
  return walk(trust.document) as PolicyDocument;
}
