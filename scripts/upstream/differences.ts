/**
 * Where eksguard's verdict on an upstream fixture differs from upstream's, and why. Two lists:
 *
 * - DIFFERENCES: deliberate. eksguard is right and upstream is not (AWS semantics upstream gets
 *   wrong, a fixture that is not valid Terraform or IAM), or eksguard is deliberately stricter. Each
 *   reason names what a reviewer can check in the fixture.
 * - KNOWN_GAPS: eksguard bugs, pending fixes (IAM normalisation, network normalisation, attachments).
 *   The corpus test prints them loudly and fails when an entry goes stale (eksguard now agrees, or
 *   says something else): remove the entry when the fix lands.
 *
 * Keys: the eksguard rule, the fixture (relative to test/data/upstream) and the upstream address
 * (`<any resource>` for a trivy bad example).
 */
import type { Verdict } from './corpus';

export interface Difference {
  readonly rule: string;
  readonly fixture: string;
  readonly address: string;
  /** eksguard's verdict, which differs from upstream's. */
  readonly eksguard: Verdict;
  readonly why: string;
}

export interface Gap {
  readonly rule: string;
  readonly fixture: string;
  readonly address: string;
  readonly eksguard: Verdict;
  /** Diagnosis of the cause, for the engineer fixing it. */
  readonly cause: string;
}

const NOT_HCL_FALSE =
  'upstream writes `endpoint_public_access = False`: `False` is not an HCL literal but a reference to nothing (Terraform rejects the file; the converted fixture holds "${False}"); checkov\'s Python parser reads it as false. eksguard does not guess a value it cannot resolve and keeps the endpoint public (fail-closed)';
const INVALID_JSON =
  'the heredoc policy is not valid JSON (a trailing comma before `]`; check the fixture string): IAM rejects it, checkov parses it leniently; eksguard reports it as POLICY-UNRESOLVED instead of guessing a verdict';
const UNUSED_DOCUMENT =
  'the data source grants nothing by itself and no resource in the fixture uses it (grep the fixture for its address); eksguard judges a policy document where a policy, role or attachment uses it, and reports it there';

export const DIFFERENCES: readonly Difference[] = [
  {
    rule: 'CKV_AWS_24',
    fixture: 'checkov/CKV_AWS_24/SecurityGroupUnrestrictedIngress22.tf.json',
    address: 'aws_security_group.pass_self2',
    eksguard: 'fail',
    why: 'AWS semantics upstream gets wrong: the ingress rule on port 22 has `self = true` and `cidr_blocks = ["0.0.0.0/0"]`; EC2 admits every source a rule lists, so the group itself and the whole internet reach SSH. checkov treats `self` as making the rule safe and passes it',
  },
  {
    rule: 'CKV_AWS_88',
    fixture: 'checkov/CKV_AWS_88/EC2PublicIP.tf.json',
    address: 'aws_instance.public_foreach_loop_list',
    eksguard: 'fail',
    why: 'associate_public_ip_address = each.value with for_each = a `for` expression over a variable: eksguard evaluates each.value over literal for_each values (variable defaults and locals included) but not `for` expressions, and fails closed on a public-IP setting only a plan resolves (the message says to check the plan). checkov evaluates this one to "k"/"v" (not true); Terraform itself rejects for_each over a list, so the fixture does not plan',
  },
  {
    rule: 'CKV_AWS_393',
    fixture: 'checkov/CKV_AWS_393/GithubActionsOIDCTrustPolicyOnRole.tf.json',
    address: 'aws_iam_role.pass-gh-org',
    eksguard: 'fail',
    why: 'the trust names the provider token.actions.githubusercontent.com but puts its sub condition on the key of another issuer, token.actions.githubusercontent.com/github-org (an enterprise\'s own issuer URL, which is a different IAM OIDC provider). IAM puts only the trusted provider\'s claims in the request, so that condition never constrains this provider\'s tokens: as a constraint on who may assume the role it is absent (and the role works for nobody). checkov matches the key by its suffix and passes it; eksguard reads claims only under the trusted provider\'s issuer and flags the trust as one with no repository subject',
  },
  { rule: 'CKV_AWS_39', fixture: 'checkov/CKV_AWS_39/EKSPublicAccess.tf.json', address: 'aws_eks_cluster.disabled', eksguard: 'fail', why: NOT_HCL_FALSE },
  { rule: 'CKV_AWS_38', fixture: 'checkov/CKV_AWS_38/EKSPublicAccessCIDR.tf.json', address: 'aws_eks_cluster.disabled', eksguard: 'fail', why: NOT_HCL_FALSE },
  {
    rule: 'CKV_AWS_382',
    fixture: 'checkov/CKV_AWS_382/SecurityGroupUnrestrictedEgressAny.tf.json',
    address: 'aws_security_group.pass',
    eksguard: 'fail',
    why: 'AWS semantics upstream gets wrong: the egress rule has protocol "-1" (all traffic) to 0.0.0.0/0 with from_port 20 / to_port 200; for protocol -1 the EC2 API ignores the port range (the AWS provider documents that from_port and to_port must then be 0), so this rule opens all egress to the internet. checkov reads the port range and passes it',
  },
  { rule: 'CKV_AWS_33', fixture: 'checkov/CKV_AWS_33/KMSKeyWildcardPrincipal.tf.json', address: 'aws_kms_key.fail_0', eksguard: 'unresolved', why: INVALID_JSON },
  { rule: 'CKV_AWS_355', fixture: 'checkov/CKV_AWS_290/IAMWriteAccess.tf.json', address: 'aws_iam_policy.fail', eksguard: 'unresolved', why: INVALID_JSON },
  { rule: 'CKV_AWS_355', fixture: 'checkov/CKV_AWS_356/ResourcePolicyDocument.tf.json', address: 'data.aws_iam_policy_document.fail', eksguard: 'pass', why: UNUSED_DOCUMENT },
  { rule: 'CKV2_AWS_40', fixture: 'checkov/CKV2_AWS_40/IAMPolicyNotAllowFullIAMAccess.tf.json', address: 'data.aws_iam_policy_document.fail1', eksguard: 'pass', why: UNUSED_DOCUMENT },
  {
    rule: 'CKV2_AWS_56',
    fixture: 'checkov/CKV2_AWS_56/IAMManagedIAMFullAccessPolicy.tf.json',
    address: 'data.aws_iam_policy.name_fail1',
    eksguard: 'pass',
    why: 'a `data "aws_iam_policy"` lookup of IAMFullAccess by name attaches it to nobody and nothing in the fixture uses it; eksguard flags the attachment that grants it (fail3, fail3a, fail6 here), not the lookup',
  },
  {
    rule: 'CKV2_AWS_56',
    fixture: 'checkov/CKV2_AWS_56/IAMManagedIAMFullAccessPolicy.tf.json',
    address: 'data.aws_iam_policy.arn_fail2',
    eksguard: 'pass',
    why: 'a `data "aws_iam_policy"` lookup of IAMFullAccess by ARN attaches it to nobody and nothing in the fixture uses it; eksguard flags the attachment that grants it, not the lookup',
  },
];


export const KNOWN_GAPS: readonly Gap[] = [];
