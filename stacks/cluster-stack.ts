import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AccessEntries, AccessEntrySpec } from '../src/cluster/access-entries';
import { ClusterAddons, managedAddon } from '../src/cluster/addons';
import { AuditQueries } from '../src/cluster/audit-queries';
import { EksCluster } from '../src/cluster/eks-cluster';
import { NodeGroup } from '../src/cluster/node-group';
import type { ClusterConfig, PlatformConfig } from '../src/config/schema';
import { IOidcProvider, OidcProvider } from '../src/identity/oidc-provider';
import { IrsaRole } from '../src/identity/irsa-role';
import { ManagedPolicy } from '../src/identity/managed-policy';
import { ServiceRole } from '../src/identity/service-role';
import { clusterRoleName, launchTemplateName, nameId } from '../src/naming';
import { ClusterSecurityGroups } from '../src/network/security-groups';
import { VpcEndpoints } from '../src/network/vpc-endpoints';
import {
  awsManagedPolicyArn,
  boundaryPolicyName,
  breakGlassTrust,
  permissionsBoundaryPolicy,
  podIdentityTrust,
  serviceTrust,
} from '../src/policy/cluster';
import { permissionPolicy } from '../src/policy/document';
import { awsContext } from '../src/policy/workload';
import { awsProvider } from '../src/providers/aws';
import { configureBackend } from '../src/providers/backend';
import { makeInert } from '../src/terraform/inert-strings';
import { iamDescription } from '../src/aws/text';
import { Addresses } from '../src/terraform/addresses';

export interface ClusterStackProps {
  readonly platform: PlatformConfig;
  readonly cluster: ClusterConfig;
  readonly outdir: string;
}

/**
 * Everything of one cluster except its workloads. Stack name: `<cluster>`.
 *
 * - Always: the permissions boundary for the cluster's roles (unless `iam.permissionsBoundary`
 *   names one), the IAM OIDC provider (unless given), access entries and the break-glass role.
 * - A cluster eksguard creates: the cluster with its role, KMS key and log group; security groups;
 *   VPC endpoints; the node role and node groups on hardened launch templates; the managed add-ons
 *   with the VPC CNI's own role; saved audit queries.
 */
export class ClusterStack extends TerraformStack {
  /** For the workloads stack: the provider its IRSA trusts name. */
  readonly oidcProvider?: IOidcProvider;
  /** The created cluster's issuer URL (a reference), for the workloads stack. */
  readonly issuerUrl?: string;
  /** The created cluster's ARN (a reference). */
  readonly clusterArn?: string;
  /** The created cluster's node and endpoint security groups and S3 prefix list (references), for pods' own security groups. */
  readonly nodeSecurityGroupId?: string;
  readonly endpointSecurityGroupId?: string;
  readonly s3PrefixListId?: string;

