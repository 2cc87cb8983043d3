/** Cognito (or public identity provider) trust without the audience. eksguard's own rule (IAM's web identity federation guidance). */
import type { Rule } from '../engine';
import { conditionNarrows, conditionsOn, iamAllows, principalsOfKind } from '../helpers';

/** Web identity providers IAM knows by name, and the condition key that names the application or identity pool. */
const AUDIENCE: Record<string, string> = {
  'cognito-identity.amazonaws.com': 'cognito-identity.amazonaws.com:aud',
  'accounts.google.com': 'accounts.google.com:aud',
  'graph.facebook.com': 'graph.facebook.com:app_id',
  'www.amazon.com': 'www.amazon.com:app_id',
};

export const rule: Rule = {
  id: 'AA-COGNITO-AUD',
  severity: 'error',
  title: 'Cognito or public identity provider trust without the audience',
  why: "Without the audience condition, an identity from any Cognito identity pool (or any app of the public provider) can assume the role (IAM web identity federation guidance).",
  fix: 'Add StringEquals cognito-identity.amazonaws.com:aud = <identity pool id> (accounts.google.com:aud, graph.facebook.com:app_id, www.amazon.com:app_id for the others)',
  types: ['aws_iam_role'],
  // Without a narrowing audience condition, an identity of every identity pool (or every app of the provider) can assume the role.
  check: (b, ctx) => {
    const open = iamAllows(ctx.policy(b, 'assume_role_policy')).flatMap((s) =>
      principalsOfKind(s, 'Federated')
        .map((f) => f.trim().toLowerCase())
        .filter((f) => AUDIENCE[f] !== undefined && !conditionsOn(s, AUDIENCE[f]).some(conditionNarrows)),
    );
    return open.length > 0 ? `no condition on ${open.map((f) => AUDIENCE[f]).join(', ')}: identities of every identity pool or app are admitted` : undefined;
  },
};
