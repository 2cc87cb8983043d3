import { irsaTrust, irsaTrustProblems } from '../../src/policy/trust';
import { renderPolicy } from '../../src/policy/document';
import { assumeRoleWithWebIdentity } from '../support/iam';

const ISSUER = 'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const OTHER_ISSUER = 'oidc.eks.us-east-1.amazonaws.com/id/0THERC1USTER0000000000000000000';
const PROVIDER = `arn:aws:iam::123456789012:oidc-provider/${ISSUER}`;
const OTHER_PROVIDER = `arn:aws:iam::123456789012:oidc-provider/${OTHER_ISSUER}`;

const trust = irsaTrust({ providerArn: PROVIDER, issuer: `https://${ISSUER}/`, namespace: 'payments', serviceAccount: 'app-sqs-consumer' });

const token = (sub: string | undefined, aud: string | undefined, issuer = ISSUER) => {
  const claims: Record<string, string> = {};
  if (sub !== undefined) claims[`${issuer}:sub`] = sub;
  if (aud !== undefined) claims[`${issuer}:aud`] = aud;
  return claims;
};

describe('IRSA trust (evaluated by iam-simulate)', () => {
  // Rule pinned: the trust admits exactly system:serviceaccount:payments:app-sqs-consumer with
  // aud sts.amazonaws.com, through this cluster's provider; every near miss is denied.
  test.each([
    ['the bound service account', PROVIDER, token('system:serviceaccount:payments:app-sqs-consumer', 'sts.amazonaws.com'), 'Allowed'],
    ['another service account in the same namespace', PROVIDER, token('system:serviceaccount:payments:other', 'sts.amazonaws.com'), 'ImplicitlyDenied'],
    ['the same name in another namespace', PROVIDER, token('system:serviceaccount:production:app-sqs-consumer', 'sts.amazonaws.com'), 'ImplicitlyDenied'],
    ['a longer name with the same prefix', PROVIDER, token('system:serviceaccount:payments:app-sqs-consumer-2', 'sts.amazonaws.com'), 'ImplicitlyDenied'],
    ['a shorter name that is a prefix', PROVIDER, token('system:serviceaccount:payments:app-sqs', 'sts.amazonaws.com'), 'ImplicitlyDenied'],
    ['a wrong audience', PROVIDER, token('system:serviceaccount:payments:app-sqs-consumer', 'https://kubernetes.default.svc'), 'ImplicitlyDenied'],
    ['a missing audience', PROVIDER, token('system:serviceaccount:payments:app-sqs-consumer', undefined), 'ImplicitlyDenied'],
    ['a missing subject', PROVIDER, token(undefined, 'sts.amazonaws.com'), 'ImplicitlyDenied'],
    ['a token from another cluster', OTHER_PROVIDER, token('system:serviceaccount:payments:app-sqs-consumer', 'sts.amazonaws.com', OTHER_ISSUER), 'ImplicitlyDenied'],
    ['another cluster\'s provider presenting this issuer\'s claims', OTHER_PROVIDER, token('system:serviceaccount:payments:app-sqs-consumer', 'sts.amazonaws.com'), 'ImplicitlyDenied'],
  ])('%s → %s', (_name, providerArn, claims, expected) => {
    expect(assumeRoleWithWebIdentity(trust, { providerArn, claims })).toBe(expected);
  });

  test('has one statement with StringEquals on both sub and aud, issuer without scheme or slash', () => {
    expect(trust.Statement).toHaveLength(1);
    expect(trust.Statement[0].Condition).toEqual({
      StringEquals: { [`${ISSUER}:sub`]: 'system:serviceaccount:payments:app-sqs-consumer', [`${ISSUER}:aud`]: 'sts.amazonaws.com' },
    });
    expect(renderPolicy(trust)).not.toContain('https://');
  });
});

describe('IRSA trust refusals', () => {
  const base = { providerArn: PROVIDER, issuer: ISSUER, namespace: 'batch', serviceAccount: 'job-runner' };
  // Rule pinned: aud-only, namespace wildcards, dual-stack issuers and unreasoned wildcards are refused.
  test.each([
    ['fails when the trust would be aud-only (no service account)', { ...base, serviceAccount: '' }, /aud-only/],
    ['fails when the namespace is a wildcard', { ...base, namespace: '*', serviceAccount: 'x' }, /never spans namespaces/],
    ['fails when the service account is a wildcard without a reason', { ...base, serviceAccount: 'job-*' }, /wildcardSubject/],
    ['fails when the wildcard reason is too short', { ...base, serviceAccount: 'job-*', wildcardSubject: { reason: 'because' } }, /at least 10/],
    ['fails when the issuer is the dual-stack form', { ...base, issuer: 'https://oidc-eks.us-east-1.api.aws/id/ABC' }, /dual-stack/],
  ])('%s', (_name, props, message) => {
    expect(irsaTrustProblems(props)).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
    expect(() => irsaTrust(props)).toThrow(message);
  });

  test('accepts the exact subject', () => {
    expect(irsaTrustProblems(base)).toEqual([]);
  });
});

describe('wildcard subject opt-out', () => {
  const wide = irsaTrust({ providerArn: PROVIDER, issuer: ISSUER, namespace: 'batch', serviceAccount: 'job-*', wildcardSubject: { reason: 'the batch operator creates one SA per job' } });
  // Rule pinned: with a reason, sub uses StringLike within one namespace; aud stays StringEquals.
  test.each([
    ['a matching service account', 'system:serviceaccount:batch:job-42', 'sts.amazonaws.com', 'Allowed'],
    ['a matching name in another namespace', 'system:serviceaccount:other:job-42', 'sts.amazonaws.com', 'ImplicitlyDenied'],
    ['a non-matching name', 'system:serviceaccount:batch:web', 'sts.amazonaws.com', 'ImplicitlyDenied'],
    ['a matching name with a wrong audience', 'system:serviceaccount:batch:job-42', 'other', 'ImplicitlyDenied'],
  ])('%s → %s', (_name, sub, aud, expected) => {
    expect(assumeRoleWithWebIdentity(wide, { providerArn: PROVIDER, claims: token(sub, aud) })).toBe(expected);
  });

  test('keeps aud under StringEquals', () => {
    expect(wide.Statement[0].Condition).toEqual({
      StringEquals: { [`${ISSUER}:aud`]: 'sts.amazonaws.com' },
      StringLike: { [`${ISSUER}:sub`]: 'system:serviceaccount:batch:job-*' },
    });
  });
});
