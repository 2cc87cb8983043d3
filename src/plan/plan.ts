/**
 * planPlatform: the validated config → one complete ClusterPlan per cluster, built once. Every
 * decision the stacks used to re-derive from the raw config (which stack a workload goes to, which
 * flows it has, whether the CSI driver is needed, the VPC CIDR, every relaxation and where it is
 * rendered...) is made here, and the stacks only render it. Pure: no cdktf or constructs import.
 */
import type { ClusterConfig, PlatformConfig, WorkloadConfig } from '../config/schema';
import type { Problem } from '../config/problems';
import { directAwsServices, publicAwsServices } from '../kubernetes/objects';
import { platformNamespaces } from '../kubernetes/namespace-plan';
import { clusterRoleName, launchTemplateName, shardOf, tfName, workloadsStackName } from '../naming';
import { awsManagedPolicyArn, boundaryPolicyName, breakGlassTrust, permissionsBoundaryPolicy, serviceTrust } from '../policy/cluster';
import { crossAccountAccess, type AccountAccess, type KmsGrantPlan } from '../policy/cross-account';
import type { PolicyDocument, Statement } from '../policy/document';
import { awsContext, planClusterIdentities, type WorkloadIdentityPlan } from '../policy/workload';
import { iamDescription } from '../aws/text';
import type {
  AccessEntryPlan,
  AccountPlan,
  AppPeerPlan,
  BackendPlan,
  BreakGlassRolePlan,
  ClusterPlan,
  CreatedClusterPlan,
  ExistingClusterPlan,
  InClusterPlan,
  NodeGroupPlan,
  PodSecurityGroupPlan,
  ProviderPlan,
  Relaxation,
  WorkloadPlan,
} from './types';

/** The rules each kind of relaxation accepts findings of (the rule pack's ids). */
export const RELAXATION_RULES = {
  publicEndpoint: ['CKV_AWS_39', 'AWS-0040', 'AWS-0041', 'CIS-5.4.2'],
  reducedLogTypes: ['CKV_AWS_37'],
  imdsHopLimit2: ['CKV_AWS_341', 'BPG-IMDS-HOP1'],
  internetEgress: ['AWS-0104'],
  clusterAdmin: ['BPG-ACCESS-ADMIN-SCOPE'],
  wildcardSubject: ['BPG-IRSA-SUB-NS-WIDE'],
  podIdentityAgentInstalled: ['PODID-AGENT'],
} as const;

/** Every plan of the platform, or every problem found while planning. */
export function planPlatform(config: PlatformConfig): PlatformPlanResult {
  const problems: Problem[] = [];
  const plans: ClusterPlan[] = [];
  config.clusters.forEach((cluster, i) => {
    const r = planClusterIdentities(config, cluster, `clusters[${i}]`);
    problems.push(...r.problems);
    // A workload with a problem has no identity plan: a cluster plan without it would render the
    // cluster silently missing that workload, so no plan at all leaves while any problem stands.
    if (problems.length === 0) plans.push(planCluster(config, cluster, i, r.plans));
  });
  return problems.length > 0 ? { plans: [], problems } : { plans, problems: [] };
}

/**
 * Every cluster's complete plan and no problem, or every problem and no plan: a plan never comes
 * with problems, so what renders it never renders part of a platform.
 */
export type PlatformPlanResult =
  | { readonly plans: ClusterPlan[]; readonly problems: [] }
  | { readonly plans: []; readonly problems: Problem[] };

function backendPlan(backend: PlatformConfig['backend']): BackendPlan {
  switch (backend.type) {
    case 's3':
      return { type: 's3', bucket: backend.bucket, region: backend.region, keyPrefix: backend.keyPrefix, kmsKeyId: backend.kmsKeyId, roleArn: backend.roleArn };
    case 'cloud':
      return { type: 'cloud', organization: backend.organization, workspacePrefix: backend.workspacePrefix, project: backend.project, hostname: backend.hostname };
    default:
      return { type: 'local', stateDir: backend.stateDir };
  }
}

const byWorkload = <T extends { readonly namespace: string; readonly name: string }>(a: T, b: T) => (`${a.namespace}/${a.name}` < `${b.namespace}/${b.name}` ? -1 : 1);

