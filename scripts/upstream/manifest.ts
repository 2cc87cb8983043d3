/**
 * Which upstream check each eksguard rule is compared with. One row per (eksguard rule, upstream
 * check): an eksguard rule that covers several upstream ids (CKV_AWS_355 covers CKV_AWS_356/287/288/
 * 289/290, CKV_AWS_24 covers CKV_AWS_25) has one row per upstream id. Ids were checked in the upstream
 * sources at the commits recorded in test/data/upstream/SOURCES.md (`id = "…"` in checkov's check
 * class or graph YAML; `custom.id` in trivy's Rego metadata).
 */

export interface CheckovRow {
  readonly rule: string;
  readonly upstream: 'checkov';
  readonly upstreamId: string;
  /** `resource` and `data`: `tests/terraform/checks/<kind>/aws/test_<check>.py`; `graph`: `tests/terraform/graph/checks/resources/<check>/`. */
  readonly kind: 'resource' | 'data' | 'graph';
  readonly check: string;
  /** The resource type of the test's Python dict configurations, when the test does not name one (`entity_type=`). */
  readonly inlineType?: string;
}

export interface TrivyRow {
  readonly rule: string;
  readonly upstream: 'trivy';
  readonly upstreamId: string;
  /** The Rego file under checks/cloud/aws whose metadata has `custom.id` = upstreamId. */
  readonly check: string;
}

export type ManifestRow = CheckovRow | TrivyRow;

const ckv = (rule: string, upstreamId: string, check: string, kind: CheckovRow['kind'] = 'resource', inlineType?: string): CheckovRow => ({ rule, upstream: 'checkov', upstreamId, kind, check, ...(inlineType === undefined ? {} : { inlineType }) });
const trivy = (rule: string, check: string): TrivyRow => ({ rule, upstream: 'trivy', upstreamId: rule, check });

export const MANIFEST: readonly ManifestRow[] = [
  ckv('CKV2_AWS_12', 'CKV2_AWS_12', 'VPCHasRestrictedSG', 'graph'),
  ckv('CKV2_AWS_40', 'CKV2_AWS_40', 'IAMPolicyNotAllowFullIAMAccess', 'graph'),
  ckv('CKV2_AWS_56', 'CKV2_AWS_56', 'IAMManagedIAMFullAccessPolicy', 'graph'),
  ckv('CKV2_AWS_64', 'CKV2_AWS_64', 'KmsKeyPolicyIsDefined', 'graph'),
  ckv('CKV_AWS_100', 'CKV_AWS_100', 'EKSNodeGroupRemoteAccess'),
  ckv('CKV_AWS_158', 'CKV_AWS_158', 'CloudWatchLogGroupKMSKey'),
  ckv('CKV_AWS_227', 'CKV_AWS_227', 'KMSKeyIsEnabled'),
  ckv('CKV_AWS_23', 'CKV_AWS_23', 'SecurityGroupRuleDescription'),
  ckv('CKV_AWS_24', 'CKV_AWS_24', 'SecurityGroupUnrestrictedIngress22'),
  ckv('CKV_AWS_24', 'CKV_AWS_25', 'SecurityGroupUnrestrictedIngress3389'),
  ckv('CKV_AWS_260', 'CKV_AWS_260', 'SecurityGroupUnrestrictedIngress80'),
  ckv('CKV_AWS_274', 'CKV_AWS_274', 'IAMManagedAdminPolicy'),
  ckv('CKV_AWS_277', 'CKV_AWS_277', 'SecurityGroupUnrestrictedIngressAny'),
  ckv('CKV_AWS_286', 'CKV_AWS_286', 'IAMPrivilegeEscalation'),
  ckv('CKV_AWS_33', 'CKV_AWS_33', 'KMSKeyWildcardPrincipal'),
  ckv('CKV_AWS_339', 'CKV_AWS_339', 'EKSPlatformVersion'),
  ckv('CKV_AWS_341', 'CKV_AWS_341', 'LaunchTemplateMetadataHop'),
  ckv('CKV_AWS_355', 'CKV_AWS_355', 'IAMStarResourcePolicyDocument'),
  ckv('CKV_AWS_355', 'CKV_AWS_356', 'ResourcePolicyDocument', 'data'),
  ckv('CKV_AWS_355', 'CKV_AWS_287', 'IAMCredentialsExposure'),
  ckv('CKV_AWS_355', 'CKV_AWS_288', 'IAMDataExfiltration'),
  ckv('CKV_AWS_355', 'CKV_AWS_289', 'IAMPermissionsManagement'),
  ckv('CKV_AWS_355', 'CKV_AWS_290', 'IAMWriteAccess'),
  ckv('CKV_AWS_37', 'CKV_AWS_37', 'EKSControlPlaneLogging', 'resource', 'aws_eks_cluster'),
  ckv('CKV_AWS_38', 'CKV_AWS_38', 'EKSPublicAccessCIDR'),
  ckv('CKV_AWS_382', 'CKV_AWS_382', 'SecurityGroupUnrestrictedEgressAny'),
  ckv('CKV_AWS_39', 'CKV_AWS_39', 'EKSPublicAccess'),
  ckv('CKV_AWS_393', 'CKV_AWS_393', 'GithubActionsOIDCTrustPolicyOnRole'),
  ckv('CKV_AWS_46', 'CKV_AWS_46', 'EC2Credentials'),
  ckv('CKV_AWS_58', 'CKV_AWS_58', 'EKSSecretsEncryption', 'resource', 'aws_eks_cluster'),
  ckv('CKV_AWS_60', 'CKV_AWS_60', 'IAMRoleAllowsPublicAssume'),
  ckv('CKV_AWS_61', 'CKV_AWS_61', 'IAMRoleAllowAssumeFromAccount'),
  ckv('CKV_AWS_62', 'CKV_AWS_62', 'IAMAdminPolicyDocument'),
  ckv('CKV_AWS_63', 'CKV_AWS_63', 'IAMStarActionPolicyDocument'),
  ckv('CKV_AWS_66', 'CKV_AWS_66', 'CloudWatchLogGroupRetention'),
  ckv('CKV_AWS_7', 'CKV_AWS_7', 'KMSRotation'),
  ckv('CKV_AWS_79', 'CKV_AWS_79', 'IMDSv1Disabled'),
  ckv('CKV_AWS_88', 'CKV_AWS_88', 'EC2PublicIP'),
  trivy('AWS-0039', 'eks/encrypt_secrets'),
  trivy('AWS-0040', 'eks/no_public_cluster_access'),
  trivy('AWS-0041', 'eks/no_public_cluster_access_to_cidr'),
  trivy('AWS-0057', 'iam/no_policy_wildcards'),
  trivy('AWS-0104', 'ec2/no_public_egress_sgr'),
  trivy('AWS-0130', 'ec2/as_enforce_http_token_imds'),
  trivy('AWS-0342', 'iam/filter_iam_pass_role'),
  trivy('AWS-0345', 'iam/limit_s3_full_access'),
  trivy('AWS-0346', 'iam/unauthorized_bucket_access'),
];
