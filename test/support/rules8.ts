/**
 * The rows of reference/security-rules.md §8 that apply to what eksguard emits, as checks over
 * synthesized Terraform JSON (both cluster and workload stacks). Each check returns a failure
 * reason or undefined. Advisory rows (†) eksguard also promises are marked `advisory`.
 *
 * Test support for now; issue 5 turns these into the `src/rules` pack.
 *
 * Non-advisory rows not listed, and why: twins of a listed row (CKV_AWS_25 = 24's 3389 half,
 * AWS-0099/0124 = CKV_AWS_23, AWS-0065 = CKV_AWS_7, AWS-0017 = CKV_AWS_158, AWS-0038/CIS-2.1.1 =
 * CKV_AWS_37); CKV_AWS_356/287/288/289/290 are folded into the CKV_AWS_355 check (an unconditioned
 * Allow on `*` may hold only actions AWS grants on `*` alone, which excludes every credential,
 * read, permissions-management and write action those rows name); the data-check twins
 * (CKV_AWS_1/49/107-111) need `aws_iam_policy_document` blocks, which eksguard never emits; rows on
 * resources eksguard does not emit: CIS-5.4.3 (aws_subnet), CKV2_AWS_12 (aws_default_security_group),
 * CKV_AWS_393 (GitHub OIDC), PODID-AGENT (aws_eks_pod_identity_association; the agent add-on is always
 * there), ECR repositories, Secrets Manager secrets, S3 bucket policies.
 */
import { isWildcardOnlyAction } from '@cloud-copilot/iam-simulate';

export interface Block {
  readonly type: string;
  readonly name: string;
  readonly body: any;
}

export interface Doc {
  /** Every resource of every stack. */
  readonly resources: Block[];
  readonly locals: Record<string, string>;
}

export interface Row {
  readonly id: string;
  readonly advisory?: true;
  readonly types: readonly string[];
  readonly check: (b: Block, doc: Doc) => string | undefined | Promise<string | undefined>;
}

const one = (v: any) => (Array.isArray(v) ? v[0] : v);
const list = <T>(v: T | T[] | undefined): T[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
const policyOf = (s: string) => JSON.parse(s);
const statements = (s: string): any[] => list(policyOf(s).Statement);
const allows = (s: string) => statements(s).filter((st) => st.Effect === 'Allow');
const size = (s: string) => s.replace(/\s+/g, '').length;
const LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];
const PRIVATE = [/^10\./, /^192\.168\./, /^172\.(1[6-9]|2\d|3[01])\./, /^127\./, /^169\.254\./];
const ref = (s: string, type: string) => new RegExp(`^\\$\\{${type}\\.([\\w-]+)\\.`).exec(s ?? '')?.[1];
const IAM_POLICY_TYPES = ['aws_iam_policy', 'aws_iam_role_policy'];
const SG_RULE_TYPES = ['aws_security_group', 'aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule'];
const anywhere = (b: Block) => b.body.cidr_ipv4 === '0.0.0.0/0' || b.body.cidr_ipv6 === '::/0' || list(b.body.cidr_blocks).includes('0.0.0.0/0');
const covers = (b: Block, port: number) => b.body.ip_protocol === '-1' || (b.body.from_port <= port && port <= b.body.to_port);
const oidcStatements = (b: Block) => statements(b.body.assume_role_policy).filter((s) => String(s.Principal?.Federated ?? '').includes('oidc-provider') || /aws_iam_openid_connect_provider|terraform_remote_state/.test(String(s.Principal?.Federated ?? '')));
const conditionKeys = (s: any) => Object.values(s.Condition ?? {}).flatMap((block: any) => Object.keys(block));

