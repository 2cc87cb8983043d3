/** Cognito identity-pool trust without the pool's aud. eksguard's own rule (Cognito's role trust guidance). */
import type { Rule } from '../engine';
import { claimConstraints, iamAllows, principalsOfKind } from '../helpers';

export const rule: Rule = {
  id: 'AA-COGNITO-AUD',
  severity: 'error',
  title: 'Cognito federated trust without the identity pool audience',
  fix: 'Add StringEquals cognito-identity.amazonaws.com:aud = <identity pool id> (and ForAnyValue:StringLike cognito-identity.amazonaws.com:amr = authenticated)',
  types: ['aws_iam_role'],
  // Without a narrowing aud condition, an identity from any identity pool in any account can assume the role.
  check: (b, ctx) =>
    iamAllows(ctx.policy(b, 'assume_role_policy')).some(
      (s) => principalsOfKind(s, 'Federated').some((f) => f.trim().toLowerCase() === 'cognito-identity.amazonaws.com') && claimConstraints(s, 'aud').filter((c) => c.keyLower === 'cognito-identity.amazonaws.com:aud' && c.values.every((v) => !/^[*?]+$/.test(v))).length === 0,
    )
      ? 'no StringEquals on cognito-identity.amazonaws.com:aud: identities of every identity pool are admitted'
      : undefined,
};
