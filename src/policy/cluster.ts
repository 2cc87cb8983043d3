/**
 * Policies of the cluster itself: service-role trusts, the secrets key policy, the permissions
 * boundary every eksguard role carries, the break-glass trust and the Pod Identity trust. Pure.
 */
import { dnsSuffixOf, parseArn } from '../aws/arn';
import { AwsContext, PolicyDocument, Statement } from './document';

export const POD_IDENTITY_SERVICE = 'pods.eks.amazonaws.com';

/** Session tags EKS Pod Identity sets on every session (unless disabled), for ABAC conditions. */
export const POD_SESSION_TAGS = {
  namespace: 'aws:PrincipalTag/kubernetes-namespace',
  serviceAccount: 'aws:PrincipalTag/kubernetes-service-account',
  clusterName: 'aws:PrincipalTag/eks-cluster-name',
} as const;

export function awsManagedPolicyArn(partition: string, name: string): string {
  return `arn:${partition}:iam::aws:policy/${name}`;
}

export function accessPolicyArn(partition: string, name: string): string {
  return `arn:${partition}:eks::aws:cluster-access-policy/${name}`;
}

/** Trust for an AWS service role (`eks.amazonaws.com`, `ec2.amazonaws.com`). */
export function serviceTrust(partition: string, service: string, actions: string[]): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: `${service}.${dnsSuffixOf(partition)}` }, Action: actions.length === 1 ? actions[0] : actions }],
  };
}

export interface PodIdentityTrustProps {
  readonly accountId: string;
  /** The cluster ARN (literal, or a Terraform reference in the same stack). */
  readonly clusterArn: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  /** Sessions carry no tags (the association disables them): only the account can be checked. @default false */
  readonly sessionTagsDisabled?: boolean;
}

/**
 * Pod Identity trust: `pods.eks.amazonaws.com` may `sts:AssumeRole` + `sts:TagSession` on behalf
 * of this account (`aws:SourceAccount`), and only for this cluster, namespace and service account:
 * the session tags EKS sets on the request (`aws:RequestTag/eks-cluster-arn`,
 * `kubernetes-namespace`, `kubernetes-service-account`), as the EKS user guide documents. EKS sets
 * no documented `aws:SourceArn` for this principal, and conditions on it are reported to break
 * credential vending, so the cluster is pinned through its tag instead.
 */
export function podIdentityTrust(props: PodIdentityTrustProps): PolicyDocument {
  const tags: Record<string, string> = props.sessionTagsDisabled
    ? {}
    : {
        'aws:RequestTag/eks-cluster-arn': props.clusterArn,
        'aws:RequestTag/kubernetes-namespace': props.namespace,
        'aws:RequestTag/kubernetes-service-account': props.serviceAccount,
      };
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: POD_IDENTITY_SERVICE },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Condition: { StringEquals: { 'aws:SourceAccount': props.accountId, ...tags } },
      },
    ],
  };
}

const KEY_ADMIN_ACTIONS = [
  'kms:CancelKeyDeletion', 'kms:CreateAlias', 'kms:Delete*', 'kms:Describe*', 'kms:Disable*', 'kms:Enable*', 'kms:Get*',
  'kms:List*', 'kms:Put*', 'kms:Revoke*', 'kms:RotateKeyOnDemand', 'kms:ScheduleKeyDeletion', 'kms:TagResource',
  'kms:UntagResource', 'kms:Update*',
];

export interface ClusterKeyPolicyProps {
  readonly ctx: AwsContext;
  readonly clusterName: string;
  /** Principals that administer the key (no data use through this policy). */
  readonly administratorArns: readonly string[];
  /** The cluster role (a reference, so the role exists before KMS validates the policy). */
  readonly clusterRoleArn: string;
}

/**
 * The key policy of a cluster's secrets key. No account-root statement: IAM policies cannot widen
 * it, only the principals named here act on the key. Administrators manage it (they get no data
 * actions here, though as owners of the policy they could change that, which CloudTrail records)
 * and create grants only for AWS services such as EKS; the cluster role encrypts and decrypts
 * Kubernetes secrets; CloudWatch Logs encrypts this cluster's log group.
 */
export function clusterKeyPolicy(props: ClusterKeyPolicyProps): PolicyDocument {
  const { ctx } = props;
  const logGroupArn = `arn:${ctx.partition}:logs:${ctx.region}:${ctx.accountId}:log-group:${controlPlaneLogGroupName(props.clusterName)}`;
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'KeyAdministration', Effect: 'Allow', Principal: { AWS: [...props.administratorArns].sort() }, Action: KEY_ADMIN_ACTIONS, Resource: '*' },
      {
        // Creating the cluster makes EKS create a grant for it in the creator's name.
        Sid: 'GrantsForAwsServices',
        Effect: 'Allow',
        Principal: { AWS: [...props.administratorArns].sort() },
        Action: 'kms:CreateGrant',
        Resource: '*',
        Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
      },
      {
        Sid: 'ClusterSecretsEncryption',
        Effect: 'Allow',
        Principal: { AWS: props.clusterRoleArn },
        Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:ListGrants'],
        Resource: '*',
      },
      {
        Sid: 'ControlPlaneLogEncryption',
        Effect: 'Allow',
        Principal: { Service: `logs.${ctx.region}.${dnsSuffixOf(ctx.partition)}` },
        Action: ['kms:Decrypt*', 'kms:Describe*', 'kms:Encrypt*', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
        Resource: '*',
        Condition: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': logGroupArn } },
      },
    ],
  };
}

/** Where EKS writes control-plane logs; eksguard creates it first, with retention and encryption. */
export function controlPlaneLogGroupName(clusterName: string): string {
  return `/aws/eks/${clusterName}/cluster`;
}

