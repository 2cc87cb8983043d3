import { readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { main } from '../../src/cli/main';
import type { PolicyDocument } from '../../src/policy/document';
import { authorizeCore } from '../support/iam';
import { loadTerraform, RULES, runRules } from '../../src/rules';
import { blocks, withoutReport, exampleInput, filesOf, stackJson, synthTo, tempOut } from '../support/synth';

const ACCOUNT = '123456789012';
const out = synthTo(exampleInput());
const cluster = stackJson(out, 'production-cluster');
const res = cluster.resource;

/** The rule pack (security-rules.md §8 and eksguard's own) on an output, without acknowledgements. */
const pack = (dir: string) => runRules(RULES, loadTerraform([dir]));
/** Rules whose resource types eksguard never emits (none: CKV2_AWS_12 also reads the standalone rules eksguard writes, for rules attached to a default group). */
const NEVER_EMITTED: string[] = [];

/** The example with changes, synthesized. */
function synthWith(mutate: (c: any) => void): string {
  const input = exampleInput();
  mutate(input.clusters[0]);
  return synthTo(input);
}

describe('the synthesized example cluster', () => {
  test('has the cluster, its KMS key and log group, access entries, node groups with launch templates, the add-ons and the endpoints', async () => {
    expect(Object.keys(res.aws_eks_cluster)).toEqual(['production-cluster']);
    expect(Object.keys(res.aws_kms_key)).toEqual(['secrets']);
    expect(res.aws_cloudwatch_log_group['control-plane'].name).toBe('/aws/eks/production-cluster/cluster');
    expect(Object.keys(res.aws_eks_access_entry).sort()).toEqual(['role_DeveloperRole', 'role_PaymentsReadOnly', 'role_sso-infra-platform']);
    expect(res.aws_eks_node_group.general.launch_template.id).toBe('${aws_launch_template.general.id}');
    expect(Object.keys(res.aws_eks_addon).sort()).toEqual(['coredns', 'eks-pod-identity-agent', 'kube-proxy', 'vpc-cni']);
    const services = Object.values(res.aws_vpc_endpoint).map((e: any) => e.service_name.replace('com.amazonaws.us-east-1.', ''));
    expect(services).toEqual(expect.arrayContaining(['sts', 'ecr.api', 'ecr.dkr', 's3', 'eks-auth']));
  });

  test('passes every row of security-rules.md §8 that applies to what it emits', async () => {
    const run = pack(out);
    // The one finding is the reviewed break-glass admin, which the config acknowledges at synth.
    expect(run.findings.map((f) => `${f.ruleId} ${f.address}`)).toEqual(['BPG-ACCESS-ADMIN-SCOPE aws_eks_access_policy_association.role_sso-infra-platform']);
    // Not vacuous: every rule met at least one resource of its types, apart from types eksguard never writes.
    expect(RULES.filter((r) => !run.checked[r.id]).map((r) => r.id)).toEqual(NEVER_EMITTED);
    expect(RULES.filter((r) => r.severity === 'error').length).toBeGreaterThanOrEqual(55);
  });

  test('each relaxation shows on exactly the rows scanners flag', async () => {
    const failing = (dir: string) => [...new Set(pack(dir).findings.filter((f) => f.ruleId !== 'BPG-ACCESS-ADMIN-SCOPE').map((f) => f.ruleId))].sort();
    const hop2 = synthWith((c) => (c.nodeGroups[0].imds = { hopLimit: 2, reason: 'a legacy agent reads IMDS' }));
    expect(failing(hop2)).toEqual(['BPG-IMDS-HOP1', 'CKV_AWS_341']);
    const publicEndpoint = synthWith((c) => (c.endpointAccess = { public: true, publicAccessCidrs: ['203.0.113.0/24'], reason: 'admins outside the VPN' }));
    // CKV_AWS_38 and CIS-5.4.1 accept public access limited to listed CIDRs; the others never accept it.
    expect(failing(publicEndpoint)).toEqual(['AWS-0040', 'AWS-0041', 'CIS-5.4.2', 'CKV_AWS_39']);
    const egress = synthWith((c) => (c.network.nodeInternetEgress = { reason: 'pulls from Docker Hub through NAT' }));
    expect(failing(egress)).toEqual(['AWS-0104']); // 443 only, so CKV_AWS_382 (all ports) still passes
  });

  test('the cluster is private, logs everything, encrypts secrets with its own key, and admits no one silently', async () => {
    const c = res.aws_eks_cluster['production-cluster'];
    expect(c.vpc_config).toMatchObject({ endpoint_private_access: true, endpoint_public_access: false });
    expect(c.vpc_config.public_access_cidrs).toBeUndefined();
    expect(c.access_config).toEqual({ authentication_mode: 'API', bootstrap_cluster_creator_admin_permissions: false });
    expect(c.encryption_config).toEqual({ provider: { key_arn: '${aws_kms_key.secrets.arn}' }, resources: ['secrets'] });
    expect(c.deletion_protection).toBe(true);
    const key = res.aws_kms_key.secrets;
    expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30, lifecycle: { prevent_destroy: true } });
    expect(res.aws_cloudwatch_log_group['control-plane']).toMatchObject({ retention_in_days: 90, kms_key_id: '${aws_kms_key.secrets.arn}' });
  });

  test('the key policy lets its administrators manage it and the cluster role use it, and no one else', async () => {
    const policy = JSON.parse(res.aws_kms_key.secrets.policy) as PolicyDocument;
    const clusterRole = 'arn:aws:iam::123456789012:role/production-cluster-cluster';
    const resolved = JSON.parse(JSON.stringify(policy).split('${aws_iam_role.cluster.arn}').join(clusterRole)) as PolicyDocument;
    const ask = (principal: string, action: string) => authorizeCore({ principal, action, resource: `arn:aws:kms:us-east-1:${ACCOUNT}:key/k`, context: {}, resourcePolicy: resolved });
    expect(ask('arn:aws:iam::123456789012:role/terraform-deployer', 'kms:PutKeyPolicy')).toBe('Allowed');
    expect(ask('arn:aws:iam::123456789012:role/terraform-deployer', 'kms:Decrypt')).toBe('ImplicitlyDenied');
    expect(ask(clusterRole, 'kms:Decrypt')).toBe('Allowed');
    expect(ask(clusterRole, 'kms:ScheduleKeyDeletion')).toBe('ImplicitlyDenied');
    // Administrators create grants only for AWS services (EKS makes one in the cluster creator's name).
    const grant = (forAws: string) => authorizeCore({ principal: 'arn:aws:iam::123456789012:role/terraform-deployer', action: 'kms:CreateGrant', resource: `arn:aws:kms:us-east-1:${ACCOUNT}:key/k`, context: { 'kms:GrantIsForAWSResource': forAws }, resourcePolicy: resolved });
    expect([grant('true'), grant('false')]).toEqual(['Allowed', 'ImplicitlyDenied']);
    expect(ask('arn:aws:iam::123456789012:role/production-cluster-nodes', 'kms:Decrypt')).toBe('ImplicitlyDenied');
    expect(policy.Statement.some((s) => JSON.stringify(s.Principal).includes(':root'))).toBe(false);
  });

  test('the permissions boundary stops escalation but lets each role use its own permissions', async () => {
    const boundary = JSON.parse(res.aws_iam_policy['permissions-boundary'].policy) as PolicyDocument;
    const role = 'arn:aws:iam::123456789012:role/production-cluster-nodes';
    const everything: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
    const ask = (action: string, resource = '*', context = {}) => authorizeCore({ principal: role, action, resource, context, identityPolicies: [everything], permissionBoundary: boundary });
    expect(ask('ec2:DescribeInstances')).toBe('Allowed');
    expect(ask('s3:GetObject', 'arn:aws:s3:::bucket/key')).toBe('Allowed');
    for (const action of ['iam:CreateAccessKey', 'iam:PassRole', 'iam:AttachRolePolicy', 'iam:PutRolePolicy', 'iam:CreateRole', 'iam:DeleteRolePermissionsBoundary', 'sts:AssumeRole', 'organizations:LeaveOrganization']) {
      expect(`${action}: ${ask(action, 'arn:aws:iam::123456789012:role/other')}`).toMatch(new RegExp(`^${action}: (Explicitly|Implicitly)Denied$`));
    }
    expect(ask('iam:CreateServiceLinkedRole', 'arn:aws:iam::123456789012:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing', { 'iam:AWSServiceName': 'elasticloadbalancing.amazonaws.com' })).toBe('Allowed');
  });

  test('nodes: IMDSv2 with hop limit 1, encrypted gp3, no public IP, no SSH, and only the kubelet\'s policies', async () => {
    const lt = res.aws_launch_template.general;
    expect(lt.metadata_options).toEqual({ http_endpoint: 'enabled', http_put_response_hop_limit: 1, http_tokens: 'required', instance_metadata_tags: 'disabled' });
    expect(lt.block_device_mappings[0].ebs).toMatchObject({ encrypted: 'true', volume_type: 'gp3' });
    expect(lt.network_interfaces[0].associate_public_ip_address).toBe('false');
    expect(lt.key_name).toBeUndefined();
    expect(res.aws_eks_node_group.general.remote_access).toBeUndefined();
    const nodePolicies = blocks(cluster).filter((b) => b.type === 'aws_iam_role_policy_attachment' && b.body.role === '${aws_iam_role.nodes.name}').map((b) => b.body.policy_arn.split('/').pop()).sort();
    expect(nodePolicies).toEqual(['AmazonEC2ContainerRegistryPullOnly', 'AmazonEKSWorkerNodePolicy']);
    expect(blocks(cluster).filter((b) => b.type === 'aws_iam_role_policy' && b.body.role === '${aws_iam_role.nodes.name}')).toEqual([]);
    // Bottlerocket: the OS and the data volume are both encrypted gp3.
    const br = stackJson(synthWith((c) => (c.nodeGroups[0].amiType = 'BOTTLEROCKET_x86_64')), 'production-cluster').resource.aws_launch_template.general;
    expect(br.block_device_mappings.map((m: any) => [m.device_name, m.ebs.encrypted, m.ebs.volume_type])).toEqual([['/dev/xvda', 'true', 'gp3'], ['/dev/xvdb', 'true', 'gp3']]);
  });

  test('the VPC CNI runs on its own role, trusted by kube-system/aws-node only, with network policy enforcement on', async () => {
    const cni = res.aws_eks_addon['vpc-cni'];
    expect(cni.service_account_role_arn).toBe('${aws_iam_role.vpc-cni.arn}');
    // The example has a workload with its own security group, so pod ENIs are on too.
    expect(JSON.parse(cni.configuration_values)).toEqual({ enableNetworkPolicy: 'true', env: { ENABLE_POD_ENI: 'true', POD_SECURITY_GROUP_ENFORCING_MODE: 'standard' } });
    const withoutGroups = stackJson(synthWith((c) => c.workloads.forEach((w: any) => delete w.securityGroup)), 'production-cluster').resource;
    expect(JSON.parse(withoutGroups.aws_eks_addon['vpc-cni'].configuration_values)).toEqual({ enableNetworkPolicy: 'true' });
    expect(withoutGroups.aws_iam_role_policy_attachment['cluster_AmazonEKSVPCResourceController']).toBeUndefined();
    expect(res.aws_iam_role_policy_attachment['cluster_AmazonEKSVPCResourceController'].role).toBe('${aws_iam_role.cluster.name}');
    const trust = JSON.parse(res.aws_iam_role['vpc-cni'].assume_role_policy);
    expect(trust.Statement[0].Condition.StringEquals['${local.production-cluster_issuer}:sub']).toBe('system:serviceaccount:kube-system:aws-node');
    expect(res.aws_iam_role_policy_attachment['vpc-cni_AmazonEKS_CNI_Policy'].role).toBe('${aws_iam_role.vpc-cni.name}');
    // Nodes wait for the CNI; CoreDNS waits for the nodes.
    expect(res.aws_eks_node_group.general.depends_on).toEqual(expect.arrayContaining(['aws_eks_addon.vpc-cni', 'aws_eks_addon.kube-proxy']));
    expect(res.aws_eks_addon.coredns.depends_on).toEqual(['aws_eks_node_group.general']);
  });

  test('with cniIdentity pod-identity, the CNI role trusts the EKS pods service for this account and cluster only', async () => {
    const dir = synthWith((c) => (c.addons = { cniIdentity: 'pod-identity' }));
    const r = stackJson(dir, 'production-cluster').resource;
    expect(r.aws_eks_addon['vpc-cni'].pod_identity_association).toEqual([{ role_arn: '${aws_iam_role.vpc-cni.arn}', service_account: 'aws-node' }]);
    const clusterArn = `arn:aws:eks:us-east-1:${ACCOUNT}:cluster/production-cluster`;
    const trust = JSON.parse(r.aws_iam_role['vpc-cni'].assume_role_policy.split('${aws_eks_cluster.production-cluster.arn}').join(clusterArn));
    // What EKS Pod Identity sends: its account and the session tags of the pod's cluster, namespace and service account.
    const ask = (principal: string, action: string, over: Record<string, string> = {}) =>
      authorizeCore({
        principal,
        action,
        resource: `arn:aws:iam::${ACCOUNT}:role/production-cluster-vpc-cni`,
        context: { 'aws:SourceAccount': ACCOUNT, 'aws:RequestTag/eks-cluster-arn': clusterArn, 'aws:RequestTag/kubernetes-namespace': 'kube-system', 'aws:RequestTag/kubernetes-service-account': 'aws-node', ...over },
        resourcePolicy: trust,
      });
    expect(ask('pods.eks.amazonaws.com', 'sts:AssumeRole')).toBe('Allowed');
    expect(ask('pods.eks.amazonaws.com', 'sts:TagSession')).toBe('Allowed');
    expect(ask('pods.eks.amazonaws.com', 'sts:AssumeRole', { 'aws:RequestTag/eks-cluster-arn': `arn:aws:eks:us-east-1:${ACCOUNT}:cluster/other` })).toBe('ImplicitlyDenied');
    expect(ask('pods.eks.amazonaws.com', 'sts:AssumeRole', { 'aws:SourceAccount': '999999999999' })).toBe('ImplicitlyDenied');
    expect(ask('pods.eks.amazonaws.com', 'sts:AssumeRole', { 'aws:RequestTag/kubernetes-service-account': 'coredns' })).toBe('ImplicitlyDenied');
    expect(ask('ec2.amazonaws.com', 'sts:AssumeRole')).toBe('ImplicitlyDenied');
  });

  test('security groups: every rule described, nothing from outside the cluster\'s own groups', async () => {
    const rules = blocks(cluster).filter((b) => /^aws_vpc_security_group_(ingress|egress)_rule$/.test(b.type));
    expect(rules.length).toBeGreaterThan(10);
    for (const r of rules) {
      expect(r.body.description).toMatch(/^\S.{9,}/);
      expect(`${r.name}: ${r.body.cidr_ipv4 ?? r.body.cidr_ipv6 ?? 'group'}`).toBe(`${r.name}: group`);
    }
    const endpointIngress = rules.filter((r) => r.body.security_group_id === '${aws_security_group.endpoints.id}');
    expect(endpointIngress.map((r) => [r.type, r.body.from_port, r.body.referenced_security_group_id])).toEqual([
      ['aws_vpc_security_group_ingress_rule', 443, '${aws_security_group.cluster.id}'],
      ['aws_vpc_security_group_ingress_rule', 443, '${aws_security_group.nodes.id}'],
    ]);
    expect(res.aws_vpc_security_group_egress_rule['nodes_to-s3-443'].prefix_list_id).toBe('${aws_vpc_endpoint.s3.prefix_list_id}');
    // Replaced groups are created before the old ones go, so names are prefixes.
    expect(res.aws_security_group.nodes).toMatchObject({ name_prefix: 'production-cluster-nodes-', lifecycle: { create_before_destroy: true } });
  });

  test('endpoint policies let the account\'s principals through and nothing else (evaluated)', async () => {
    const policy = (name: string) => JSON.parse(res.aws_vpc_endpoint[name].policy) as PolicyDocument;
    // The caller may do anything, and another account's resource policy admits it: only the endpoint policy decides.
    const ask = (endpoint: string, action: string, resource: string, principal = `arn:aws:iam::${ACCOUNT}:role/production-cluster-nodes`) =>
      authorizeCore({
        principal,
        action,
        resource,
        context: { 'aws:PrincipalAccount': principal.split(':')[4], 'aws:ResourceAccount': resource.split(':')[4] || ACCOUNT },
        endpointPolicy: policy(endpoint),
        identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }],
        resourcePolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: '*', Resource: '*' }] },
      });
    expect(ask('ecr-dkr', 'ecr:BatchGetImage', `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/app`)).toBe('Allowed');
    expect(ask('ecr-dkr', 'ecr:BatchGetImage', 'arn:aws:ecr:us-east-1:602401143452:repository/eks/coredns')).toBe('Allowed');
    expect(ask('ecr-dkr', 'ecr:BatchGetImage', 'arn:aws:ecr:us-east-1:999999999999:repository/x')).toBe('ImplicitlyDenied');
    expect(ask('ecr-api', 'ecr:PutImage', `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/app`)).toBe('ImplicitlyDenied');
    expect(ask('s3', 's3:GetObject', 'arn:aws:s3:::prod-us-east-1-starport-layer-bucket/sha256/abc')).toBe('Allowed');
    expect(ask('sts', 'sts:AssumeRoleWithWebIdentity', `arn:aws:iam::${ACCOUNT}:role/production-cluster-payments-app-sqs-consumer`)).toBe('Allowed');
    expect(ask('sts', 'sts:AssumeRole', 'arn:aws:iam::999999999999:role/exfiltrate')).toBe('ImplicitlyDenied');
    expect(ask('logs', 'logs:PutLogEvents', `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:x:log-stream:y`)).toBe('Allowed');
    expect(ask('logs', 'logs:PutLogEvents', 'arn:aws:logs:us-east-1:999999999999:log-group:x:log-stream:y', 'arn:aws:iam::999999999999:role/outsider')).toBe('ImplicitlyDenied');
    expect(res.aws_vpc_endpoint['eks-auth'].policy).toBeUndefined(); // eks-auth documents no endpoint-policy support
  });

  test('saved queries read the audit log for secrets, RBAC and service-account changes and exec sessions', async () => {
    const queries = res.aws_cloudwatch_query_definition;
    expect(Object.keys(queries).sort()).toEqual(['denied-requests', 'pod-exec-sessions', 'rbac-mutations', 'secret-mutations', 'service-account-mutations']);
    for (const q of Object.values(queries) as any[]) expect(q.log_group_names).toEqual(['${aws_cloudwatch_log_group.control-plane.name}']);
    expect(queries['pod-exec-sessions'].query_string).toContain('"exec"');
    const withTrail = stackJson(synthWith((c) => (c.logging.cloudTrailLogGroupName = 'aws-cloudtrail-logs-123456789012')), 'production-cluster');
    expect(withTrail.resource.aws_cloudwatch_query_definition['web-identity-failures']).toMatchObject({ log_group_names: ['aws-cloudtrail-logs-123456789012'] });
  });

  test('a break-glass role requires MFA of bounded age, lasts an hour at most, and gets cluster admin through an access entry', async () => {
    const dir = synthWith((c) => (c.access.breakGlassRole = { trustedPrincipalArns: [`arn:aws:iam::${ACCOUNT}:role/oncall`], reason: 'cluster recovery when SSO is down' }));
    const r = stackJson(dir, 'production-cluster').resource;
    const role = r.aws_iam_role['break-glass'];
    expect(role.max_session_duration).toBe(3600);
    const trust = JSON.parse(role.assume_role_policy);
    const ask = (principal: string, context: Record<string, string>) => authorizeCore({ principal, action: 'sts:AssumeRole', resource: `arn:aws:iam::${ACCOUNT}:role/production-cluster-break-glass`, context, resourcePolicy: trust });
    expect(ask(`arn:aws:iam::${ACCOUNT}:role/oncall`, { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '300' })).toBe('Allowed');
    expect(ask(`arn:aws:iam::${ACCOUNT}:role/oncall`, { 'aws:MultiFactorAuthPresent': 'false' })).toBe('ImplicitlyDenied');
    expect(ask(`arn:aws:iam::${ACCOUNT}:role/oncall`, { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '7200' })).toBe('ImplicitlyDenied');
    expect(ask(`arn:aws:iam::${ACCOUNT}:role/developer`, { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '300' })).toBe('ImplicitlyDenied');
    expect(r.aws_eks_access_policy_association['break-glass']).toMatchObject({ principal_arn: '${aws_eks_access_entry.break-glass.principal_arn}', access_scope: { type: 'cluster' } });
    expect(r.aws_eks_access_entry['break-glass'].principal_arn).toBe('${aws_iam_role.break-glass.arn}');
  });

  test('access entries: namespaced policies stay namespaced, groups are passed through, admins are cluster-wide only with break-glass', async () => {
    expect(res.aws_eks_access_policy_association.role_PaymentsReadOnly.access_scope).toEqual({ namespaces: ['payments'], type: 'namespace' });
    expect(res.aws_eks_access_policy_association['role_sso-infra-platform']).toMatchObject({ policy_arn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy', access_scope: { type: 'cluster' } });
    expect(res.aws_eks_access_entry.role_DeveloperRole.kubernetes_groups).toEqual(['developers']);
    expect(res.aws_eks_access_policy_association.role_DeveloperRole).toBeUndefined();
  });
});