function planCluster(config: PlatformConfig, cluster: ClusterConfig, index: number, identities: WorkloadIdentityPlan[]): ClusterPlan {
  const cpath = `clusters[${index}]`;
  const ctx = awsContext(config);
  const name = cluster.name;
  const relaxations: Relaxation[] = [];
  const relax = (configPath: string, reason: string, rules: readonly string[], attachesTo: string): Relaxation => {
    const r = { configPath, reason, rules, attachesTo };
    relaxations.push(r);
    return r;
  };
  const provider: ProviderPlan = { region: config.region, accountId: config.accountId, partition: ctx.partition, tags: { ...config.tags, 'eksguard:cluster': name } };
  const rolePath = config.iam.rolePath;
  const { shards } = cluster.sharding;
  const stackOf = (w: { readonly namespace: string; readonly name: string }) => workloadsStackName(name, shardOf(w.namespace, w.name, shards), shards);
  const workloadsStacks = Array.from({ length: shards }, (_, s) => workloadsStackName(name, s, shards));

  // The cluster itself: created (with everything only then known) or existing.
  let clusterPlan: CreatedClusterPlan | ExistingClusterPlan;
  const usesPodIdentity = cluster.workloads.some((w) => w.identity !== 'irsa');
  if (cluster.existing !== undefined) {
    const e = cluster.existing;
    clusterPlan = {
      kind: 'existing',
      oidcIssuerUrl: e.oidcIssuerUrl,
      oidcProviderArn: e.oidcProviderArn,
      createPodIdentityAgent: e.podIdentityAgent === 'create' && usesPodIdentity,
      vpcId: e.vpcId,
      vpcCidr: e.vpcCidr,
      nodeSecurityGroupId: e.nodeSecurityGroupId,
    };
  } else {
    const network = cluster.network!;
    const clusterRelaxations: Relaxation[] = [];
    const clusterResource = `aws_eks_cluster of ${name}`;
    if (cluster.endpointAccess.public && cluster.endpointAccess.reason !== undefined) {
      clusterRelaxations.push(relax(`${cpath}.endpointAccess`, cluster.endpointAccess.reason, RELAXATION_RULES.publicEndpoint, clusterResource));
    }
    if (cluster.logging.reducedTypes !== undefined) clusterRelaxations.push(relax(`${cpath}.logging.reducedTypes`, cluster.logging.reducedTypes.reason, RELAXATION_RULES.reducedLogTypes, clusterResource));
    const nodeGroupPaths = new Map(cluster.nodeGroups.map((g, gi) => [g, `${cpath}.nodeGroups[${gi}]`]));
    const nodeGroups: NodeGroupPlan[] = [...cluster.nodeGroups].sort((a, b) => (a.name < b.name ? -1 : 1)).map((g) => {
      const gpath = nodeGroupPaths.get(g)!;
      return {
        name: g.name,
        configPath: gpath,
        launchTemplateName: launchTemplateName(name, g.name),
        subnetIds: g.subnetIds ?? network.privateSubnetIds,
        instanceTypes: g.instanceTypes,
        scaling: g.scaling,
        amiType: g.amiType,
        capacityType: g.capacityType,
        diskSizeGiB: g.diskSizeGiB,
        labels: g.labels,
        taints: g.taints,
        imdsHopLimit: g.imds.hopLimit,
        imdsRelaxation: g.imds.hopLimit === 2 && g.imds.reason !== undefined ? relax(`${gpath}.imds`, g.imds.reason, RELAXATION_RULES.imdsHopLimit2, `aws_launch_template of node group ${g.name}`) : undefined,
      };
    });
    clusterPlan = {
      kind: 'created',
      network: {
        vpcId: network.vpcId,
        vpcCidr: network.vpcCidr,
        privateSubnetIds: network.privateSubnetIds,
        privateRouteTableIds: network.privateRouteTableIds,
        endpoints: network.endpoints,
        endpointsConfigPath: `${cpath}.network.endpoints`,
        interfaceEndpoints: network.endpoints.filter((e) => e !== 's3'),
        webhookPorts: network.webhookPorts,
        nodeInternetEgress: network.nodeInternetEgress === undefined ? undefined : relax(`${cpath}.network.nodeInternetEgress`, network.nodeInternetEgress.reason, RELAXATION_RULES.internetEgress, 'the nodes\' (and pods\' own security groups\') internet egress rule'),
      },
      publicAccessCidrs: cluster.endpointAccess.public ? cluster.endpointAccess.publicAccessCidrs : undefined,
      logging: { types: cluster.logging.types, retentionDays: cluster.logging.retentionDays, cloudTrailLogGroupName: cluster.logging.cloudTrailLogGroupName },
      clusterRelaxations,
      keyAdministratorArns: cluster.secretsEncryption!.keyAdministratorArns,
      podSecurityGroups: cluster.workloads.some((w) => w.securityGroup !== undefined),
      addons: { cniIdentity: cluster.addons.cniIdentity, versions: cluster.addons.versions as Record<string, string> },
      cniRole: {
        name: clusterRoleName(name, 'vpc-cni'),
        managedPolicies: { AmazonEKS_CNI_Policy: awsManagedPolicyArn(ctx.partition, 'AmazonEKS_CNI_Policy') },
        description: cluster.addons.cniIdentity === 'irsa' ? undefined : `VPC CNI (kube-system/aws-node) of ${name}`,
      },
      nodeRole: {
        name: clusterRoleName(name, 'nodes'),
        description: `EKS nodes of ${name}: kubelet only (CNI permissions are on the vpc-cni role)`,
        trust: serviceTrust(ctx.partition, 'ec2', ['sts:AssumeRole']),
        managedPolicies: {
          AmazonEC2ContainerRegistryPullOnly: awsManagedPolicyArn(ctx.partition, 'AmazonEC2ContainerRegistryPullOnly'),
          AmazonEKSWorkerNodePolicy: awsManagedPolicyArn(ctx.partition, 'AmazonEKSWorkerNodePolicy'),
        },
      },
      nodeGroups,
      auditQueries: cluster.auditQueries,
    };
  }

  const accessEntries: AccessEntryPlan[] = cluster.access.entries.map((e, ei) => ({
    configPath: `${cpath}.access.entries[${ei}]`,
    principalArn: e.principalArn,
    accessPolicy: e.accessPolicy,
    namespaces: e.namespaces,
    kubernetesGroups: e.kubernetesGroups,
    userName: e.userName,
    relaxation: e.breakGlass === undefined ? undefined : relax(`${cpath}.access.entries[${ei}].breakGlass`, e.breakGlass.reason, RELAXATION_RULES.clusterAdmin, `the access policy association of ${e.principalArn}`),
  }));
  const bg = cluster.access.breakGlassRole;
  const breakGlassRole: BreakGlassRolePlan | undefined = bg === undefined ? undefined : {
    roleName: clusterRoleName(name, 'break-glass'),
    description: iamDescription(`Break-glass admin of ${name} (MFA, ${bg.maxSessionDurationSeconds} s sessions): ${bg.reason}`),
    trust: breakGlassTrust({ trustedPrincipalArns: bg.trustedPrincipalArns, maxMfaAgeSeconds: bg.maxMfaAgeSeconds }),
    maxSessionDurationSeconds: bg.maxSessionDurationSeconds,
    clusterArn: `arn:${ctx.partition}:eks:${ctx.region}:${ctx.accountId}:cluster/${name}`,
    relaxation: relax(`${cpath}.access.breakGlassRole`, bg.reason, RELAXATION_RULES.clusterAdmin, 'the break-glass access policy association'),
  };

  const vpcCidr = cluster.network?.vpcCidr ?? cluster.existing?.vpcCidr;
  const access = crossAccountAccess(config, cluster, identities, ctx);
  const workloads = planWorkloads(cluster, cpath, identities, clusterPlan, stackOf, relax, sharesOf(access));

  const accounts: AccountPlan[] = access.map((access) => {
    const account = config.accounts[access.account];
    return {
      stack: `${name}-account-${access.account}`,
      provider: { region: account.region ?? config.region, accountId: access.account, partition: ctx.partition, tags: provider.tags, assumeRoleArn: account.roleArn },
      managePolicies: account.managePolicies,
      access,
    };
  });

  const podIdentityTargets = cluster.workloads.flatMap((w) => (w.identity !== 'irsa' && w.podIdentity?.targetRoleArn !== undefined ? [w.podIdentity.targetRoleArn] : []));
  return {
    clusterIndex: index,
    configPath: cpath,
    name,
    kubernetesVersion: cluster.kubernetesVersion,
    stacks: { cluster: name, platform: `${name}-platform`, workloads: workloadsStacks, accounts: accounts.map((a) => a.stack) },
    provider,
    kubernetesAuth: cluster.kubernetesAuth,
    backend: backendPlan(config.backend),
    rolePath,
    boundary: config.iam.permissionsBoundary !== undefined
      ? { kind: 'given', arn: config.iam.permissionsBoundary.arn }
      : {
        kind: 'created',
        name: boundaryPolicyName(name),
        description: `eksguard: boundary of every role of ${name}; denies IAM writes, role chaining and organization changes`,
        document: permissionsBoundaryPolicy(ctx.partition, podIdentityTargets),
      },
    cluster: clusterPlan,
    accessEntries,
    breakGlassRole,
    namespaces: platformNamespaces(cluster).map((ns) => ({ ...ns, podIdentity: cluster.workloads.some((w) => w.namespace === ns.name && w.identity !== 'irsa') })),
    vpcCidr,
    rbac: Object.keys(cluster.rbac.groups).sort().flatMap((group) => {
      const g = cluster.rbac.groups[group];
      return [...new Set(g.namespaces)].sort().map((namespace) => ({ group, namespace, exec: g.exec !== undefined }));
    }),
    secretsStoreCsi: cluster.workloads.some((w) => w.secrets.length > 0) ? cluster.secretsStoreCsi : undefined,
    identities,
    shards: workloadsStacks.map((stack) => ({ name: stack, workloads: workloads.filter((w) => w.stack === stack) })),
    accounts,
    relaxations,
  };
}