/** Name of the boundary eksguard creates for a cluster's roles. */
export function boundaryPolicyName(clusterName: string): string {
  return `${clusterName}-eksguard-boundary`;
}

/** The boundary every role of a cluster carries: the configured one (`iam.permissionsBoundary`), or the one eksguard creates. */
export function boundaryArnFor(ctx: AwsContext, configured: { readonly arn: string } | undefined, clusterName: string, path: string): string {
  return configured?.arn ?? `arn:${ctx.partition}:iam::${ctx.accountId}:policy${path}${boundaryPolicyName(clusterName)}`;
}

/**
 * AWS managed policies that cap next to nothing when used as a permissions boundary (a boundary
 * only limits: the role's own policies then decide alone), by policy name, with what they leave
 * open compared with eksguard's boundary. Documents: AWS Managed Policy Reference.
 */
const PERMISSIVE_AWS_MANAGED_POLICIES: Readonly<Record<string, string>> = {
  // { Effect: Allow, Action: "*", Resource: "*" }
  AdministratorAccess: 'allows every action on every resource, so as a boundary it limits nothing',
  // { Effect: Allow, NotAction: [iam:*, organizations:*, account:*], Resource: "*" } plus a few IAM reads
  PowerUserAccess: 'allows every action outside IAM, Organizations and Account, so as a boundary it limits almost nothing: role chaining (sts:AssumeRole) included',
};

/** What a boundary ARN leaves open when it is one of the AWS managed policies that cap next to nothing. */
export function permissiveBoundaryNote(boundaryArn: string): string | undefined {
  const arn = parseArn(boundaryArn);
  if (arn.account !== 'aws' || !arn.resource.startsWith('policy/')) return undefined;
  const name = arn.resource.slice(arn.resource.lastIndexOf('/') + 1);
  const note = PERMISSIVE_AWS_MANAGED_POLICIES[name];
  return note === undefined ? undefined : `${name} is an AWS managed policy that ${note}`;
}

/** Service-linked roles the cluster role may create (load balancers of in-tree Services). */
const SERVICE_LINKED_ROLES = ['elasticloadbalancing.amazonaws.com'];

/**
 * The permissions boundary of every role eksguard creates. It allows everything outside IAM, STS
 * role assumption and Organizations, so each role's own policy decides; and it denies, explicitly,
 * the ways a compromised pod or node would widen its access: IAM writes (new keys, users, policies,
 * roles, PassRole), assuming further roles, and organization or account changes. The one role
 * chain it admits is an EKS Pod Identity target role named in the config.
 */
export function permissionsBoundaryPolicy(partition: string, podIdentityTargetRoleArns: readonly string[] = []): PolicyDocument {
  const iamWrites = [
    'iam:Add*', 'iam:Attach*', 'iam:ChangePassword', 'iam:CreateAccessKey', 'iam:CreateGroup', 'iam:CreateInstanceProfile',
    'iam:CreateLoginProfile', 'iam:CreateOpenIDConnectProvider', 'iam:CreatePolicy', 'iam:CreatePolicyVersion', 'iam:CreateRole',
    'iam:CreateSAMLProvider', 'iam:CreateServiceSpecificCredential', 'iam:CreateUser', 'iam:CreateVirtualMFADevice', 'iam:Delete*',
    'iam:Detach*', 'iam:PassRole', 'iam:Put*', 'iam:Remove*', 'iam:Reset*', 'iam:Set*', 'iam:Tag*', 'iam:Untag*', 'iam:Update*',
    'iam:Upload*',
  ];
  const chains = ['sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity', 'sts:GetFederationToken'];
  const targets = [...new Set(podIdentityTargetRoleArns)].sort();
  const statements: Statement[] = [
    // NotAction: everything except what the statements below deny (never `Allow *`).
    { Sid: 'AllowOutsideIdentityAdministration', Effect: 'Allow', NotAction: ['account:*', 'iam:*', 'organizations:*', ...chains], Resource: '*' },
    {
      Sid: 'AllowServiceLinkedRoles',
      Effect: 'Allow',
      Action: 'iam:CreateServiceLinkedRole',
      Resource: `arn:${partition}:iam::*:role/aws-service-role/*`,
      Condition: { StringEquals: { 'iam:AWSServiceName': SERVICE_LINKED_ROLES } },
    },
    { Sid: 'DenyIamWrites', Effect: 'Deny', Action: iamWrites, Resource: '*' },
    // EKS Pod Identity target roles are the one chain allowed: EKS assumes them with the workload's role.
    ...(targets.length > 0 ? [{ Sid: 'AllowPodIdentityTargetRoles', Effect: 'Allow' as const, Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: targets }] : []),
    targets.length > 0
      ? { Sid: 'DenyRoleChaining', Effect: 'Deny', Action: chains, NotResource: targets }
      : { Sid: 'DenyRoleChaining', Effect: 'Deny', Action: chains, Resource: '*' },
    { Sid: 'DenyOrganizationAndAccountChanges', Effect: 'Deny', Action: ['account:*', 'organizations:*'], Resource: '*' },
  ];
  return { Version: '2012-10-17', Statement: statements };
}

export interface BreakGlassTrustProps {
  readonly trustedPrincipalArns: readonly string[];
  readonly maxMfaAgeSeconds: number;
}

/** Trust of the break-glass role: named principals only, with MFA of bounded age. */
export function breakGlassTrust(props: BreakGlassTrustProps): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: [...props.trustedPrincipalArns].sort() },
        Action: 'sts:AssumeRole',
        Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' }, NumericLessThan: { 'aws:MultiFactorAuthAge': String(props.maxMfaAgeSeconds) } },
      },
    ],
  };
}