  constructor(scope: Construct, id: string, props: ClusterStackProps) {
    super(scope, id);
    // Every string of the config reaches Terraform as data; only the code's own references stay live.
    makeInert(this);
    const { platform, cluster } = props;
    const ctx = awsContext(platform);
    const rolePath = platform.iam.rolePath;
    awsProvider(this, { region: platform.region, accountId: platform.accountId, tags: { ...platform.tags, 'eksguard:cluster': cluster.name } });
    configureBackend(this, id, platform.backend, { outdir: props.outdir, region: platform.region });

    const boundaryArn = platform.iam.permissionsBoundary?.arn
      ?? new ManagedPolicy(this, 'permissions-boundary', {
        name: boundaryPolicyName(cluster.name),
        path: rolePath,
        description: `eksguard: boundary of every role of ${cluster.name}; denies IAM writes, role chaining and organization changes`,
        document: permissionsBoundaryPolicy(ctx.partition, podIdentityTargets(cluster)),
      }).arn;

    const entries: AccessEntrySpec[] = [...cluster.access.entries];
    let clusterName: string = cluster.name;

    if (cluster.existing !== undefined) {
      if (cluster.existing.oidcProviderArn === undefined) {
        const provider = new OidcProvider(this, nameId('oidc-provider', cluster.name), { issuerUrl: cluster.existing.oidcIssuerUrl });
        new TerraformOutput(this, 'oidc_provider_arn', { value: provider.arn });
      }
      if (cluster.existing.podIdentityAgent === 'create' && cluster.workloads.some((w) => w.identity !== 'irsa')) {
        managedAddon(this, cluster.name, 'eks-pod-identity-agent');
      }
    } else {
      const network = cluster.network!;
      const podSecurityGroups = cluster.workloads.some((w) => w.securityGroup !== undefined);
      // One cluster per stack: its parts keep the addresses they had before constructs composed
      // (`aws_security_group.nodes`, `aws_iam_role.cluster`, ...), so the construct ids add nothing to them.
      const groups = new ClusterSecurityGroups(this, Addresses.flat(this, 'security-groups'), {
        clusterName: cluster.name,
        vpcId: network.vpcId,
        webhookPorts: network.webhookPorts,
        nodeInternetEgress: network.nodeInternetEgress,
      });
      const endpoints = new VpcEndpoints(this, Addresses.flat(this, 'endpoints'), {
        ctx,
        clusterName: cluster.name,
        vpcId: network.vpcId,
        services: network.endpoints,
        subnetIds: network.privateSubnetIds,
        routeTableIds: network.privateRouteTableIds,
        securityGroupId: groups.endpointGroupId,
      });
      if (endpoints.s3PrefixListId !== undefined) {
        groups.allowNodeEgressToPrefixList('to-s3-443', endpoints.s3PrefixListId, 'Nodes pull image layers and reach S3 through the gateway endpoint');
      }

      // `aws_eks_cluster.<cluster>`; its role, key and log group keep `cluster`, `secrets`, `control-plane`.
      const eks = new EksCluster(this, Addresses.flat(this, nameId('cluster', cluster.name)), {
        ctx,
        name: cluster.name,
        kubernetesVersion: cluster.kubernetesVersion,
        subnetIds: network.privateSubnetIds,
        securityGroupId: groups.clusterGroupId,
        publicAccessCidrs: cluster.endpointAccess.public ? cluster.endpointAccess.publicAccessCidrs : undefined,
        logTypes: cluster.logging.types,
        logRetentionDays: cluster.logging.retentionDays,
        keyAdministratorArns: cluster.secretsEncryption!.keyAdministratorArns,
        rolePath,
        permissionsBoundaryArn: boundaryArn,
        podSecurityGroups,
      });
      clusterName = eks.name;
      this.nodeSecurityGroupId = groups.nodeGroupId;
      this.endpointSecurityGroupId = network.endpoints.some((e) => e !== 's3') ? groups.endpointGroupId : undefined;
      this.s3PrefixListId = endpoints.s3PrefixListId;
      this.clusterArn = eks.arn;
      this.issuerUrl = eks.issuerUrl;

      const provider = new OidcProvider(this, nameId('oidc-provider', cluster.name), { issuerUrl: eks.issuerUrl });
      this.oidcProvider = provider;

      // The VPC CNI's permissions live on its own role, bound to kube-system/aws-node.
      const cniPolicy = { AmazonEKS_CNI_Policy: awsManagedPolicyArn(ctx.partition, 'AmazonEKS_CNI_Policy') };
      const cniRoleName = clusterRoleName(cluster.name, 'vpc-cni');
      const cniRole =
        cluster.addons.cniIdentity === 'irsa'
          ? new IrsaRole(this, 'vpc-cni', { provider, namespace: 'kube-system', serviceAccount: 'aws-node', roleName: cniRoleName, path: rolePath, managedPolicies: cniPolicy, permissionsBoundaryArn: boundaryArn })
          : new ServiceRole(this, 'vpc-cni', { roleName: cniRoleName, path: rolePath, trust: podIdentityTrust({ accountId: ctx.accountId, clusterArn: eks.arn, namespace: 'kube-system', serviceAccount: 'aws-node' }), managedPolicies: cniPolicy, permissionsBoundaryArn: boundaryArn, description: `VPC CNI (kube-system/aws-node) of ${cluster.name}` });
      const addons = new ClusterAddons(this, Addresses.flat(this, 'addons'), {
        clusterName,
        cniRole: { roleArn: cniRole.roleArn, identity: cluster.addons.cniIdentity },
        versions: cluster.addons.versions,
        podSecurityGroups,
      });

      // The kubelet's needs only: join the cluster and pull images.
      const nodeRole = new ServiceRole(this, 'nodes', {
        roleName: clusterRoleName(cluster.name, 'nodes'),
        path: rolePath,
        description: `EKS nodes of ${cluster.name}: kubelet only (CNI permissions are on the vpc-cni role)`,
        trust: serviceTrust(ctx.partition, 'ec2', ['sts:AssumeRole']),
        managedPolicies: {
          AmazonEC2ContainerRegistryPullOnly: awsManagedPolicyArn(ctx.partition, 'AmazonEC2ContainerRegistryPullOnly'),
          AmazonEKSWorkerNodePolicy: awsManagedPolicyArn(ctx.partition, 'AmazonEKSWorkerNodePolicy'),
        },
        permissionsBoundaryArn: boundaryArn,
      });
      const nodeGroups = [...cluster.nodeGroups]
        .sort((a, b) => (a.name < b.name ? -1 : 1))
        .map((g) => new NodeGroup(this, nameId('node-group', g.name), {
          clusterName,
          name: g.name,
          // From the literal name: the reference's text is shorter than the name it resolves to.
          launchTemplateName: launchTemplateName(cluster.name, g.name),
          kubernetesVersion: cluster.kubernetesVersion,
          nodeRoleArn: nodeRole.roleArn,
          subnetIds: g.subnetIds ?? network.privateSubnetIds,
          securityGroupId: groups.nodeGroupId,
          instanceTypes: g.instanceTypes,
          scaling: g.scaling,
          amiType: g.amiType,
          capacityType: g.capacityType,
          diskSizeGiB: g.diskSizeGiB,
          labels: g.labels,
          taints: g.taints,
          imdsHopLimit: g.imds.hopLimit,
          dependsOn: [...nodeRole.attachments, ...addons.beforeNodes],
        }));
      addons.addCoreDns(nodeGroups.map((n) => n.nodeGroup));

      if (cluster.auditQueries) {
        new AuditQueries(this, Addresses.flat(this, 'audit'), { clusterName: cluster.name, logGroupName: eks.logGroupName, cloudTrailLogGroupName: cluster.logging.cloudTrailLogGroupName });
      }
      new TerraformOutput(this, 'cluster_name', { value: clusterName });
      new TerraformOutput(this, 'cluster_arn', { value: eks.arn });
      new TerraformOutput(this, 'oidc_provider_arn', { value: provider.arn });
      new TerraformOutput(this, 'node_role_arn', { value: nodeRole.roleArn });
    }

    const bg = cluster.access.breakGlassRole;
    if (bg !== undefined) {
      const clusterArn = this.clusterArn ?? `arn:${ctx.partition}:eks:${ctx.region}:${ctx.accountId}:cluster/${cluster.name}`;
      const role = new ServiceRole(this, 'break-glass', {
        roleName: clusterRoleName(cluster.name, 'break-glass'),
        path: rolePath,
        description: iamDescription(`Break-glass admin of ${cluster.name} (MFA, ${bg.maxSessionDurationSeconds} s sessions): ${bg.reason}`),
        trust: breakGlassTrust({ trustedPrincipalArns: bg.trustedPrincipalArns, maxMfaAgeSeconds: bg.maxMfaAgeSeconds }),
        maxSessionDurationSeconds: bg.maxSessionDurationSeconds,
        permissions: permissionPolicy([{ sid: 'KubeconfigForCluster', actions: ['eks:DescribeCluster'], resources: [clusterArn] }]),
        permissionsBoundaryArn: boundaryArn,
      });
      entries.push({ key: 'break-glass', principalArn: role.roleArn, accessPolicy: 'AmazonEKSClusterAdminPolicy' });
      new TerraformOutput(this, 'break_glass_role_arn', { value: role.roleArn });
    }
    if (entries.length > 0) new AccessEntries(this, Addresses.flat(this, 'access'), { clusterName, partition: ctx.partition, entries });
  }
}

/** Roles EKS Pod Identity chains into for this cluster's workloads: the boundary's one allowed chain. */
function podIdentityTargets(cluster: ClusterConfig): string[] {
  return cluster.workloads.flatMap((w) => (w.identity !== 'irsa' && w.podIdentity?.targetRoleArn !== undefined ? [w.podIdentity.targetRoleArn] : []));
}
