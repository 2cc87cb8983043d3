/**
 * Every rule of the pack, both sides: the synthesized example is compliant (the rule finds nothing
 * there, apart from the baseline listed), and one change to it makes the rule fail exactly the
 * changed resource.
 */
import { spawnSync } from 'child_process';
import { readdirSync } from 'fs';
import * as path from 'path';
import { documentOf, RULE_IDS, RULES, runRules, TfDocument } from '../../src/rules';
import { exampleInput, stackJson, synthTo } from '../support/synth';

const C = 'production-cluster';
const P = 'production-cluster-platform';
const W = 'production-cluster-workloads';
const out = synthTo(exampleInput());
const base: Record<string, any> = Object.fromEntries([C, P, W].map((s) => [s, stackJson(out, s)]));

type Stacks = Record<string, any>;
const r = (d: Stacks, stack: string, address: string) => {
  const [type, name] = address.split('.');
  return d[stack].resource[type][name];
};
const add = (d: Stacks, stack: string, address: string, body: unknown) => {
  const [type, name] = address.split('.');
  d[stack].resource[type] ??= {};
  d[stack].resource[type][name] = body;
};
/** Edit a policy attribute as a document. */
const pol = (d: Stacks, stack: string, address: string, attribute: string, edit: (doc: any) => void) => {
  const body = r(d, stack, address);
  const doc = JSON.parse(body[attribute]);
  edit(doc);
  body[attribute] = JSON.stringify(doc);
};
const statement = (extra: object) => (doc: any) => doc.Statement.push({ Effect: 'Allow', ...extra });

const IRSA_ROLE = 'aws_iam_role.payments_app-sqs-consumer';
const IRSA_POLICY = 'aws_iam_role_policy.payments_app-sqs-consumer';
const NODES = '${aws_iam_role.nodes.name}';
const ISSUER = '${local.production-cluster_issuer}';

