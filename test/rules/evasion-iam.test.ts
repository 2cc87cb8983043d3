/**
 * Issue 11, normalisation before rules (IAM): every equivalent way of writing a grant, a principal
 * or a condition is the same case for the rules. Each row: the rule that flags the plain form flags
 * the evasion, and an equivalent compliant form of the same shape is not flagged, so no rule passes
 * by flagging everything. Unresolvable forms are reported by POLICY-UNRESOLVED, never passed.
 */
import { documentOf, RULES, runRules } from '../../src/rules';
import { evaluateHcl, Opaque, Unresolved } from '../../src/rules/normalise/hcl-literal';
import { parseOperator } from '../../src/rules/normalise/iam';

type Json = Record<string, unknown>;

/** Rule ids that fail the one block `<type>.x` of a document (plus data blocks and locals). */
function failing(type: string, body: Json, extra: { data?: Json; locals?: Json; resource?: Json } = {}): string[] {
  const doc = documentOf({ resource: { [type]: { x: body }, ...(extra.resource ?? {}) }, data: extra.data, locals: extra.locals }, 's', 's.tf.json');
  return runRules(RULES, [doc]).findings.filter((f) => f.address === `${type}.x`).map((f) => f.ruleId);
}
const doc = (...Statement: Json[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const identity = (policy: string) => ['aws_iam_policy', { name: 'app', policy }] as const;
const trust = (policy: string) => ['aws_iam_role', { name: 'app', assume_role_policy: policy }] as const;
const kmsKey = (policy: string) => ['aws_kms_key', { enable_key_rotation: true, policy }] as const;

type Row = [string, string, readonly [string, Json], readonly [string, Json]];

const OIDC = 'arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789';
const ISSUER = 'oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789';
const irsa = (condition: Json) => trust(doc({ Effect: 'Allow', Principal: { Federated: OIDC }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: condition }));
const pinned = { StringEquals: { [`${ISSUER}:sub`]: 'system:serviceaccount:payments:api', [`${ISSUER}:aud`]: 'sts.amazonaws.com' } };
const aud = { [`${ISSUER}:aud`]: 'sts.amazonaws.com' };
const GH = 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com';
const github = (condition: Json) => trust(doc({ Effect: 'Allow', Principal: { Federated: GH }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: condition }));
const ghAud = { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' };

/** [evasion class, rule id, flagged form, compliant form]. */
const ROWS: Row[] = [
  // Action/NotAction and Resource/NotResource as sets.
  ['NotAction + NotResource on almost everything', 'CKV_AWS_62', identity(doc({ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], NotResource: ['arn:aws:s3:::audit/*'] })), identity(doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::app/*' }))],
  ['NotAction grants every other action', 'CKV_AWS_63', identity(doc({ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' })), identity(doc({ Effect: 'Allow', Action: ['s3:GetObject'], Resource: '*' }))],
  ['NotAction is a wildcard action', 'AWS-0057', identity(doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: 'arn:aws:s3:::app/*' })), identity(doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::app/*' }))],
  ['NotAction on * for restrictable actions', 'CKV_AWS_355', identity(doc({ Effect: 'Allow', NotAction: ['iam:*'], Resource: '*' })), identity(doc({ Effect: 'Allow', NotAction: ['iam:*'], Resource: 'arn:aws:s3:::app/*' }))],
  ['NotAction leaves privilege escalation', 'CKV_AWS_286', identity(doc({ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' })), identity(doc({ Effect: 'Allow', NotAction: ['iam:*', 'lambda:*', 'organizations:*', 's3:*', 'ec2:*'], Resource: '*' }).replace('"Allow"', '"Deny"'))],
  ['NotAction leaves all of IAM', 'CKV2_AWS_40', identity(doc({ Effect: 'Allow', NotAction: ['s3:*'], Resource: 'arn:aws:s3:::app/*' })), identity(doc({ Effect: 'Allow', NotAction: ['iam:*'], Resource: 'arn:aws:s3:::app/*' }))],
  ['NotAction leaves all of S3', 'AWS-0345', identity(doc({ Effect: 'Allow', NotAction: ['iam:*'], Resource: 'arn:aws:s3:::app/*' })), identity(doc({ Effect: 'Allow', NotAction: ['s3:*'], Resource: 'arn:aws:s3:::app/*' }))],
  ['action case: S3:*', 'AWS-0345', identity(doc({ Effect: 'Allow', Action: 'S3:*', Resource: 'arn:aws:s3:::app/*' })), identity(doc({ Effect: 'Allow', Action: 'S3:GetObject', Resource: 'arn:aws:s3:::app/*' }))],
  ['action wildcard spelled s3:?*', 'AWS-0345', identity(doc({ Effect: 'Allow', Action: 's3:?*', Resource: 'arn:aws:s3:::app/*' })), identity(doc({ Effect: 'Allow', Action: 's3:Get*', Resource: 'arn:aws:s3:::app/*' }))],
  ['action wildcard spelled *:*', 'CKV_AWS_63', identity(doc({ Effect: 'Allow', Action: '*:*', Resource: 'arn:aws:s3:::app/*' })), identity(doc({ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::app/*' }))],
  ['escalation through a wildcard (iam:Pass*)', 'CKV_AWS_286', identity(doc({ Effect: 'Allow', Action: 'iam:Pass*', Resource: 'arn:aws:iam::111122223333:role/app' })), identity(doc({ Effect: 'Allow', Action: 'iam:Get*', Resource: 'arn:aws:iam::111122223333:role/app' }))],
  ['escalation through a lower-case name', 'CKV_AWS_286', identity(doc({ Effect: 'Allow', Action: 'IAM:passrole', Resource: 'arn:aws:iam::111122223333:role/app' })), identity(doc({ Effect: 'Allow', Action: 'IAM:getrole', Resource: 'arn:aws:iam::111122223333:role/app' }))],
  ['PassRole through iam:*', 'AWS-0342', identity(doc({ Effect: 'Allow', Action: 'iam:*', Resource: 'arn:aws:iam::111122223333:role/app' })), identity(doc({ Effect: 'Allow', Action: 'iam:List*', Resource: '*' }))],
  ['element names in another case ("action", "RESOURCE")', 'CKV_AWS_62', identity(JSON.stringify({ statement: [{ effect: 'Allow', action: '*', RESOURCE: '*' }] })), identity(JSON.stringify({ statement: [{ effect: 'Allow', action: 's3:GetObject', RESOURCE: 'arn:aws:s3:::app/*' }] }))],
  ['Effect in lower case still allows', 'CKV_AWS_62', identity(doc({ Effect: 'allow', Action: '*', Resource: '*' })), identity(doc({ Effect: 'deny', Action: '*', Resource: '*' }))],
  // Resource breadth: every resource of the type is as broad as *.
  ['every secret (arn:aws:secretsmanager:*:*:secret:*)', 'IAM-SECRET-READ-ALL', identity(doc({ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: 'arn:aws:secretsmanager:*:*:secret:*' })), identity(doc({ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:payments/db-*' }))],
  ['every key, unless a condition narrows it', 'IAM-SECRET-READ-ALL', identity(doc({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: 'arn:aws:kms:*:*:key/*', Condition: { StringEqualsIfExists: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } } })), identity(doc({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: 'arn:aws:kms:*:*:key/*', Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } } }))],
  ['every secret of the account and region named by references', 'IAM-SECRET-READ-ALL', identity(doc({ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: 'arn:aws:secretsmanager:${var.region}:${data.aws_caller_identity.c.account_id}:secret:*' })), identity(doc({ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: 'arn:aws:secretsmanager:${var.region}:${data.aws_caller_identity.c.account_id}:secret:payments/db-*' }))],
  ['every secret of one account in every region', 'IAM-SECRET-READ-ALL', identity(doc({ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: 'arn:aws:secretsmanager:*:111122223333:secret:*' })), identity(doc({ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: 'arn:aws:secretsmanager:*:111122223333:secret:payments/*' }))],
  ['PassRole on every role of the account named by reference', 'AA-PASSROLE-STAR', identity(doc({ Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::${data.aws_caller_identity.c.account_id}:role/*' })), identity(doc({ Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::${data.aws_caller_identity.c.account_id}:role/app-runner' }))],
  ['every secret (Resource *)', 'IAM-SECRET-READ-ALL', identity(doc({ Effect: 'Allow', Action: 'secretsmanager:Get*', Resource: '*' })), identity(doc({ Effect: 'Allow', Action: 'secretsmanager:ListSecrets', Resource: '*' }))],
  ['every secret (NotResource)', 'IAM-SECRET-READ-ALL', identity(doc({ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', NotResource: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:root-*' })), identity(doc({ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:app-*' }))],
  ['every parameter (arn:*:ssm:*:*:parameter/*)', 'IAM-SECRET-READ-ALL', identity(doc({ Effect: 'Allow', Action: 'ssm:GetParameter', Resource: 'arn:*:ssm:*:*:parameter/*' })), identity(doc({ Effect: 'Allow', Action: 'ssm:GetParameter', Resource: 'arn:aws:ssm:eu-west-1:111122223333:parameter/app/*' }))],
  ['every bucket (arn:*:s3:::*)', 'AWS-0346', identity(doc({ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:*:s3:::*' })), identity(doc({ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::app/*' }))],
  ['every bucket for a restrictable action', 'CKV_AWS_355', identity(doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::*' })), identity(doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::app*/*' }).replace('app*', 'app'))],
  ['every key (arn:aws:kms:*:*:key/*)', 'BPG-KMS-VIA-SERVICE', ['aws_iam_role_policy', { role: 'r', policy: doc({ Effect: 'Allow', Action: 'kms:decrypt', Resource: 'arn:aws:kms:*:*:key/*' }) }], ['aws_iam_role_policy', { role: 'r', policy: doc({ Effect: 'Allow', Action: 'kms:decrypt', Resource: 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' }) }]],
  ['every role for PassRole', 'AA-PASSROLE-STAR', identity(doc({ Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::*:role/*' })), identity(doc({ Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/app-runner' }))],
  ['every resource as arn:*', 'CKV_AWS_62', identity(doc({ Effect: 'Allow', Action: '*', Resource: 'arn:*' })), identity(doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:*' }))],
  // Principal in all its shapes.
  ['Principal {"AWS": ["*"]}', 'CKV_AWS_60', trust(doc({ Effect: 'Allow', Principal: { AWS: ['*'] }, Action: 'sts:AssumeRole' })), trust(doc({ Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::111122223333:role/ci'] }, Action: 'sts:AssumeRole' }))],
  ['Principal key in lower case {"aws": "*"}', 'CKV_AWS_60', trust(doc({ Effect: 'Allow', Principal: { aws: '*' }, Action: 'sts:AssumeRole' })), trust(doc({ Effect: 'Allow', Principal: { aws: 'arn:aws:iam::111122223333:role/ci' }, Action: 'sts:AssumeRole' }))],
  ['NotPrincipal admits everyone else', 'CKV_AWS_60', trust(doc({ Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::111122223333:role/x' }, Action: 'sts:AssumeRole' })), trust(doc({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/x' }, Action: 'sts:AssumeRole' }))],
  ['Principal {"Service": "*"}', 'AA-TRUST-WILDCARD', trust(doc({ Effect: 'Allow', Principal: { Service: '*' }, Action: 'sts:AssumeRole' })), trust(doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }))],
  ['Principal {"Federated": "*"}', 'AA-TRUST-WILDCARD', trust(doc({ Effect: 'Allow', Principal: { Federated: '*' }, Action: 'sts:AssumeRoleWithWebIdentity' })), trust(doc({ Effect: 'Allow', Principal: { Federated: 'accounts.google.com' }, Action: 'sts:AssumeRoleWithWebIdentity' }))],
  ['Principal ["*"] (a bare list)', 'AA-TRUST-WILDCARD', trust(doc({ Effect: 'Allow', Principal: ['*'], Action: 'sts:AssumeRole' })), trust(doc({ Effect: 'Allow', Principal: ['arn:aws:iam::111122223333:role/ci'], Action: 'sts:AssumeRole' }))],
  ['a bare account id is the account root', 'CKV_AWS_61', trust(doc({ Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 'sts:AssumeRole' })), trust(doc({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/ci' }, Action: 'sts:AssumeRole' }))],
  ['KMS key open through {"AWS": ["*"]} and a negated condition', 'CKV_AWS_33', kmsKey(doc({ Effect: 'Allow', Principal: { AWS: ['*'] }, Action: 'kms:Decrypt', Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalAccount': '999999999999' } } })), kmsKey(doc({ Effect: 'Allow', Principal: { AWS: ['*'] }, Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': '111122223333' } } }))],
  ['KMS key open under a condition that narrows nothing (SecureTransport)', 'CKV_AWS_33', kmsKey(doc({ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } })), kmsKey(doc({ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'AWS:PrincipalOrgID': 'o-abc123' } } }))],
  ['KMS key open under an account condition that is a partial wildcard (1111222233*)', 'CKV_AWS_33', kmsKey(doc({ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { StringLike: { 'aws:PrincipalAccount': '1111222233*' } } })), kmsKey(doc({ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { StringLike: { 'aws:PrincipalAccount': '111122223333' } } }))],
  ['KMS key open under an org condition that is a partial wildcard (o-*)', 'CKV_AWS_33', kmsKey(doc({ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { StringLike: { 'aws:PrincipalOrgID': 'o-*' } } })), kmsKey(doc({ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { StringLike: { 'aws:PrincipalOrgID': 'o-abc123' } } }))],
  ['KMS key open under a principal ARN of any account', 'CKV_AWS_33', kmsKey(doc({ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/deploy' } } })), kmsKey(doc({ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/*' } } }))],
  ['KMS key open under ArnEquals with a wildcard account (ArnEquals matches wildcards)', 'CKV_AWS_33', kmsKey(doc({ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { ArnEquals: { 'aws:SourceArn': 'arn:aws:*:*:*:*' } } })), kmsKey(doc({ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { ArnEquals: { 'aws:SourceArn': 'arn:aws:sns:eu-west-1:${data.aws_caller_identity.c.account_id}:*' } } }))],
  ['KMS key open under a source IP of every address', 'CKV_AWS_33', kmsKey(doc({ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '0.0.0.0/0'] } } })), kmsKey(doc({ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8'] } } }))],
  ['KMS key open under source IPs that together are every IPv4 address (two halves)', 'CKV_AWS_33', kmsKey(doc({ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': ['0.0.0.0/1', '128.0.0.0/1'] } } })), kmsKey(doc({ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '198.51.100.7'] } } }))],
  ['KMS key open under source IPs that together are most of public IPv6', 'CKV_AWS_33', kmsKey(doc({ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': ['2000::/4', '3000::/4'] } } })), kmsKey(doc({ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': ['2001:db8::/32'] } } }))],
  ['KMS key open under a source IP with host bits (1.2.3.4/0 is every address)', 'CKV_AWS_33', kmsKey(doc({ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '1.2.3.4/0' } } })), kmsKey(doc({ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '1.2.3.4/32' } } }))],
  ['KMS key open under an org path of any organisation', 'CKV_AWS_33', kmsKey(doc({ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { StringLike: { 'aws:PrincipalOrgPaths': 'o-*/r-ab12/*' } } })), kmsKey(doc({ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { StringLike: { 'aws:PrincipalOrgPaths': 'o-abc123/r-ab12/*' } } }))],
  ['KMS key open through NotPrincipal', 'CKV_AWS_33', kmsKey(doc({ Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' })), kmsKey(doc({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }))],
  ['Cognito trust without aud', 'AA-COGNITO-AUD', trust(doc({ Effect: 'Allow', Principal: { Federated: 'cognito-identity.amazonaws.com' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { 'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' } } })), trust(doc({ Effect: 'Allow', Principal: { Federated: 'cognito-identity.amazonaws.com' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { 'cognito-identity.amazonaws.com:aud': 'eu-west-1:12345678-1234-1234-1234-123456789012' }, 'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' } } }))],
  ['Cognito trust with aud only negated', 'AA-COGNITO-AUD', trust(doc({ Effect: 'Allow', Principal: { Federated: 'cognito-identity.amazonaws.com' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringNotEquals: { 'cognito-identity.amazonaws.com:aud': 'eu-west-1:other' } } })), trust(doc({ Effect: 'Allow', Principal: { Federated: 'cognito-identity.amazonaws.com' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { 'Cognito-Identity.amazonaws.com:AUD': 'eu-west-1:12345678-1234-1234-1234-123456789012' } } }))],
  ['Google trust without aud', 'AA-COGNITO-AUD', trust(doc({ Effect: 'Allow', Principal: { Federated: 'accounts.google.com' }, Action: 'sts:AssumeRoleWithWebIdentity' })), trust(doc({ Effect: 'Allow', Principal: { Federated: 'accounts.google.com' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { 'accounts.google.com:aud': '123456789012-abc.apps.googleusercontent.com' } } }))],
  ['Cognito aud that is only a wildcard', 'AA-COGNITO-AUD', trust(doc({ Effect: 'Allow', Principal: { Federated: 'cognito-identity.amazonaws.com' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringLike: { 'cognito-identity.amazonaws.com:aud': '*' } } })), trust(doc({ Effect: 'Allow', Principal: { Federated: 'cognito-identity.amazonaws.com' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringLike: { 'cognito-identity.amazonaws.com:aud': 'eu-west-1:12345678-90ab-cdef-1234-567890abcdef' } } }))],
  ['Cognito aud that is a wildcard over every pool of a region', 'AA-COGNITO-AUD', trust(doc({ Effect: 'Allow', Principal: { Federated: 'cognito-identity.amazonaws.com' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringLike: { 'cognito-identity.amazonaws.com:aud': 'eu-west-1:*' } } })), trust(doc({ Effect: 'Allow', Principal: { Federated: 'cognito-identity.amazonaws.com' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringLike: { 'cognito-identity.amazonaws.com:aud': 'eu-west-1:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0' } } }))],
  // Conditions: operator, negation, IfExists, set qualifiers, Null, key case.
  ['web identity trust of a provider named by a module output, without conditions', 'AA-OIDC-NO-CONDITION', trust(doc({ Effect: 'Allow', Principal: { Federated: '${module.eks.oidc_provider_arn}' }, Action: 'sts:AssumeRoleWithWebIdentity' })), trust(doc({ Effect: 'Allow', Principal: { Federated: '${module.eks.oidc_provider_arn}' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: pinned }))],
  ['web identity trust of a provider held in a variable, sub wide open', 'BPG-IRSA-SUB', trust(doc({ Effect: 'Allow', Principal: { Federated: '${var.oidc_provider_arn}' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringLike: { [`${ISSUER}:sub`]: '*', ...aud } } })), trust(doc({ Effect: 'Allow', Principal: { Federated: '${var.oidc_provider_arn}' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: pinned }))],
  ['sub only under StringNotEquals (all but one)', 'BPG-IRSA-SUB', irsa({ StringNotEquals: { [`${ISSUER}:sub`]: 'system:serviceaccount:kube-system:aws-node' }, StringEquals: aud }), irsa(pinned)],
  ['sub only under StringNotLike', 'BPG-IRSA-SUB', irsa({ StringNotLike: { [`${ISSUER}:sub`]: 'system:serviceaccount:kube-system:*' }, StringEquals: aud }), irsa({ StringLike: { [`${ISSUER}:sub`]: 'system:serviceaccount:payments:api' }, StringEquals: aud })],
  ['sub only under StringEqualsIfExists', 'BPG-IRSA-SUB', irsa({ StringEqualsIfExists: { [`${ISSUER}:sub`]: 'system:serviceaccount:payments:api' }, StringEquals: aud }), irsa(pinned)],
  ['sub only under ForAnyValue:StringEquals', 'BPG-IRSA-SUB', irsa({ 'ForAnyValue:StringEquals': { [`${ISSUER}:sub`]: 'system:serviceaccount:payments:api' }, StringEquals: aud }), irsa(pinned)],
  ['sub only under a Null check', 'BPG-IRSA-SUB', irsa({ Null: { [`${ISSUER}:sub`]: 'false' }, StringEquals: aud }), irsa(pinned)],
  ['sub key in upper case is still the sub', 'BPG-IRSA-SUB', irsa({ StringEquals: { [`${ISSUER}:SUB`]: 'system:serviceaccount:*' , ...aud } }), irsa({ StringEquals: { [`${ISSUER}:SUB`]: 'system:serviceaccount:payments:api', ...aud } })],
  ['sub pinned for another issuer', 'BPG-IRSA-SUB', irsa({ StringEquals: { 'oidc.eks.eu-west-1.amazonaws.com/id/OTHER0000000000:sub': 'system:serviceaccount:payments:api', ...aud } }), irsa({ StringEquals: { [`${ISSUER.toUpperCase().replace('OIDC.EKS.EU-WEST-1.AMAZONAWS.COM', 'oidc.eks.eu-west-1.amazonaws.com')}:sub`]: 'system:serviceaccount:payments:api', ...aud } })],
  ['aud only under StringNotEquals', 'BPG-IRSA-AUD', irsa({ StringEquals: { [`${ISSUER}:sub`]: 'system:serviceaccount:payments:api' }, StringNotEquals: { [`${ISSUER}:aud`]: 'evil' } }), irsa(pinned)],
  ['no narrowing condition keyed by the issuer', 'AA-OIDC-NO-CONDITION', irsa({ StringNotEquals: { [`${ISSUER}:sub`]: 'x' }, 'StringEqualsIfExists': aud }), irsa(pinned)],
  ['GitHub sub only negated', 'CKV_AWS_393', github({ StringEquals: ghAud, StringNotLike: { 'token.actions.githubusercontent.com:sub': 'repo:evil/*' } }), github({ StringEquals: ghAud, StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/app:ref:refs/heads/main' } })],
  ['GitHub sub key in another case under IfExists', 'CKV_AWS_393', github({ StringEquals: ghAud, StringLikeIfExists: { 'Token.Actions.GithubUserContent.com:SUB': 'repo:acme/app:*' } }), github({ StringEquals: ghAud, StringLike: { 'Token.Actions.GithubUserContent.com:SUB': 'repo:acme/app:*' } })],
  ['Pod Identity scope only under IfExists', 'PODID-TRUST-SCOPE', trust(doc({ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'], Condition: { StringEqualsIfExists: { 'aws:SourceAccount': '111122223333' } } })), trust(doc({ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'], Condition: { StringEquals: { 'AWS:SourceAccount': '111122223333' } } }))],
  // jsonencode() of literal values.
  ['jsonencode of Action * Resource *', 'CKV_AWS_62', identity('${jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })}'), identity('${jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::app/*" }] })}')],
  ['jsonencode with ":" keys, comments, new lines and a trailing comma', 'CKV_AWS_62', identity('${jsonencode({\n  "Version": "2012-10-17" # the version\n  Statement: [\n    { Effect: "Allow", Action: ["*"], Resource: ["*"], },\n  ]\n})}'), identity('${jsonencode({\n  "Version": "2012-10-17" # the version\n  Statement: [\n    { Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::app/*"], },\n  ]\n})}')],
  ['jsonencode with HCL escapes and references in resources', 'CKV_AWS_63', identity('${jsonencode({ Statement = [{ Effect = "Allow", Action = "\\u002a", Resource = "${aws_s3_bucket.b.arn}/$${aws:username}/*" }] })}'), identity('${jsonencode({ Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "${aws_s3_bucket.b.arn}/$${aws:username}/*" }] })}')],
  ['jsonencode with list functions of literals', 'CKV_AWS_62', identity('${jsonencode({ Statement = concat([], tolist([{ Effect = "Allow", Action = toset(["*", "*"]), Resource = flatten([["*"]]) }])) })}'), identity('${jsonencode({ Statement = concat([], tolist([{ Effect = "Allow", Action = toset(["s3:GetObject"]), Resource = flatten([["arn:aws:s3:::app/*"]]) }])) })}')],
  // The same grant on every resource type that holds an identity or key policy.
  ['an inline user policy', 'CKV_AWS_62', ['aws_iam_user_policy', { user: 'u', policy: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) }], ['aws_iam_user_policy', { user: 'u', policy: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::app/*' }) }]],
  ['an inline group policy', 'CKV_AWS_286', ['aws_iam_group_policy', { group: 'g', policy: doc({ Effect: 'Allow', Action: 'iam:*', Resource: '*' }) }], ['aws_iam_group_policy', { group: 'g', policy: doc({ Effect: 'Allow', Action: 'iam:Get*', Resource: '*' }) }]],
  ['an SSO permission set inline policy', 'IAM-SECRET-READ-ALL', ['aws_ssoadmin_permission_set_inline_policy', { inline_policy: doc({ Effect: 'Allow', Action: 'secretsmanager:*', Resource: '*' }) }], ['aws_ssoadmin_permission_set_inline_policy', { inline_policy: doc({ Effect: 'Allow', Action: 'secretsmanager:ListSecrets', Resource: '*' }) }]],
  ['a standalone key policy', 'CKV_AWS_33', ['aws_kms_key_policy', { key_id: 'k', policy: doc({ Effect: 'Allow', Principal: '*', Action: 'kms:*', Resource: '*' }) }], ['aws_kms_key_policy', { key_id: 'k', policy: doc({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }) }]],
  ['a standalone endpoint policy', 'VPCE-POLICY-BROAD', ['aws_vpc_endpoint_policy', { vpc_endpoint_id: 'e', policy: doc({ Effect: 'Allow', Principal: '*', NotAction: 'iam:*', Resource: '*' }) }], ['aws_vpc_endpoint_policy', { vpc_endpoint_id: 'e', policy: doc({ Effect: 'Allow', Principal: '*', NotAction: 'iam:*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': '111122223333' } } }) }]],
  ['an endpoint policy whose account condition is a wildcard', 'VPCE-POLICY-BROAD', ['aws_vpc_endpoint_policy', { vpc_endpoint_id: 'e', policy: doc({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: { StringLike: { 'aws:PrincipalAccount': '*' } } }) }], ['aws_vpc_endpoint_policy', { vpc_endpoint_id: 'e', policy: doc({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: { StringLike: { 'aws:PrincipalAccount': '111122223333' } } }) }]],
  ['jsonencode of a trust with Principal {AWS = "*"}', 'CKV_AWS_60', trust('${jsonencode({ Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "sts:AssumeRole" }] })}'), trust('${jsonencode({ Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })}')],
];

describe.each(ROWS)('%s (%s)', (_what, id, flagged, compliant) => {
  test(`fails when written this way: ${id} flags it`, () => {
    expect(failing(flagged[0], flagged[1])).toContain(id);
  });
  test(`the equivalent compliant form passes ${id}`, () => {
    expect(failing(compliant[0], compliant[1])).not.toContain(id);
  });
});

describe('policies that reach rules through locals and policy documents', () => {
  const open = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
  const narrow = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::app/*' }] };

  test('fails when the policy is a local holding jsonencode() or literal JSON', () => {
    expect(failing('aws_iam_policy', { policy: '${local.p}' }, { locals: { p: '${jsonencode({ Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })}' } })).toContain('CKV_AWS_62');
    expect(failing('aws_iam_policy', { policy: '${jsonencode(local.p)}' }, { locals: { p: open } })).toContain('CKV_AWS_62');
    expect(failing('aws_iam_policy', { policy: '${jsonencode(local.p)}' }, { locals: { p: narrow } })).toEqual([]);
  });

  test('locals that use the same locals many times are read in linear time', () => {
    const locals: Json = { l0: { Effect: 'Allow', Action: '*', Resource: '*' } };
    for (let i = 1; i <= 10; i++) locals[`l${i}`] = `\${[local.l${i - 1}, local.l${i - 1}]}`;
    const start = Date.now();
    expect(failing('aws_iam_policy', { policy: '${jsonencode({ Statement = flatten([local.l10]) })}' }, { locals })).toContain('CKV_AWS_62');
    expect(Date.now() - start).toBeLessThan(10000);
  });

  test('fails when a policy document repeats a condition (test and variable): the provider merges the values, so a wildcard in either admits', () => {
    const cond = (values: string[]) => ({ test: 'StringLike', variable: `${ISSUER}:sub`, values });
    const data = (...conditions: object[]) => ({ aws_iam_policy_document: { t: { statement: [{ actions: ['sts:AssumeRoleWithWebIdentity'], principals: [{ type: 'Federated', identifiers: [OIDC] }], condition: [{ test: 'StringEquals', variable: `${ISSUER}:aud`, values: ['sts.amazonaws.com'] }, ...conditions] }] } } });
    const body = { name: 'app', assume_role_policy: '${data.aws_iam_policy_document.t.json}' };
    expect(failing('aws_iam_role', body, { data: data(cond(['system:serviceaccount:*']), cond(['system:serviceaccount:payments:api'])) })).toContain('BPG-IRSA-SUB');
    expect(failing('aws_iam_role', body, { data: data(cond(['system:serviceaccount:payments:worker']), cond(['system:serviceaccount:payments:api'])) })).not.toContain('BPG-IRSA-SUB');
  });

  test('fails when a policy document generates statements with a dynamic block: expanded when for_each is literal, reported unresolved otherwise, never read as empty', () => {
    const body = { policy: '${data.aws_iam_policy_document.d.json}' };
    const dynamic = (forEach: unknown) => ({ aws_iam_policy_document: { d: { dynamic: { statement: { for_each: forEach, content: { actions: ['${statement.value}'], resources: ['*'] } } } } } });
    const nested = (forEach: unknown) => ({ aws_iam_policy_document: { d: { statement: [{ actions: ['s3:GetObject'], resources: ['*'], dynamic: { principals: { for_each: forEach, content: { type: 'AWS', identifiers: ['${principals.value}'] } } } }] } } });
    expect(failing('aws_iam_policy', body, { data: dynamic(['*']) })).toContain('CKV_AWS_62');
    expect(failing('aws_iam_policy', body, { data: dynamic('${var.actions}') })).toContain('POLICY-UNRESOLVED');
    expect(failing('aws_iam_policy', body, { data: nested('${var.accounts}') })).toContain('POLICY-UNRESOLVED');
    expect(failing('aws_iam_policy', body, { data: { aws_iam_policy_document: { d: { statement: [{ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::app/*'] }] } } } })).toEqual([]);
  });

  test('fails when a role generates its inline policies with dynamic "inline_policy": reported unresolved, never read as none', () => {
    const roleWith = (extra: Json) => documentOf({ resource: { aws_iam_role: { x: { name: 'app', assume_role_policy: doc({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }), ...extra } } } }, 's', 's.tf.json');
    const warned = (extra: Json) => runRules(RULES, [roleWith(extra)]).findings.filter((f) => f.ruleId === 'POLICY-UNRESOLVED').map((f) => f.address);
    expect(warned({ dynamic: { inline_policy: { for_each: ['*'], content: { name: 'x', policy: '${jsonencode({ Statement = [{ Effect = "Allow", Action = inline_policy.value, Resource = "*" }] })}' } } } })).toEqual(['aws_iam_role.x.inline_policy[0]']);
    expect(warned({ inline_policy: [{ name: 'x', policy: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::app/*' }) }] })).toEqual([]);
  });

  test('fails when an aws_iam_policy_document merges an open source or override document', () => {
    const data = (extra: Json) => ({ aws_iam_policy_document: { base: { statement: [{ sid: 'Read', actions: ['s3:GetObject'], resources: ['arn:aws:s3:::app/*'] }], ...extra }, open: { statement: [{ sid: 'Read', actions: ['*'], resources: ['*'] }] } } });
    const body = { policy: '${data.aws_iam_policy_document.base.json}' };
    expect(failing('aws_iam_policy', body, { data: data({ source_policy_documents: [JSON.stringify(open)] }) })).toContain('CKV_AWS_62');
    expect(failing('aws_iam_policy', body, { data: data({ override_policy_documents: ['${data.aws_iam_policy_document.open.json}'] }) })).toContain('CKV_AWS_62');
    // A source statement with the document's own sid is replaced by it: the open grant is gone.
    expect(failing('aws_iam_policy', body, { data: data({ source_policy_documents: ['${data.aws_iam_policy_document.open.json}'] }) })).toEqual([]);
    expect(failing('aws_iam_policy', body, { data: data({}) })).toEqual([]);
  });

  test('documents that merge the same documents many times are read in linear time', () => {
    const docs: Json = { d0: { statement: [{ actions: ['*'], resources: ['*'] }] } };
    for (let i = 1; i <= 30; i++) docs[`d${i}`] = { source_policy_documents: ['${data.aws_iam_policy_document.d' + (i - 1) + '.json}', '${data.aws_iam_policy_document.d' + (i - 1) + '.json}'] };
    const start = Date.now();
    expect(failing('aws_iam_policy', { policy: '${data.aws_iam_policy_document.d30.json}' }, { data: { aws_iam_policy_document: docs } })).toEqual(['POLICY-UNRESOLVED']);
    expect(Date.now() - start).toBeLessThan(5000);
  });

  test('fails when a document merges one it cannot read, or refers to itself: POLICY-UNRESOLVED, never a pass', () => {
    const body = { policy: '${data.aws_iam_policy_document.base.json}' };
    expect(failing('aws_iam_policy', body, { data: { aws_iam_policy_document: { base: { source_policy_documents: ['${var.extra}'] } } } })).toEqual(['POLICY-UNRESOLVED']);
    expect(failing('aws_iam_policy', body, { data: { aws_iam_policy_document: { base: { source_policy_documents: ['${data.aws_iam_policy_document.base.json}'] } } } })).toEqual(['POLICY-UNRESOLVED']);
  });
});

describe('a permissions boundary caps, it does not grant', () => {
  const boundary = { name: 'app-boundary', policy: doc({ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' }) };
  const role = { name: 'app', assume_role_policy: doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }), permissions_boundary: '${aws_iam_policy.x.arn}' };
  test('a policy only used as a boundary is not read as a grant', () => {
    expect(failing('aws_iam_policy', boundary, { resource: { aws_iam_role: { app: role } } })).toEqual([]);
    expect(failing('aws_iam_policy', boundary, { resource: { aws_iam_role: { app: { ...role, permissions_boundary: 'arn:aws:iam::111122223333:policy/app-boundary' } } } })).toEqual([]);
  });
  test('fails when the boundary is also attached, by reference or by ARN', () => {
    expect(failing('aws_iam_policy', boundary, { resource: { aws_iam_role: { app: role }, aws_iam_role_policy_attachment: { a: { role: 'app', policy_arn: '${aws_iam_policy.x.arn}' } } } })).toContain('CKV_AWS_62');
    expect(failing('aws_iam_policy', boundary, { resource: { aws_iam_role: { app: role }, aws_iam_user_policy_attachments_exclusive: { a: { user_name: 'u', policy_arns: ['arn:aws:iam::111122223333:policy/app-boundary'] } } } })).toContain('CKV_AWS_63');
  });
});

describe('what cannot be evaluated is reported (POLICY-UNRESOLVED), with the reason', () => {
  test.each([
    ['jsonencode of a variable', '${jsonencode(var.policy)}', /var\.policy/],
    ['another function', '${file("policy.json")}', /function file\(\)/],
    ['a list function of a reference', '${jsonencode({ Statement = concat(var.extra, []) })}', /concat\(\) of \$\{var\.extra\}/],
    ['a function named like an object property', '${jsonencode({ Statement = constructor([]) })}', /constructor\(\)/],
    ['a for expression', '${jsonencode({ Statement = [for s in var.s : s] })}', /for expression/],
    ['a conditional', '${var.open ? "{}" : "{}"}', /operator/],
    ['a template directive in a string', '${jsonencode({ Statement = [{ Effect = "%{if true}Allow%{endif}", Action = "*", Resource = "*" }] })}', /directive/],
    ['a reference to a missing document', '${data.aws_iam_policy_document.nowhere.json}', /nowhere/],
    ['a plain reference', '${aws_iam_policy.other.policy}', /cannot be evaluated/],
  ])('fails when the policy is %s', (_what, policy, reason) => {
    const doc = documentOf({ resource: { aws_iam_policy: { x: { policy } } } }, 's', 's.tf.json');
    const found = runRules(RULES, [doc]).findings.filter((f) => f.address === 'aws_iam_policy.x');
    expect(found.map((f) => [f.ruleId, f.severity])).toEqual([['POLICY-UNRESOLVED', 'warning']]);
    expect(found[0].message).toMatch(reason);
  });

  test('fails when a principal or resource is wholly an input (it may be *); a resource reference is one resource and passes', () => {
    expect(failing('aws_iam_role', { assume_role_policy: doc({ Effect: 'Allow', Principal: { AWS: '${var.trusted}' }, Action: 'sts:AssumeRole' }) })).toEqual(['POLICY-UNRESOLVED']);
    expect(failing('aws_iam_policy', { policy: '${jsonencode({ Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = local.bucket }] })}' })).toEqual(['POLICY-UNRESOLVED']);
    expect(failing('aws_iam_policy', { policy: '${jsonencode({ Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "${aws_s3_bucket.b.arn}/*" }] })}' })).toEqual([]);
  });

  test('fails when an action is an expression: analysed for the rest, and the unknown action reported', () => {
    const found = failing('aws_iam_policy', { policy: '${jsonencode({ Statement = [{ Effect = "Allow", Action = var.actions, Resource = "*" }, { Effect = "Allow", Action = "*", Resource = "*" }] })}' });
    expect(found).toEqual(expect.arrayContaining(['POLICY-UNRESOLVED', 'CKV_AWS_62']));
  });
});

describe('the normalisers', () => {
  test('HCL literals: objects, tuples, escapes, heredocs, numbers, bools, null; references stay opaque', () => {
    expect(evaluateHcl('{ a = [1, -2.5e1, true, false, null], "b": "x\\ty$${z}%%{w}", c = <<-EOT\n    line $${v}\n    EOT\n }')).toEqual({ a: [1, -25, true, false, null], b: 'x\ty${z}%{w}', c: 'line ${v}\n' });
    expect(evaluateHcl('aws_s3_bucket.b.arn')).toEqual(new Opaque('${aws_s3_bucket.b.arn}'));
    expect(evaluateHcl('"${var.x}/*"')).toEqual(new Opaque('${var.x}/*'));
    expect(evaluateHcl('jsonencode({ a = [1] })')).toBe('{"a":[1]}');
    expect(evaluateHcl('concat([1], tolist([2]))')).toEqual([1, 2]);
    expect(() => evaluateHcl('upper("a")')).toThrow(Unresolved);
    expect(() => evaluateHcl('{ a = "unterminated }')).toThrow(Unresolved);
    expect(() => evaluateHcl('[for x in y : x]')).toThrow(/for expression/);
  });

  test('condition operators: base, negation, IfExists and set qualifier', () => {
    expect(parseOperator('ForAnyValue:StringNotLikeIfExists')).toEqual({ base: 'StringLike', negated: true, ifExists: true, set: 'ForAnyValue' });
    expect(parseOperator('NotIpAddress')).toEqual({ base: 'IpAddress', negated: true, ifExists: false, set: undefined });
    expect(parseOperator('ArnNotEquals')).toEqual({ base: 'ArnEquals', negated: true, ifExists: false, set: undefined });
    expect(parseOperator('stringequalsignorecase')).toEqual({ base: 'StringEqualsIgnoreCase', negated: false, ifExists: false, set: undefined });
    expect(parseOperator('Null')).toEqual({ base: 'Null', negated: false, ifExists: false, set: undefined });
  });

  test('a long policy with many wildcards is read in linear time', () => {
    const Statement = Array.from({ length: 2000 }, (_, i) => ({ Effect: 'Allow', Action: `s3:${'*a'.repeat(20)}${i}`, Resource: `arn:aws:s3:::${'*b'.repeat(20)}` }));
    const start = Date.now();
    failing('aws_iam_policy', { policy: JSON.stringify({ Statement }) });
    expect(Date.now() - start).toBeLessThan(20000);
  });
});