/** Each workload's identity, trust, in-cluster needs and relaxations, sorted by namespace and name. */
function planWorkloads(
  cluster: ClusterConfig,
  cpath: string,
  identities: readonly WorkloadIdentityPlan[],
  clusterPlan: CreatedClusterPlan | ExistingClusterPlan,
  stackOf: (w: { readonly namespace: string; readonly name: string }) => string,
  relax: (configPath: string, reason: string, rules: readonly string[], attachesTo: string) => Relaxation,
  crossAccount: (roleArn: string) => AccountAccess[],
): WorkloadPlan[] {
  const pathOf = new Map(cluster.workloads.map((w, wi) => [w, `${cpath}.workloads[${wi}]`]));
  const all = [...cluster.workloads].sort(byWorkload);
  const configOf = new Map(cluster.workloads.map((w) => [`${w.namespace}/${w.name}`, w]));
  const keyOf = (w: { readonly namespace: string; readonly name: string }) => tfName(w.namespace, w.name);
  // Flows name workloads by name only (a workload's clients are in its cluster).
  const byName = new Map(all.map((w) => [w.name, w]));
  const clientsOf = (w: WorkloadConfig) => w.network.ingress.map((i) => ({ client: byName.get(i.fromApp)!, port: i.port, protocol: i.protocol }));
  // Who each app may reach, indexed once (servers in sorted order, each server's rules in config order).
  const serversOf = new Map<string, AppPeerPlan[]>();
  for (const server of all) {
    for (const i of server.network.ingress) {
      const list = serversOf.get(i.fromApp) ?? [];
      list.push({ app: server.name, namespace: server.namespace, port: i.port, protocol: i.protocol });
      serversOf.set(i.fromApp, list);
    }
  }
  // A client's flows to servers, for its own security group: servers in sorted order, each server's rules in config order.
  const flowsOf = new Map<string, Array<PodSecurityGroupPlan['flowsTo'][number]>>();
  for (const server of all) {
    for (const { client, port, protocol } of clientsOf(server)) {
      if (client.securityGroup === undefined) continue;
      const list = flowsOf.get(keyOf(client)) ?? [];
      // The server's own group when it is written beside the client's (same shard); else the nodes'.
      list.push({ server: server.name, key: keyOf(server), serverHasGroup: server.securityGroup !== undefined && stackOf(server) === stackOf(client), port, protocol });
      flowsOf.set(keyOf(client), list);
    }
  }
  const interfaceEndpoints = clusterPlan.kind === 'created' ? clusterPlan.network.interfaceEndpoints : undefined;
  const vpcCidr = cluster.network?.vpcCidr ?? cluster.existing?.vpcCidr;
  const agentInstalled = cluster.existing?.podIdentityAgent === 'installed';

  return identities.map((identity) => {
    const w = configOf.get(`${identity.namespace}/${identity.name}`)!;
    const wpath = pathOf.get(w)!;
    const key = keyOf(w);
    const inCluster: InClusterPlan = {
      secretObjects: w.secrets.map((e) => ({ kind: e.secretsManager !== undefined ? 'secretsmanager' : 'ssmparameter', name: (e.secretsManager ?? e.ssmParameter)!, env: e.env })),
      from: clientsOf(w).map((c) => ({ app: c.client.name, namespace: c.client.namespace, port: c.port, protocol: c.protocol })),
      to: [...(serversOf.get(w.name) ?? [])],
      publicAwsServices: publicAwsServices(directAwsServices(w), interfaceEndpoints),
      securityGroup: w.securityGroup === undefined ? undefined : {
        // Clients behind the node group reach these pods through it; clients with their own group add their rule themselves.
        ingressPorts: [...w.securityGroup.probePorts.map((port) => ({ port, protocol: 'TCP' })), ...clientsOf(w).filter((c) => c.client.securityGroup === undefined).map((c) => ({ port: c.port, protocol: c.protocol }))],
        egress: w.securityGroup.egress.map((e) => ({ ...e, cidr: e.cidr ?? vpcCidr! })),
        s3: w.s3.length > 0,
        flowsTo: flowsOf.get(key) ?? [],
      },
    };
    return {
      configPath: wpath,
      key,
      stack: stackOf(w),
      identity,
      trust: { document: identity.trust, oidc: identity.oidc },
      inCluster,
      crossAccount: crossAccount(identity.roleArn),
      roleRelaxation: w.wildcardSubject === undefined ? undefined : relax(`${wpath}.wildcardSubject`, w.wildcardSubject.reason, RELAXATION_RULES.wildcardSubject, `the role of ${w.namespace}/${w.name}`),
      associationRelaxation: agentInstalled && w.identity !== 'irsa'
        ? relax(`${cpath}.existing.podIdentityAgent`, 'the cluster\'s eks-pod-identity-agent add-on is installed outside eksguard (existing.podIdentityAgent: installed)', RELAXATION_RULES.podIdentityAgentInstalled, `the Pod Identity association of ${w.namespace}/${w.name}`)
        : undefined,
    };
  });
}