describe('addresses and warnings', () => {
  test('reordering node groups, endpoints and access entries changes no byte of the output', async () => {
    const input = exampleInput();
    const c = input.clusters[0];
    c.nodeGroups.push({ name: 'batch', instanceTypes: ['c6i.xlarge', 'c6a.xlarge'], scaling: { min: 0, desired: 0, max: 10 }, capacityType: 'SPOT', taints: [{ key: 'batch', value: 'true', effect: 'NO_SCHEDULE' }] });
    c.network.endpoints.push('ssm', 'kms');
    const reordered = JSON.parse(JSON.stringify(input));
    const rc = reordered.clusters[0];
    rc.nodeGroups.reverse();
    rc.network.endpoints.reverse();
    rc.access.entries.reverse();
    const a = filesOf(synthTo(input));
    // The report names config paths by position, which follow the config's order; the stacks do not.
    expect(withoutReport(filesOf(synthTo(reordered)))).toEqual(withoutReport(a));
    const doc = JSON.parse(a['stacks/production-cluster/cdk.tf.json']);
    expect(Object.keys(doc.resource.aws_eks_node_group).sort()).toEqual(['batch', 'general']);
    expect(Object.keys(doc.resource.aws_vpc_endpoint)).toEqual(expect.arrayContaining(['ssm', 'kms']));
  });

  test('adding a node group, endpoint or access entry leaves every other address and body as it was', async () => {
    const before = stackJson(synthTo(exampleInput()), 'production-cluster').resource;
    const after = stackJson(synthWith((c) => {
      c.nodeGroups.unshift({ name: 'aaa', instanceTypes: ['m6i.large'], scaling: { min: 1, desired: 1, max: 2 } });
      c.network.endpoints.unshift('kms');
      c.access.entries.unshift({ principalArn: `arn:aws:iam::${ACCOUNT}:role/Auditors`, accessPolicy: 'AmazonEKSViewPolicy' });
    }), 'production-cluster').resource;
    // CoreDNS waits for every node group, so its depends_on gains the new group; nothing else changes.
    expect(after.aws_eks_addon.coredns.depends_on).toEqual(['aws_eks_node_group.aaa', 'aws_eks_node_group.general']);
    delete after.aws_eks_addon.coredns.depends_on;
    delete before.aws_eks_addon.coredns.depends_on;
    for (const type of Object.keys(before)) {
      for (const name of Object.keys(before[type])) expect([type, name, after[type]?.[name]]).toEqual([type, name, before[type][name]]);
    }
  });

  test('each relaxation is printed as a warning on every synth', async () => {
    const dir = tempOut();
    const input = exampleInput();
    const c = input.clusters[0];
    c.endpointAccess = { public: true, publicAccessCidrs: ['203.0.113.0/24'], reason: 'admins outside the VPN' };
    c.nodeGroups[0].imds = { hopLimit: 2, reason: 'a legacy agent reads IMDS' };
    const cfg = path.join(path.dirname(dir), 'relaxed.yaml');
    writeFileSync(cfg, stringify(input));
    for (let i = 0; i < 2; i++) {
      let stderr = '';
      const code = (await main(['synth', '--config', cfg, '--out', dir], { write: () => true } as never, { write: (s: string) => ((stderr += s), true) } as never));
      expect(code).toBe(0);
      expect(stderr).toContain('warning [clusters[0].endpointAccess] API server endpoint is public for 203.0.113.0/24 (reason: admins outside the VPN)');
      expect(stderr).toContain('warning [clusters[0].nodeGroups[0].imds.hopLimit] node group general lets pods reach IMDS (hop limit 2; reason: a legacy agent reads IMDS)');
      expect(stderr).toContain('warning [clusters[0].access.entries[0].breakGlass]');
    }
    const r = stackJson(dir, 'production-cluster').resource;
    expect(r.aws_launch_template.general.metadata_options.http_put_response_hop_limit).toBe(2);
    expect(r.aws_eks_cluster['production-cluster'].vpc_config).toMatchObject({ endpoint_public_access: true, public_access_cidrs: ['203.0.113.0/24'] });
    expect(readFileSync(cfg, 'utf8')).toContain('hopLimit: 2');
  });
});