export const ROWS: Row[] = [
  // EKS cluster
  { id: 'CKV_AWS_39', types: ['aws_eks_cluster'], check: (b) => (one(b.body.vpc_config).endpoint_public_access !== false ? 'public endpoint not false' : undefined) },
  { id: 'AWS-0040', types: ['aws_eks_cluster'], check: (b) => (one(b.body.vpc_config).endpoint_public_access !== false ? 'public endpoint on or default' : undefined) },
  {
    id: 'CKV_AWS_38', types: ['aws_eks_cluster'], check: (b) => {
      const v = one(b.body.vpc_config);
      const cidrs = list<string>(v.public_access_cidrs);
      return v.endpoint_public_access !== false && (cidrs.length === 0 || cidrs.includes('0.0.0.0/0')) ? 'public without narrow CIDRs' : undefined;
    },
  },
  {
    id: 'AWS-0041', types: ['aws_eks_cluster'], check: (b) => {
      const v = one(b.body.vpc_config);
      if (v.endpoint_public_access === false) return undefined;
      const cidrs = list<string>(v.public_access_cidrs);
      return cidrs.length === 0 || cidrs.some((c) => !PRIVATE.some((p) => p.test(c))) ? 'public CIDR outside private ranges' : undefined;
    },
  },
  { id: 'CIS-5.4.2', types: ['aws_eks_cluster'], check: (b) => (one(b.body.vpc_config).endpoint_private_access !== true || one(b.body.vpc_config).endpoint_public_access !== false ? 'not private-only' : undefined) },
  {
    id: 'CIS-5.4.1', types: ['aws_eks_cluster'], check: (b) => {
      const v = one(b.body.vpc_config);
      const cidrs = list<string>(v.public_access_cidrs);
      if (v.endpoint_private_access !== true) return 'private access off';
      return v.endpoint_public_access !== false && (cidrs.length === 0 || cidrs.some((c) => c.endsWith('/0'))) ? 'public to anywhere' : undefined;
    },
  },
  { id: 'CKV_AWS_58', types: ['aws_eks_cluster'], check: (b) => (JSON.stringify(one(b.body.encryption_config)?.resources) !== '["secrets"]' ? 'secrets not encrypted' : undefined) },
  { id: 'AWS-0039', types: ['aws_eks_cluster'], check: (b) => (!list(one(b.body.encryption_config)?.resources).includes('secrets') || !one(one(b.body.encryption_config)?.provider)?.key_arn ? 'no key' : undefined) },
  { id: 'CIS-5.3.1', advisory: true, types: ['aws_eks_cluster'], check: (b) => (ref(one(one(b.body.encryption_config)?.provider)?.key_arn, 'aws_kms_key') === undefined ? 'key not a customer key of this stack' : undefined) },
  { id: 'CKV_AWS_37', types: ['aws_eks_cluster'], check: (b) => (LOG_TYPES.some((t) => !list(b.body.enabled_cluster_log_types).includes(t)) ? 'log types missing' : undefined) },
  { id: 'CKV_AWS_339', types: ['aws_eks_cluster'], check: (b) => (b.body.version !== undefined && !/^1\.(29|3[0-5])$/.test(b.body.version) ? `version ${b.body.version}` : undefined) },
  { id: 'CIS-4.1.7', types: ['aws_eks_cluster'], check: (b) => (one(b.body.access_config)?.authentication_mode !== 'API' ? 'authentication mode not API' : undefined) },
  { id: 'BPG-IAM-CREATOR-ADMIN', advisory: true, types: ['aws_eks_cluster'], check: (b) => (one(b.body.access_config)?.bootstrap_cluster_creator_admin_permissions !== false ? 'creator admin' : undefined) },
  // Access entries
  { id: 'BPG-ACCESS-MASTERS', advisory: true, types: ['aws_eks_access_entry'], check: (b) => (list(b.body.kubernetes_groups).includes('system:masters') ? 'system:masters' : undefined) },
  { id: 'BPG-ACCESS-NS-SCOPE', advisory: true, types: ['aws_eks_access_policy_association'], check: (b) => { const s = one(b.body.access_scope); return s.type === 'namespace' && (list(s.namespaces).length === 0 || list<string>(s.namespaces).some((n) => n.includes('*'))) ? 'empty or wildcard namespaces' : undefined; } },
  {
    id: 'EKS-ACCESS-PRINCIPAL', types: ['aws_eks_access_entry'], check: (b, doc) => {
      if (/^arn:[^:]+:sts::/.test(b.body.principal_arn)) return 'session ARN';
      const same = doc.resources.filter((o) => o.type === 'aws_eks_access_entry' && o.body.principal_arn === b.body.principal_arn && o.body.cluster_name === b.body.cluster_name);
      return same.length > 1 ? 'principal in two entries' : undefined;
    },
  },
  // Node groups and launch templates
  { id: 'CKV_AWS_100', types: ['aws_eks_node_group'], check: (b) => (one(b.body.remote_access)?.ec2_ssh_key && one(b.body.remote_access)?.source_security_group_ids === undefined ? 'SSH from anywhere' : undefined) },
  { id: 'BPG-HOSTS-NO-SSH', advisory: true, types: ['aws_eks_node_group'], check: (b) => (b.body.remote_access !== undefined ? 'remote access block' : undefined) },
  { id: 'BPG-NG-LAUNCH-TEMPLATE', advisory: true, types: ['aws_eks_node_group'], check: (b) => (!one(b.body.launch_template)?.id && !one(b.body.launch_template)?.name ? 'no launch template' : undefined) },
  { id: 'CKV_AWS_79', types: ['aws_launch_template'], check: (b) => { const m = one(b.body.metadata_options); return !m || (m.http_tokens !== 'required' && m.http_endpoint !== 'disabled') ? 'IMDSv1 allowed' : undefined; } },
  { id: 'AWS-0130', types: ['aws_launch_template'], check: (b) => { const m = one(b.body.metadata_options); return !m || (m.http_tokens !== 'required' && m.http_endpoint !== 'disabled') ? 'IMDSv1 allowed' : undefined; } },
  { id: 'CKV_AWS_341', types: ['aws_launch_template'], check: (b) => { const h = one(b.body.metadata_options)?.http_put_response_hop_limit; return h !== undefined && h !== 1 ? `hop limit ${h}` : undefined; } },
  { id: 'BPG-IMDS-HOP1', advisory: true, types: ['aws_launch_template'], check: (b) => { const h = one(b.body.metadata_options)?.http_put_response_hop_limit; return h === undefined || h > 1 ? `hop limit ${h}` : undefined; } },
  { id: 'BPG-IMDS-NOT-DISABLED', advisory: true, types: ['aws_launch_template'], check: (b) => (one(b.body.metadata_options)?.http_endpoint === 'disabled' ? 'IMDS disabled' : undefined) },
  { id: 'CKV_AWS_88', types: ['aws_launch_template'], check: (b) => (list(b.body.network_interfaces).some((n: any) => n.associate_public_ip_address === 'true' || n.associate_public_ip_address === true) ? 'public IP' : undefined) },
  { id: 'CKV_AWS_46', types: ['aws_launch_template'], check: (b) => { const u = b.body.user_data ? Buffer.from(b.body.user_data, 'base64').toString() : ''; return /AKIA[0-9A-Z]{16}|aws_secret_access_key/i.test(u) ? 'credentials in user data' : undefined; } },
  // Role trusts
  { id: 'CKV_AWS_60', types: ['aws_iam_role'], check: (b) => (statements(b.body.assume_role_policy).some((s) => s.Effect !== 'Deny' && list(s.Principal?.AWS).includes('*')) ? 'AWS * principal' : undefined) },
  { id: 'AA-TRUST-WILDCARD', types: ['aws_iam_role'], check: (b) => (statements(b.body.assume_role_policy).some((s) => s.Principal === '*') ? 'Principal *' : undefined) },
  { id: 'CKV_AWS_61', types: ['aws_iam_role'], check: (b) => (statements(b.body.assume_role_policy).some((s) => s.Effect !== 'Deny' && list<string>(s.Principal?.AWS).some((p) => /^\d{12}$|:root$/.test(p))) ? 'account trust' : undefined) },
  { id: 'AA-TRUST-NO-RESOURCE', types: ['aws_iam_role'], check: (b) => (statements(b.body.assume_role_policy).some((s) => s.Resource || s.NotResource || s.NotPrincipal) ? 'Resource in trust' : undefined) },
  { id: 'AA-OIDC-MISMATCH', types: ['aws_iam_role'], check: (b) => (oidcStatements(b).some((s) => s.Action !== 'sts:AssumeRoleWithWebIdentity') ? 'wrong action' : undefined) },
  {
    id: 'AA-OIDC-NO-CONDITION', types: ['aws_iam_role'], check: (b, doc) => oidcStatements(b).some((s) => {
      const prefixes = conditionKeys(s).map((k) => k.slice(0, k.lastIndexOf(':')));
      return prefixes.length === 0 || prefixes.some((p) => resolveIssuer(p, doc) === undefined);
    }) ? 'no provider-scoped condition' : undefined,
  },
  {
    id: 'BPG-IRSA-SUB', types: ['aws_iam_role'], check: (b) => oidcStatements(b).some((s) => {
      const subs = Object.entries(s.Condition ?? {}).flatMap(([op, block]: [string, any]) => Object.entries(block).filter(([k]) => k.endsWith(':sub')).map(([, v]) => ({ op, values: list<string>(v as any) })));
      if (subs.length === 0) return true;
      return subs.some(({ op, values }) => values.some((v) => !/^system:serviceaccount:[a-z0-9-]+:[a-z0-9.*?-]+$/.test(v) || (op !== 'StringEquals' && !/^system:serviceaccount:[a-z0-9-]+:/.test(v)) || (op === 'StringEquals' && /[*?]/.test(v))));
    }) ? 'sub missing or spanning namespaces' : undefined,
  },
  { id: 'BPG-IRSA-AUD', types: ['aws_iam_role'], check: (b) => (oidcStatements(b).some((s) => Object.entries(s.Condition?.StringEquals ?? {}).filter(([k]) => k.endsWith(':aud')).map(([, v]) => v).join() !== 'sts.amazonaws.com') ? 'aud missing or wrong' : undefined) },
  { id: 'AA-AUD-QUALIFIER', advisory: true, types: ['aws_iam_role'], check: (b) => (oidcStatements(b).some((s) => Object.keys(s.Condition ?? {}).some((op) => /^For(Any|All)Value/.test(op) && Object.keys(s.Condition[op]).some((k) => k.endsWith(':aud')))) ? 'set qualifier on aud' : undefined) },
  { id: 'AA-WILDCARD-STRINGEQUALS', types: ['aws_iam_role'], check: (b) => (statements(b.body.assume_role_policy).some((s) => Object.values(s.Condition?.StringEquals ?? {}).some((v) => list<string>(v as any).some((x) => /[*?]/.test(x)))) ? 'wildcard under StringEquals' : undefined) },
  {
    id: 'IRSA-PROVIDER-MATCH', types: ['aws_iam_openid_connect_provider'], check: (b) =>
      b.body.url.startsWith('${') && !/^\$\{aws_eks_cluster\.[\w-]+\.identity\[0\]\.oidc\[0\]\.issuer\}$/.test(b.body.url) ? 'provider URL not the cluster issuer' : undefined,
  },
  { id: 'OIDC-CLIENT-ID', types: ['aws_iam_openid_connect_provider'], check: (b) => (!list(b.body.client_id_list).includes('sts.amazonaws.com') ? 'no sts client id' : undefined) },
  {
    id: 'PODID-TRUST', types: ['aws_iam_role'], check: (b) => {
      const pods = statements(b.body.assume_role_policy).filter((s) => list(s.Principal?.Service).includes('pods.eks.amazonaws.com'));
      return pods.some((s) => list(s.Principal.Service).length !== 1 || !['sts:AssumeRole', 'sts:TagSession'].every((a) => list(s.Action).includes(a))) ? 'pod identity trust shape' : undefined;
    },
  },
  { id: 'IAM-QUOTA-TRUST', types: ['aws_iam_role'], check: (b) => (size(b.body.assume_role_policy) > 2048 ? 'trust over 2,048' : undefined) },
  { id: 'IAM-QUOTA-ROLENAME', types: ['aws_iam_role'], check: (b) => (b.body.name.length > 64 || (b.body.path ?? '/').length > 512 || !/^\/(.*\/)?$/.test(b.body.path ?? '/') ? 'name or path' : undefined) },
  { id: 'IAM-QUOTA-POLNAME', types: IAM_POLICY_TYPES, check: (b) => (b.body.name.length > 128 || (b.type === 'aws_iam_role_policy' && /[\\/*?\s]/.test(b.body.name)) ? 'policy name' : undefined) },
  {
    id: 'IAM-QUOTA-INLINE', types: ['aws_iam_role'], check: (b, doc) => {
      const inline = doc.resources.filter((o) => o.type === 'aws_iam_role_policy' && ref(o.body.role, 'aws_iam_role') === b.name);
      return inline.reduce((n, o) => n + size(o.body.policy), 0) > 10_240 ? 'inline over 10,240' : undefined;
    },
  },
  { id: 'IAM-QUOTA-MANAGED', types: ['aws_iam_policy'], check: (b) => (size(b.body.policy) > 6144 ? 'managed over 6,144' : undefined) },
  { id: 'IAM-QUOTA-ATTACH', types: ['aws_iam_role'], check: (b, doc) => (doc.resources.filter((o) => o.type === 'aws_iam_role_policy_attachment' && ref(o.body.role, 'aws_iam_role') === b.name).length > 10 ? 'over 10 managed policies' : undefined) },
  // Identity policies
  { id: 'CKV_AWS_62', types: IAM_POLICY_TYPES, check: (b) => (allows(b.body.policy).some((s) => list(s.Action).includes('*') && list(s.Resource).includes('*')) ? '* on *' : undefined) },
  { id: 'CKV_AWS_63', types: IAM_POLICY_TYPES, check: (b) => (allows(b.body.policy).some((s) => list(s.Action).includes('*')) ? 'Action *' : undefined) },
  { id: 'CKV2_AWS_40', types: IAM_POLICY_TYPES, check: (b) => (allows(b.body.policy).some((s) => list<string>(s.Action).some((a) => a === '*' || a === 'iam:*')) ? 'iam:*' : undefined) },
  {
    // Covers CKV_AWS_355/356/287/288/289/290: an unconditioned Allow on Resource * may only hold actions AWS grants on * alone.
    id: 'CKV_AWS_355', types: IAM_POLICY_TYPES, check: async (b) => {
      for (const s of allows(b.body.policy).filter((st) => list(st.Resource).includes('*') && st.Condition === undefined && st.Action !== undefined)) {
        for (const a of list<string>(s.Action)) {
          const [service, name] = a.split(':');
          if (!(await isWildcardOnlyAction(service, name))) return `${a} on *`;
        }
      }
      return undefined;
    },
  },
  { id: 'CKV_AWS_286', types: IAM_POLICY_TYPES, check: (b) => { const acts = allows(b.body.policy).flatMap((s) => list<string>(s.Action)); return ['iam:PassRole', 'iam:CreatePolicyVersion', 'iam:PutRolePolicy', 'iam:UpdateAssumeRolePolicy', 'iam:AttachRolePolicy', 'lambda:UpdateFunctionCode'].some((a) => acts.includes(a)) ? 'escalation action' : undefined; } },
  { id: 'AWS-0342', types: ['aws_iam_policy'], check: (b) => (allows(b.body.policy).some((s) => list(s.Action).includes('iam:PassRole')) && !statements(b.body.policy).some((s) => s.Effect === 'Deny' && list(s.Action).includes('iam:PassRole')) ? 'PassRole' : undefined) },
  { id: 'AA-PASSROLE-STAR', types: IAM_POLICY_TYPES, check: (b) => (allows(b.body.policy).some((s) => list<string>(s.Action).some((a) => ['iam:PassRole', 'iam:*', '*'].includes(a)) && (list(s.Resource).includes('*') || s.NotResource)) ? 'PassRole on *' : undefined) },
  { id: 'AWS-0345', types: IAM_POLICY_TYPES, check: (b) => (allows(b.body.policy).some((s) => list(s.Action).includes('s3:*')) ? 's3:*' : undefined) },
  { id: 'AWS-0346', types: IAM_POLICY_TYPES, check: (b) => (allows(b.body.policy).some((s) => list(s.Resource).includes('*') && list<string>(s.Action).some((a) => a.startsWith('s3:Get')) && list<string>(s.Action).some((a) => a.startsWith('s3:Put'))) ? 's3 get+put on *' : undefined) },
  { id: 'AWS-0057', types: IAM_POLICY_TYPES, check: (b) => (allows(b.body.policy).some((s) => list<string>(s.Action).some((a) => a.includes('*'))) ? 'wildcard action' : undefined) },
  { id: 'CKV_AWS_274', types: ['aws_iam_role_policy_attachment'], check: (b) => (/:policy\/AdministratorAccess$/.test(b.body.policy_arn) ? 'AdministratorAccess' : undefined) },
  { id: 'CKV2_AWS_56', types: ['aws_iam_role_policy_attachment'], check: (b) => (/:policy\/IAMFullAccess$/.test(b.body.policy_arn) ? 'IAMFullAccess' : undefined) },
  {
    id: 'CIS-5.1.3', types: ['aws_iam_role_policy_attachment'], check: (b, doc) => {
      const role = doc.resources.find((o) => o.type === 'aws_iam_role' && o.name === ref(b.body.role, 'aws_iam_role'));
      const isNode = role !== undefined && statements(role.body.assume_role_policy).some((s) => list(s.Principal?.Service).includes('ec2.amazonaws.com'));
      return isNode && /AmazonEC2ContainerRegistry(FullAccess|PowerUser)$/.test(b.body.policy_arn) ? 'node role can push' : undefined;
    },
  },
  {
    id: 'BPG-CNI-OFF-NODE-ROLE', advisory: true, types: ['aws_iam_role_policy_attachment', 'aws_eks_addon'], check: (b, doc) => {
      if (b.type === 'aws_eks_addon') return b.body.addon_name === 'vpc-cni' && !b.body.service_account_role_arn && !b.body.pod_identity_association ? 'vpc-cni without its own role' : undefined;
      const role = doc.resources.find((o) => o.type === 'aws_iam_role' && o.name === ref(b.body.role, 'aws_iam_role'));
      const isNode = role !== undefined && statements(role.body.assume_role_policy).some((s) => list(s.Principal?.Service).includes('ec2.amazonaws.com'));
      return isNode && b.body.policy_arn.endsWith('/AmazonEKS_CNI_Policy') ? 'CNI policy on the node role' : undefined;
    },
  },
  // KMS
  { id: 'CKV_AWS_7', types: ['aws_kms_key'], check: (b) => ((b.body.customer_master_key_spec ?? 'SYMMETRIC_DEFAULT') === 'SYMMETRIC_DEFAULT' && b.body.enable_key_rotation !== true ? 'rotation off' : undefined) },
  { id: 'CKV_AWS_33', types: ['aws_kms_key'], check: (b) => (allows(b.body.policy).some((s) => !s.Condition && (s.Principal === '*' || list(s.Principal?.AWS).includes('*'))) ? 'Principal * without condition' : undefined) },
  { id: 'CKV_AWS_227', types: ['aws_kms_key'], check: (b) => (b.body.is_enabled === false ? 'disabled' : undefined) },
  { id: 'CKV2_AWS_64', types: ['aws_kms_key'], check: (b) => (!b.body.policy ? 'no key policy' : undefined) },
  // Security groups
  { id: 'CKV_AWS_24', types: ['aws_vpc_security_group_ingress_rule'], check: (b) => (anywhere(b) && (covers(b, 22) || covers(b, 3389)) ? 'SSH/RDP from anywhere' : undefined) },
  { id: 'CKV_AWS_277', types: ['aws_vpc_security_group_ingress_rule'], check: (b) => (anywhere(b) && b.body.ip_protocol === '-1' ? 'all from anywhere' : undefined) },
  { id: 'CKV_AWS_260', types: ['aws_vpc_security_group_ingress_rule'], check: (b) => (anywhere(b) && covers(b, 80) ? '80 from anywhere' : undefined) },
  { id: 'EKS-API-SG-OPEN', advisory: true, types: ['aws_vpc_security_group_ingress_rule'], check: (b) => (anywhere(b) && covers(b, 443) ? '443 from anywhere' : undefined) },
  { id: 'CKV_AWS_382', types: ['aws_vpc_security_group_egress_rule'], check: (b) => (anywhere(b) && b.body.ip_protocol === '-1' ? 'all egress to anywhere' : undefined) },
  { id: 'AWS-0104', types: ['aws_vpc_security_group_egress_rule'], check: (b) => (anywhere(b) ? 'egress to anywhere' : undefined) },
  { id: 'CKV_AWS_23', types: SG_RULE_TYPES, check: (b) => (!b.body.description || b.body.description === 'Managed by Terraform' ? 'no description' : undefined) },
  // VPC endpoints
  { id: 'VPCE-PRIVATE-DNS', types: ['aws_vpc_endpoint'], check: (b) => (b.body.vpc_endpoint_type === 'Interface' && b.body.private_dns_enabled !== true ? 'private DNS off' : undefined) },
  {
    id: 'BPG-VPCE-ECR-POLICY', advisory: true, types: ['aws_vpc_endpoint'], check: (b) => {
      if (!/\.ecr\.(api|dkr)$/.test(b.body.service_name)) return undefined;
      if (!b.body.policy) return 'no policy';
      return allows(b.body.policy).some((s) => list(s.Resource).includes('*') && list<string>(s.Action).some((a) => /^ecr:(\*|Put|Upload|InitiateLayerUpload|CompleteLayerUpload)/.test(a))) ? 'push on *' : undefined;
    },
  },
  {
    id: 'VPCE-S3-LAYER', advisory: true, types: ['aws_vpc_endpoint'], check: (b) => {
      if (!/\.s3$/.test(b.body.service_name) || b.body.vpc_endpoint_type !== 'Gateway') return undefined;
      if (list(b.body.route_table_ids).length === 0) return 'no route tables';
      return b.body.policy && !allows(b.body.policy).some((s) => list(s.Action).includes('s3:GetObject') && list<string>(s.Resource).some((r) => /:::prod-[a-z0-9-]+-starport-layer-bucket\/\*$/.test(r))) ? 'layer bucket not allowed' : undefined;
    },
  },
  { id: 'VPCE-POLICY-BROAD', advisory: true, types: ['aws_vpc_endpoint'], check: (b) => (b.body.policy && allows(b.body.policy).some((s) => list(s.Action).includes('*') && list(s.Resource).includes('*') && !s.Condition) ? '* on * without condition' : undefined) },
  {
    id: 'VPCE-SG-443', advisory: true, types: ['aws_vpc_endpoint'], check: (b, doc) => {
      if (b.body.vpc_endpoint_type !== 'Interface') return undefined;
      const groups = list<string>(b.body.security_group_ids).map((g) => ref(g, 'aws_security_group'));
      const rules = doc.resources.filter((o) => o.type === 'aws_vpc_security_group_ingress_rule' && groups.includes(ref(o.body.security_group_id, 'aws_security_group')));
      if (rules.some((r) => anywhere(r))) return '443 from anywhere';
      return rules.some((r) => covers(r, 443) && r.body.referenced_security_group_id) ? undefined : 'no 443 from a security group';
    },
  },
  // Logs
  { id: 'CKV_AWS_158', types: ['aws_cloudwatch_log_group'], check: (b) => (!b.body.kms_key_id ? 'not encrypted' : undefined) },
  { id: 'CKV_AWS_66', types: ['aws_cloudwatch_log_group'], check: (b) => (b.body.retention_in_days === undefined ? 'no retention' : undefined) },
];

/** Resolve a condition-key prefix (literal issuer or `${local.<x>_issuer}`) to what it names, if anything. */
function resolveIssuer(prefix: string, doc: Doc): string | undefined {
  if (/^oidc\.eks\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/id\/[A-Za-z0-9]+$/.test(prefix)) return prefix;
  const local = /^\$\{local\.([\w-]+)\}$/.exec(prefix)?.[1];
  return local !== undefined ? doc.locals[local] : undefined;
}

/** Rows that apply to the given resources, with their failures. */
export async function evaluate(doc: Doc, rows: Row[] = ROWS): Promise<Array<{ id: string; checked: number; failures: string[] }>> {
  const out = [];
  for (const row of rows) {
    const targets = doc.resources.filter((b) => row.types.includes(b.type));
    const failures: string[] = [];
    for (const b of targets) {
      const why = await row.check(b, doc);
      if (why !== undefined) failures.push(`${b.type}.${b.name}: ${why}`);
    }
    out.push({ id: row.id, checked: targets.length, failures });
  }
  return out;
}