/**
 * Each workload role's share of the other accounts' access, indexed once by role ARN (a grant by
 * its grantee, a policy statement by its principal), so splitting it costs one pass over the access.
 */
function sharesOf(access: readonly AccountAccess[]): (roleArn: string) => AccountAccess[] {
  type Share = { kmsGrants: KmsGrantPlan[]; bucketPolicies: Record<string, PolicyDocument>; secretPolicies: Record<string, PolicyDocument>; repositoryPolicies: Record<string, PolicyDocument> };
  const byRole = new Map<string, Map<string, Share>>();
  const shareOf = (roleArn: string, account: string): Share => {
    const accounts = byRole.get(roleArn) ?? new Map<string, Share>();
    byRole.set(roleArn, accounts);
    const share = accounts.get(account) ?? { kmsGrants: [], bucketPolicies: {}, secretPolicies: {}, repositoryPolicies: {} };
    accounts.set(account, share);
    return share;
  };
  const principalOf = (s: Statement) => (typeof s.Principal === 'object' ? s.Principal.AWS : undefined);
  for (const a of access) {
    for (const g of a.kmsGrants) shareOf(g.granteeRoleArn, a.account).kmsGrants.push(g);
    for (const kind of ['bucketPolicies', 'secretPolicies', 'repositoryPolicies'] as const) {
      for (const [name, doc] of Object.entries(a[kind])) {
        for (const statement of doc.Statement) {
          const role = principalOf(statement);
          if (typeof role !== 'string') continue;
          const docs = shareOf(role, a.account)[kind];
          (docs[name] ??= { Version: doc.Version, Statement: [] }).Statement.push(statement);
        }
      }
    }
  }
  return (roleArn) => [...(byRole.get(roleArn) ?? new Map<string, Share>())].map(([account, share]) => ({ account, ...share }));
}