/** [rule, stack of the failing resource, its address, the change]. */
const CASES: Array<[string, string, string, (d: Stacks) => void]> = [
  ['CKV_AWS_39', C, 'aws_eks_cluster.production-cluster', (d) => (r(d, C, 'aws_eks_cluster.production-cluster').vpc_config.endpoint_public_access = true)],
  ['AWS-0040', C, 'aws_eks_cluster.production-cluster', (d) => delete r(d, C, 'aws_eks_cluster.production-cluster').vpc_config.endpoint_public_access],
  ['CKV_AWS_38', C, 'aws_eks_cluster.production-cluster', (d) => (r(d, C, 'aws_eks_cluster.production-cluster').vpc_config.endpoint_public_access = true)],
  ['AWS-0041', C, 'aws_eks_cluster.production-cluster', (d) => Object.assign(r(d, C, 'aws_eks_cluster.production-cluster').vpc_config, { endpoint_public_access: true, public_access_cidrs: ['203.0.113.0/24'] })],
  ['CIS-5.4.2', C, 'aws_eks_cluster.production-cluster', (d) => (r(d, C, 'aws_eks_cluster.production-cluster').vpc_config.endpoint_private_access = false)],
  ['CIS-5.4.1', C, 'aws_eks_cluster.production-cluster', (d) => (r(d, C, 'aws_eks_cluster.production-cluster').vpc_config.endpoint_private_access = false)],
  ['CKV_AWS_58', C, 'aws_eks_cluster.production-cluster', (d) => (r(d, C, 'aws_eks_cluster.production-cluster').encryption_config.resources = [])],
  ['AWS-0039', C, 'aws_eks_cluster.production-cluster', (d) => (r(d, C, 'aws_eks_cluster.production-cluster').encryption_config.provider = {})],
  ['CIS-5.3.1', C, 'aws_eks_cluster.production-cluster', (d) => (r(d, C, 'aws_eks_cluster.production-cluster').encryption_config.provider.key_arn = 'alias/aws/eks')],
  ['CKV_AWS_37', C, 'aws_eks_cluster.production-cluster', (d) => (r(d, C, 'aws_eks_cluster.production-cluster').enabled_cluster_log_types = ['api'])],
  ['CKV_AWS_339', C, 'aws_eks_cluster.production-cluster', (d) => (r(d, C, 'aws_eks_cluster.production-cluster').version = '1.27')],
  ['CIS-4.1.7', C, 'aws_eks_cluster.production-cluster', (d) => (r(d, C, 'aws_eks_cluster.production-cluster').access_config.authentication_mode = 'CONFIG_MAP')],
  ['BPG-IAM-CREATOR-ADMIN', C, 'aws_eks_cluster.production-cluster', (d) => (r(d, C, 'aws_eks_cluster.production-cluster').access_config.bootstrap_cluster_creator_admin_permissions = true)],
  ['EKS-PRIVATE-ENDPOINTS', C, 'aws_eks_cluster.production-cluster', (d) => delete d[C].resource.aws_vpc_endpoint.sts],
  ['BPG-ACCESS-ADMIN-SCOPE', C, 'aws_eks_access_policy_association.role_PaymentsReadOnly', (d) => Object.assign(r(d, C, 'aws_eks_access_policy_association.role_PaymentsReadOnly'), { policy_arn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy', access_scope: { type: 'cluster' } })],
  // Edit (or admin) in kube-system reaches the whole cluster through its controllers' service accounts.
  ['BPG-ACCESS-ADMIN-SCOPE', C, 'aws_eks_access_policy_association.role_PaymentsReadOnly', (d) => Object.assign(r(d, C, 'aws_eks_access_policy_association.role_PaymentsReadOnly'), { policy_arn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy', access_scope: { type: 'namespace', namespaces: ['payments', 'kube-system'] } })],
  ['BPG-ACCESS-NS-SCOPE', C, 'aws_eks_access_policy_association.role_PaymentsReadOnly', (d) => (r(d, C, 'aws_eks_access_policy_association.role_PaymentsReadOnly').access_scope.namespaces = ['*'])],
  ['BPG-ACCESS-MASTERS', C, 'aws_eks_access_entry.role_DeveloperRole', (d) => (r(d, C, 'aws_eks_access_entry.role_DeveloperRole').kubernetes_groups = ['system:masters'])],
  ['EKS-ACCESS-PRINCIPAL', C, 'aws_eks_access_entry.role_DeveloperRole', (d) => (r(d, C, 'aws_eks_access_entry.role_DeveloperRole').principal_arn = 'arn:aws:sts::123456789012:assumed-role/Dev/alice')],
  ['CKV_AWS_100', C, 'aws_eks_node_group.general', (d) => (r(d, C, 'aws_eks_node_group.general').remote_access = { ec2_ssh_key: 'ops' })],
  ['BPG-HOSTS-NO-SSH', C, 'aws_eks_node_group.general', (d) => (r(d, C, 'aws_eks_node_group.general').remote_access = { ec2_ssh_key: 'ops', source_security_group_ids: ['sg-0123456789abcdef0'] })],
  ['BPG-NG-LAUNCH-TEMPLATE', C, 'aws_eks_node_group.general', (d) => delete r(d, C, 'aws_eks_node_group.general').launch_template],
  ['CIS-5.4.3', C, 'aws_eks_node_group.general', (d) => {
    add(d, C, 'aws_subnet.public', { vpc_id: 'vpc-1', cidr_block: '10.0.9.0/24', map_public_ip_on_launch: true });
    add(d, C, 'aws_subnet.private', { vpc_id: 'vpc-1', cidr_block: '10.0.8.0/24', map_public_ip_on_launch: false });
    r(d, C, 'aws_eks_node_group.general').subnet_ids = ['${aws_subnet.private.id}', '${aws_subnet.public.id}'];
  }],
  ['CKV_AWS_79', C, 'aws_launch_template.general', (d) => (r(d, C, 'aws_launch_template.general').metadata_options.http_tokens = 'optional')],
  ['AWS-0130', C, 'aws_launch_template.general', (d) => delete r(d, C, 'aws_launch_template.general').metadata_options],
  ['CKV_AWS_341', C, 'aws_launch_template.general', (d) => (r(d, C, 'aws_launch_template.general').metadata_options.http_put_response_hop_limit = 2)],
  ['BPG-IMDS-HOP1', C, 'aws_launch_template.general', (d) => delete r(d, C, 'aws_launch_template.general').metadata_options.http_put_response_hop_limit],
  ['BPG-IMDS-NOT-DISABLED', C, 'aws_launch_template.general', (d) => (r(d, C, 'aws_launch_template.general').metadata_options.http_endpoint = 'disabled')],
  ['CKV_AWS_88', C, 'aws_launch_template.general', (d) => (r(d, C, 'aws_launch_template.general').network_interfaces[0].associate_public_ip_address = 'true')],
  ['CKV_AWS_46', C, 'aws_launch_template.general', (d) => (r(d, C, 'aws_launch_template.general').user_data = Buffer.from('export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE').toString('base64'))],
  ['CKV_AWS_60', C, 'aws_iam_role.cluster', (d) => pol(d, C, 'aws_iam_role.cluster', 'assume_role_policy', statement({ Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }))],
  ['AA-COGNITO-AUD', C, 'aws_iam_role.cluster', (d) => pol(d, C, 'aws_iam_role.cluster', 'assume_role_policy', statement({ Principal: { Federated: 'cognito-identity.amazonaws.com' }, Action: 'sts:AssumeRoleWithWebIdentity' }))],
  ['AA-TRUST-WILDCARD', C, 'aws_iam_role.cluster', (d) => pol(d, C, 'aws_iam_role.cluster', 'assume_role_policy', statement({ Principal: '*', Action: 'sts:AssumeRole' }))],
  ['CKV_AWS_61', C, 'aws_iam_role.cluster', (d) => pol(d, C, 'aws_iam_role.cluster', 'assume_role_policy', statement({ Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' }))],
  ['AA-TRUST-NO-RESOURCE', C, 'aws_iam_role.cluster', (d) => pol(d, C, 'aws_iam_role.cluster', 'assume_role_policy', (doc) => (doc.Statement[0].Resource = '*'))],
  ['AA-OIDC-MISMATCH', W, IRSA_ROLE, (d) => pol(d, W, IRSA_ROLE, 'assume_role_policy', (doc) => (doc.Statement[0].Action = 'sts:AssumeRole'))],
  ['AA-OIDC-NO-CONDITION', W, IRSA_ROLE, (d) => pol(d, W, IRSA_ROLE, 'assume_role_policy', (doc) => delete doc.Statement[0].Condition)],
  ['BPG-IRSA-SUB', W, IRSA_ROLE, (d) => pol(d, W, IRSA_ROLE, 'assume_role_policy', (doc) => delete doc.Statement[0].Condition.StringEquals[`${ISSUER}:sub`])],
  ['BPG-IRSA-SUB-NS-WIDE', W, IRSA_ROLE, (d) => pol(d, W, IRSA_ROLE, 'assume_role_policy', (doc) => {
    delete doc.Statement[0].Condition.StringEquals[`${ISSUER}:sub`];
    doc.Statement[0].Condition.StringLike = { [`${ISSUER}:sub`]: 'system:serviceaccount:payments:*' };
  })],
  ['BPG-IRSA-AUD', W, IRSA_ROLE, (d) => pol(d, W, IRSA_ROLE, 'assume_role_policy', (doc) => delete doc.Statement[0].Condition.StringEquals[`${ISSUER}:aud`])],
  ['AA-AUD-QUALIFIER', W, IRSA_ROLE, (d) => pol(d, W, IRSA_ROLE, 'assume_role_policy', (doc) => (doc.Statement[0].Condition['ForAnyValue:StringEquals'] = { [`${ISSUER}:aud`]: ['sts.amazonaws.com'] }))],
  ['AA-WILDCARD-STRINGEQUALS', W, IRSA_ROLE, (d) => pol(d, W, IRSA_ROLE, 'assume_role_policy', (doc) => (doc.Statement[0].Condition.StringEquals[`${ISSUER}:sub`] = 'system:serviceaccount:payments:*'))],
  ['IRSA-PROVIDER-MATCH', C, 'aws_iam_openid_connect_provider.production-cluster', (d) => (r(d, C, 'aws_iam_openid_connect_provider.production-cluster').url = '${var.issuer}')],
  ['OIDC-CLIENT-ID', C, 'aws_iam_openid_connect_provider.production-cluster', (d) => (r(d, C, 'aws_iam_openid_connect_provider.production-cluster').client_id_list = ['kubernetes'])],
  ['CKV_AWS_393', C, 'aws_iam_role.github-broad', (d) => {
    const gh = (sub: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringLike: { 'token.actions.githubusercontent.com:sub': sub } } }] });
    add(d, C, 'aws_iam_role.github-broad', { name: 'gh-broad', assume_role_policy: gh('repo:*') });
    add(d, C, 'aws_iam_role.github-narrow', { name: 'gh-narrow', assume_role_policy: gh('repo:example-org/platform:ref:refs/heads/main') });
  }],
  ['PODID-TRUST', W, 'aws_iam_role.orders_orders-api', (d) => pol(d, W, 'aws_iam_role.orders_orders-api', 'assume_role_policy', (doc) => (doc.Statement[0].Action = ['sts:AssumeRole']))],
  ['PODID-TRUST-SCOPE', W, 'aws_iam_role.orders_orders-api', (d) => pol(d, W, 'aws_iam_role.orders_orders-api', 'assume_role_policy', (doc) => delete doc.Statement[0].Condition)],
  ['PODID-AGENT', W, 'aws_eks_pod_identity_association.orders_orders-api', (d) => delete d[C].resource.aws_eks_addon['eks-pod-identity-agent']],
  ['BPG-ONE-ROLE-PER-APP', W, 'aws_iam_role.orders_orders-api', (d) => add(d, W, 'aws_eks_pod_identity_association.second', { cluster_name: C, namespace: 'payments', service_account: 'other', role_arn: '${aws_iam_role.orders_orders-api.arn}' })],
  ['IAM-QUOTA-TRUST', W, IRSA_ROLE, (d) => pol(d, W, IRSA_ROLE, 'assume_role_policy', (doc) => (doc.Statement[0].Condition.StringEquals[`${ISSUER}:sub`] = Array.from({ length: 40 }, (_, i) => `system:serviceaccount:payments:consumer-${i}`)))],
  ['IAM-QUOTA-ROLENAME', W, IRSA_ROLE, (d) => (r(d, W, IRSA_ROLE).name = 'r'.repeat(65))],
  ['IAM-QUOTA-POLNAME', W, IRSA_POLICY, (d) => (r(d, W, IRSA_POLICY).name = 'eksguard permissions')],
  ['IAM-QUOTA-INLINE', W, IRSA_ROLE, (d) => pol(d, W, IRSA_POLICY, 'policy', statement({ Action: 's3:GetObject', Resource: Array.from({ length: 300 }, (_, i) => `arn:aws:s3:::prod-artifacts/tenant-${i}/*`) }))],
  ['IAM-QUOTA-MANAGED', C, 'aws_iam_policy.permissions-boundary', (d) => pol(d, C, 'aws_iam_policy.permissions-boundary', 'policy', statement({ Action: 's3:GetObject', Resource: Array.from({ length: 200 }, (_, i) => `arn:aws:s3:::prod-artifacts/tenant-${i}/*`) }))],
  ['IAM-QUOTA-ATTACH', C, 'aws_iam_role.nodes', (d) => {
    for (let i = 0; i < 9; i++) add(d, C, `aws_iam_role_policy_attachment.extra-${i}`, { role: NODES, policy_arn: `arn:aws:iam::123456789012:policy/extra-${i}` });
  }],
  ['CKV_AWS_62', W, IRSA_POLICY, (d) => pol(d, W, IRSA_POLICY, 'policy', statement({ Action: '*', Resource: '*' }))],
  ['CKV_AWS_63', W, IRSA_POLICY, (d) => pol(d, W, IRSA_POLICY, 'policy', statement({ Action: '*', Resource: 'arn:aws:s3:::prod-artifacts' }))],
  ['CKV2_AWS_40', W, IRSA_POLICY, (d) => pol(d, W, IRSA_POLICY, 'policy', statement({ Action: 'iam:*', Resource: 'arn:aws:iam::123456789012:role/x' }))],
  ['CKV_AWS_355', W, IRSA_POLICY, (d) => pol(d, W, IRSA_POLICY, 'policy', statement({ Action: 's3:GetObject', Resource: '*' }))],
  ['CKV_AWS_286', W, IRSA_POLICY, (d) => pol(d, W, IRSA_POLICY, 'policy', statement({ Action: 'iam:PassRole', Resource: 'arn:aws:iam::123456789012:role/x' }))],
  ['AWS-0342', C, 'aws_iam_policy.extra', (d) => add(d, C, 'aws_iam_policy.extra', { name: 'extra', policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::123456789012:role/x' }] }) })],
  ['AA-PASSROLE-STAR', W, IRSA_POLICY, (d) => pol(d, W, IRSA_POLICY, 'policy', statement({ Action: 'iam:PassRole', Resource: '*' }))],
  ['AWS-0345', W, IRSA_POLICY, (d) => pol(d, W, IRSA_POLICY, 'policy', statement({ Action: 's3:*', Resource: 'arn:aws:s3:::prod-artifacts' }))],
  ['AWS-0346', W, IRSA_POLICY, (d) => pol(d, W, IRSA_POLICY, 'policy', statement({ Action: ['s3:GetObject', 's3:PutObject'], Resource: '*' }))],
  ['IAM-SECRET-READ-ALL', W, IRSA_POLICY, (d) => pol(d, W, IRSA_POLICY, 'policy', statement({ Action: 'secretsmanager:GetSecretValue', Resource: 'arn:aws:secretsmanager:*:*:secret:*' }))],
  ['AWS-0057', W, IRSA_POLICY, (d) => pol(d, W, IRSA_POLICY, 'policy', statement({ Action: 's3:Get*', Resource: 'arn:aws:s3:::prod-artifacts/*' }))],
  ['CKV_AWS_274', C, 'aws_iam_role_policy_attachment.admin', (d) => add(d, C, 'aws_iam_role_policy_attachment.admin', { role: NODES, policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess' })],
  ['IAM-POWERUSER', C, 'aws_iam_policy_attachment.power', (d) => add(d, C, 'aws_iam_policy_attachment.power', { name: 'power', roles: ['${aws_iam_role.nodes.name}'], policy_arn: 'arn:aws:iam::aws:policy/PowerUserAccess' })],
  ['CKV2_AWS_56', C, 'aws_iam_role_policy_attachment.iam', (d) => add(d, C, 'aws_iam_role_policy_attachment.iam', { role: NODES, policy_arn: 'arn:aws:iam::aws:policy/IAMFullAccess' })],
  ['CIS-5.1.3', C, 'aws_iam_role_policy_attachment.push', (d) => add(d, C, 'aws_iam_role_policy_attachment.push', { role: NODES, policy_arn: 'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPowerUser' })],
  ['BPG-CNI-OFF-NODE-ROLE', C, 'aws_iam_role_policy_attachment.cni', (d) => add(d, C, 'aws_iam_role_policy_attachment.cni', { role: NODES, policy_arn: 'arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy' })],
  ['NODE-ROLE-APP-PERMISSIONS', C, 'aws_iam_role_policy_attachment.app', (d) => add(d, C, 'aws_iam_role_policy_attachment.app', { role: NODES, policy_arn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' })],
  ['BPG-KMS-VIA-SERVICE', W, 'aws_iam_role_policy.production_my-app', (d) => pol(d, W, 'aws_iam_role_policy.production_my-app', 'policy', statement({ Action: 'kms:Decrypt', Resource: '*' }))],
  ['IAM-ACTION-UNKNOWN', W, IRSA_POLICY, (d) => pol(d, W, IRSA_POLICY, 'policy', statement({ Action: 's3:GetObjects', Resource: 'arn:aws:s3:::prod-artifacts/*' }))],
  ['IAM-RESOURCE-TYPE', W, IRSA_POLICY, (d) => pol(d, W, IRSA_POLICY, 'policy', statement({ Action: 's3:GetObject', Resource: 'arn:aws:s3:::prod-artifacts' }))],
  ['IAM-WILDCARD-ONLY', W, IRSA_POLICY, (d) => pol(d, W, IRSA_POLICY, 'policy', statement({ Action: 'eks:ListClusters', Resource: 'arn:aws:eks:us-east-1:123456789012:cluster/production-cluster' }))],
  ['POLICY-UNRESOLVED', W, IRSA_POLICY, (d) => (r(d, W, IRSA_POLICY).policy = '${jsonencode(var.policy)}')],
  ['CKV_AWS_7', C, 'aws_kms_key.secrets', (d) => (r(d, C, 'aws_kms_key.secrets').enable_key_rotation = false)],
  ['CKV_AWS_33', C, 'aws_kms_key.secrets', (d) => pol(d, C, 'aws_kms_key.secrets', 'policy', statement({ Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*' }))],
  ['CKV_AWS_227', C, 'aws_kms_key.secrets', (d) => (r(d, C, 'aws_kms_key.secrets').is_enabled = false)],
  ['CKV2_AWS_64', C, 'aws_kms_key.secrets', (d) => delete r(d, C, 'aws_kms_key.secrets').policy],
  ['CKV_AWS_24', C, 'aws_vpc_security_group_ingress_rule.ssh', (d) => add(d, C, 'aws_vpc_security_group_ingress_rule.ssh', { security_group_id: '${aws_security_group.nodes.id}', ip_protocol: 'tcp', from_port: 22, to_port: 22, cidr_ipv4: '0.0.0.0/0', description: 'SSH' })],
  ['CKV_AWS_277', C, 'aws_vpc_security_group_ingress_rule.all', (d) => add(d, C, 'aws_vpc_security_group_ingress_rule.all', { security_group_id: '${aws_security_group.nodes.id}', ip_protocol: '-1', cidr_ipv4: '0.0.0.0/0', description: 'everything' })],
  ['CKV_AWS_260', C, 'aws_vpc_security_group_ingress_rule.http', (d) => add(d, C, 'aws_vpc_security_group_ingress_rule.http', { security_group_id: '${aws_security_group.nodes.id}', ip_protocol: 'tcp', from_port: 80, to_port: 80, cidr_ipv6: '::/0', description: 'HTTP' })],
  ['EKS-API-SG-OPEN', C, 'aws_vpc_security_group_ingress_rule.https', (d) => add(d, C, 'aws_vpc_security_group_ingress_rule.https', { security_group_id: '${aws_security_group.cluster.id}', ip_protocol: 'tcp', from_port: 443, to_port: 443, cidr_ipv4: '0.0.0.0/0', description: 'API' })],
  ['CKV_AWS_382', C, 'aws_vpc_security_group_egress_rule.all', (d) => add(d, C, 'aws_vpc_security_group_egress_rule.all', { security_group_id: '${aws_security_group.nodes.id}', ip_protocol: '-1', cidr_ipv4: '0.0.0.0/0', description: 'everything' })],
  ['AWS-0104', C, 'aws_vpc_security_group_egress_rule.https', (d) => add(d, C, 'aws_vpc_security_group_egress_rule.https', { security_group_id: '${aws_security_group.nodes.id}', ip_protocol: 'tcp', from_port: 443, to_port: 443, cidr_ipv4: '0.0.0.0/0', description: 'HTTPS out' })],
  ['CKV_AWS_23', C, 'aws_vpc_security_group_ingress_rule.nodes_from-cluster-443', (d) => delete r(d, C, 'aws_vpc_security_group_ingress_rule.nodes_from-cluster-443').description],
  ['CKV2_AWS_12', C, 'aws_default_security_group.ruled', (d) => {
    add(d, C, 'aws_default_security_group.ruled', { vpc_id: 'vpc-1', ingress: [{ protocol: '-1', self: true, from_port: 0, to_port: 0 }] });
    add(d, C, 'aws_default_security_group.empty', { vpc_id: 'vpc-2' });
  }],
  ['VPCE-PRIVATE-DNS', C, 'aws_vpc_endpoint.sts', (d) => (r(d, C, 'aws_vpc_endpoint.sts').private_dns_enabled = false)],
  ['BPG-VPCE-ECR-POLICY', C, 'aws_vpc_endpoint.ecr-api', (d) => delete r(d, C, 'aws_vpc_endpoint.ecr-api').policy],
  ['VPCE-S3-LAYER', C, 'aws_vpc_endpoint.s3', (d) => pol(d, C, 'aws_vpc_endpoint.s3', 'policy', (doc) => (doc.Statement = doc.Statement.filter((s: any) => s.Sid !== 'EcrImageLayers')))],
  ['VPCE-POLICY-BROAD', C, 'aws_vpc_endpoint.logs', (d) => pol(d, C, 'aws_vpc_endpoint.logs', 'policy', (doc) => (doc.Statement = [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }]))],
  ['VPCE-SG-443', C, 'aws_vpc_endpoint.sts', (d) => {
    for (const key of ['endpoints_from-nodes-443', 'endpoints_from-cluster-443']) delete d[C].resource.aws_vpc_security_group_ingress_rule[key];
  }],
  ['CKV_AWS_158', C, 'aws_cloudwatch_log_group.control-plane', (d) => delete r(d, C, 'aws_cloudwatch_log_group.control-plane').kms_key_id],
  ['CKV_AWS_66', C, 'aws_cloudwatch_log_group.control-plane', (d) => delete r(d, C, 'aws_cloudwatch_log_group.control-plane').retention_in_days],
];

/** What a rule finds on the unchanged example: only reviewed, acknowledged findings. */
const BASELINE: Record<string, string[]> = { 'BPG-ACCESS-ADMIN-SCOPE': [`${C}/aws_eks_access_policy_association.role_sso-infra-platform`] };
/** VPCE-SG-443 reads every interface endpoint: without the group's ingress, all of them fail. */
const ALSO_FAILS: Record<string, RegExp> = { 'VPCE-SG-443': /^production-cluster\/aws_vpc_endpoint\./ };

const docsOf = (stacks: Stacks): TfDocument[] => [C, P, W].map((s) => documentOf(stacks[s], s, `${s}/cdk.tf.json`));
const found = (id: string, stacks: Stacks) =>
  runRules(RULES.filter((x) => x.id === id), docsOf(stacks)).findings.map((f) => `${f.stack}/${f.address}`).sort();

describe('the rule pack', () => {
  test('has one file per rule, named by its id, and no rule twice', () => {
    const files = readdirSync(path.join(__dirname, '../../src/rules/packs')).filter((f) => f !== 'index.ts').map((f) => f.replace(/\.ts$/, '')).sort();
    expect(RULES.map((x) => x.id).sort()).toEqual(files);
    expect(new Set(RULES.map((x) => x.id)).size).toBe(RULES.length);
  });

  test('RULE_IDS, what config validation lets an acknowledgement name, is exactly the ids of RULES', () => {
    expect(RULE_IDS).toEqual(RULES.map((x) => x.id));
  });

  test('config validation knows the rule ids without loading the rules, the catalog or cdktf', () => {
    const script = "require('tsx/cjs'); require('./src/config'); console.log(JSON.stringify(Object.keys(require.cache)))";
    const r = spawnSync(process.execPath, ['-e', script], { cwd: path.join(__dirname, '../..'), encoding: 'utf8' });
    expect(r.status).toBe(0);
    const loaded: string[] = JSON.parse(r.stdout);
    expect(loaded).toEqual(expect.arrayContaining([expect.stringMatching(/src[\\/]rules[\\/]ids\.ts$/)]));
    expect(loaded.filter((f) => /src[\\/]rules[\\/](packs|catalog|engine)|[\\/]node_modules[\\/](cdktf|constructs|@cdktf|@cloud-copilot)[\\/]/.test(f))).toEqual([]);
  });

  test('every rule has a compliant and a non-compliant case below', () => {
    expect([...new Set(CASES.map(([id]) => id))].sort()).toEqual(RULES.map((x) => x.id).sort());
  });

  test.each(CASES)('%s: passes the example, fails %s/%s after one change', (id, stack, address, change) => {
    expect(found(id, base)).toEqual(BASELINE[id] ?? []);
    const changed = JSON.parse(JSON.stringify(base));
    change(changed);
    const after = found(id, changed).filter((f) => !(BASELINE[id] ?? []).includes(f) && !(ALSO_FAILS[id]?.test(f) && f !== `${stack}/${address}`));
    expect(after).toEqual([`${stack}/${address}`]);
  });

  test('the action catalog rejects a misspelled action with a "did you mean" hint', () => {
    const changed = JSON.parse(JSON.stringify(base));
    pol(changed, W, IRSA_POLICY, 'policy', statement({ Action: 's3:GetObjects', Resource: 'arn:aws:s3:::prod-artifacts/*' }));
    const [f] = runRules(RULES.filter((x) => x.id === 'IAM-ACTION-UNKNOWN'), docsOf(changed)).findings;
    expect(f.message).toContain('s3:GetObjects (did you mean s3:GetObject');
    expect(f.severity).toBe('error');
  });

  test('an aws_iam_policy_document data block is analysed like a literal policy', () => {
    const doc = documentOf({
      data: { aws_iam_policy_document: { p: { statement: [{ effect: 'Allow', actions: ['s3:GetObject'], resources: ['*'] }] } } },
      resource: { aws_iam_policy: { p: { name: 'p', policy: '${data.aws_iam_policy_document.p.json}' } } },
    }, 'hand', 'hand.tf.json');
    expect(runRules(RULES, [doc]).findings.map((f) => f.ruleId)).toEqual(expect.arrayContaining(['CKV_AWS_355']));
  });
});
