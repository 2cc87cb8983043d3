import { TerraformOutput, TerraformStack } from 'cdktf';
import type { ClusterReferences } from './workloads-stack';
import { Construct } from 'constructs';
import { AccessEntries, AccessEntrySpec } from '../src/cluster/access-entries';
import { ClusterAddons, managedAddon } from '../src/cluster/addons';
import { AuditQueries } from '../src/cluster/audit-queries';
import { EksCluster } from '../src/cluster/eks-cluster';
import { NodeGroup } from '../src/cluster/node-group';
import { IOidcProvider, OidcProvider } from '../src/identity/oidc-provider';
import { ManagedPolicy } from '../src/identity/managed-policy';
import { ServiceRole } from '../src/identity/service-role';
import { WorkloadRole } from '../src/identity/workload-role';
import { nameId } from '../src/naming';
import { ClusterSecurityGroups } from '../src/network/security-groups';
import { VpcEndpoints } from '../src/network/vpc-endpoints';
import type { ClusterPlan } from '../src/plan';
import { permissionPolicy } from '../src/policy/document';
import { awsProvider } from '../src/providers/aws';
import { configureBackend } from '../src/providers/backend';
import { makeInert } from '../src/terraform/inert-strings';
import { Addresses } from '../src/terraform/addresses';
import { stampConfigPath, stampRelaxation } from '../src/terraform/stamps';

export interface ClusterStackProps {
  /** The cluster's plan (src/plan). */
  readonly plan: ClusterPlan;
  readonly outdir: string;
}

/**
 * Everything of one cluster except its workloads. Stack name: `<cluster>`. It renders the plan.
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

  /** What the created cluster's workloads stacks read from this stack (WorkloadsStackProps.clusterReferences); undefined for an existing cluster. */
  get workloadReferences(): ClusterReferences | undefined {
    if (this.oidcProvider === undefined || this.issuerUrl === undefined || this.nodeSecurityGroupId === undefined) return undefined;
    return {
      oidcProvider: { arn: this.oidcProvider.arn, issuerUrl: this.issuerUrl },
      nodeSecurityGroupId: this.nodeSecurityGroupId,
      ...(this.endpointSecurityGroupId !== undefined ? { endpointSecurityGroupId: this.endpointSecurityGroupId } : {}),
      ...(this.s3PrefixListId !== undefined ? { s3PrefixListId: this.s3PrefixListId } : {}),
    };
  }

  constructor(scope: Construct, id: string, props: ClusterStackProps) {
    super(scope, id);
    // Every string of the config reaches Terraform as data; only the code's own references stay live.
    makeInert(this);
    const { plan } = props;
    stampConfigPath(this, plan.configPath);
    const ctx = { partition: plan.provider.partition, region: plan.provider.region, accountId: plan.provider.accountId };
    const rolePath = plan.rolePath;
    awsProvider(this, plan.provider);
    configureBackend(this, id, plan.backend, { outdir: props.outdir, region: plan.provider.region });

    const boundaryArn = plan.boundary.kind === 'given'
      ? plan.boundary.arn
      : new ManagedPolicy(this, 'permissions-boundary', { name: plan.boundary.name, path: rolePath, description: plan.boundary.description, document: plan.boundary.document }).arn;

    const specs = new Map<AccessEntrySpec, { readonly configPath?: string; readonly relaxation?: typeof plan.accessEntries[number]['relaxation'] }>();
    const entries: AccessEntrySpec[] = plan.accessEntries.map((e) => {
      const spec: AccessEntrySpec = { principalArn: e.principalArn, accessPolicy: e.accessPolicy, namespaces: e.namespaces, kubernetesGroups: e.kubernetesGroups, userName: e.userName };
      specs.set(spec, { configPath: e.configPath, relaxation: e.relaxation });
      return spec;
    });
    let clusterName: string = plan.name;

    if (plan.cluster.kind === 'existing') {
      if (plan.cluster.oidcProviderArn === undefined) {
        const provider = new OidcProvider(this, nameId('oidc-provider', plan.name), { issuerUrl: plan.cluster.oidcIssuerUrl });
        new TerraformOutput(this, 'oidc_provider_arn', { value: provider.arn });
      }
      if (plan.cluster.createPodIdentityAgent) managedAddon(this, plan.name, 'eks-pod-identity-agent');
    } else {
      const created = plan.cluster;
      const network = created.network;
      const podSecurityGroups = created.podSecurityGroups;
      // One cluster per stack: its parts keep the addresses they had before constructs composed
      // (`aws_security_group.nodes`, `aws_iam_role.cluster`, ...), so the construct ids add nothing to them.
      const groups = new ClusterSecurityGroups(this, Addresses.flat(this, 'security-groups'), {
        clusterName: plan.name,
        vpcId: network.vpcId,
        webhookPorts: network.webhookPorts,
        nodeInternetEgress: network.nodeInternetEgress === undefined ? undefined : { reason: network.nodeInternetEgress.reason },
      });
      stampRelaxation(groups.internetEgressRule, network.nodeInternetEgress);
      const endpoints = stampConfigPath(new VpcEndpoints(this, Addresses.flat(this, 'endpoints'), {
        ctx,
        clusterName: plan.name,
        vpcId: network.vpcId,
        services: network.endpoints,
        subnetIds: network.privateSubnetIds,
        routeTableIds: network.privateRouteTableIds,
        securityGroupId: groups.endpointGroupId,
      }), network.endpointsConfigPath);
      if (endpoints.s3PrefixListId !== undefined) {
        groups.allowNodeEgressToPrefixList('to-s3-443', endpoints.s3PrefixListId, 'Nodes pull image layers and reach S3 through the gateway endpoint');
      }

      // `aws_eks_cluster.<cluster>`; its role, key and log group keep `cluster`, `secrets`, `control-plane`.
      const eks = new EksCluster(this, Addresses.flat(this, nameId('cluster', plan.name)), {
        ctx,
        name: plan.name,
        kubernetesVersion: plan.kubernetesVersion,
        subnetIds: network.privateSubnetIds,
        securityGroupId: groups.clusterGroupId,
        publicAccessCidrs: created.publicAccessCidrs,
        logTypes: created.logging.types,
        logRetentionDays: created.logging.retentionDays,
        keyAdministratorArns: created.keyAdministratorArns,
        rolePath,
        permissionsBoundaryArn: boundaryArn,
        podSecurityGroups,
      });
      for (const r of created.clusterRelaxations) stampRelaxation(eks.cluster, r);
      clusterName = eks.name;
      this.nodeSecurityGroupId = groups.nodeGroupId;
      this.endpointSecurityGroupId = network.interfaceEndpoints.length > 0 ? groups.endpointGroupId : undefined;
      this.s3PrefixListId = endpoints.s3PrefixListId;
      this.clusterArn = eks.arn;
      this.issuerUrl = eks.issuerUrl;

      const provider = new OidcProvider(this, nameId('oidc-provider', plan.name), { issuerUrl: eks.issuerUrl });
      this.oidcProvider = provider;

      // The VPC CNI's permissions live on its own role, bound to kube-system/aws-node: the same role
      // construct as the workloads' (IRSA or Pod Identity); its trust names the cluster's references.
      const cniRole = new WorkloadRole(this, 'vpc-cni', {
        identity: created.addons.cniIdentity,
        namespace: 'kube-system',
        serviceAccount: 'aws-node',
        provider,
        accountId: ctx.accountId,
        clusterArn: eks.arn,
        roleName: created.cniRole.name,
        path: rolePath,
        managedPolicies: created.cniRole.managedPolicies,
        permissionsBoundaryArn: boundaryArn,
        description: created.cniRole.description,
      });
      const addons = new ClusterAddons(this, Addresses.flat(this, 'addons'), {
        clusterName,
        cniRole: { roleArn: cniRole.roleArn, identity: created.addons.cniIdentity },
        versions: created.addons.versions,
        podSecurityGroups,
      });

      // The kubelet's needs only: join the cluster and pull images.
      const nodeRole = new ServiceRole(this, 'nodes', {
        roleName: created.nodeRole.name,
        path: rolePath,
        description: created.nodeRole.description,
        trust: created.nodeRole.trust,
        managedPolicies: created.nodeRole.managedPolicies,
        permissionsBoundaryArn: boundaryArn,
      });
      const nodeGroups = created.nodeGroups.map((g) => {
        const group = stampConfigPath(new NodeGroup(this, nameId('node-group', g.name), {
          clusterName,
          name: g.name,
          // From the literal name: the reference's text is shorter than the name it resolves to.
          launchTemplateName: g.launchTemplateName,
          kubernetesVersion: plan.kubernetesVersion,
          nodeRoleArn: nodeRole.roleArn,
          subnetIds: g.subnetIds,
          securityGroupId: groups.nodeGroupId,
          instanceTypes: g.instanceTypes,
          scaling: g.scaling,
          amiType: g.amiType,
          capacityType: g.capacityType,
          diskSizeGiB: g.diskSizeGiB,
          labels: g.labels,
          taints: g.taints,
          imdsHopLimit: g.imdsHopLimit,
          dependsOn: [...nodeRole.attachments, ...addons.beforeNodes],
        }), g.configPath);
        stampRelaxation(group.launchTemplate, g.imdsRelaxation);
        return group;
      });
      addons.addCoreDns(nodeGroups.map((n) => n.nodeGroup));

      if (created.auditQueries) {
        new AuditQueries(this, Addresses.flat(this, 'audit'), { clusterName: plan.name, logGroupName: eks.logGroupName, cloudTrailLogGroupName: created.logging.cloudTrailLogGroupName });
      }
      new TerraformOutput(this, 'cluster_name', { value: clusterName });
      new TerraformOutput(this, 'cluster_arn', { value: eks.arn });
      new TerraformOutput(this, 'oidc_provider_arn', { value: provider.arn });
      new TerraformOutput(this, 'node_role_arn', { value: nodeRole.roleArn });
    }

    const bg = plan.breakGlassRole;
    if (bg !== undefined) {
      const role = new ServiceRole(this, 'break-glass', {
        roleName: bg.roleName,
        path: rolePath,
        description: bg.description,
        trust: bg.trust,
        maxSessionDurationSeconds: bg.maxSessionDurationSeconds,
        // A created cluster's ARN is a reference; an existing one's is literal.
        permissions: permissionPolicy([{ sid: 'KubeconfigForCluster', actions: ['eks:DescribeCluster'], resources: [this.clusterArn ?? bg.clusterArn] }]),
        permissionsBoundaryArn: boundaryArn,
      });
      const spec: AccessEntrySpec = { key: 'break-glass', principalArn: role.roleArn, accessPolicy: 'AmazonEKSClusterAdminPolicy' };
      specs.set(spec, { relaxation: bg.relaxation });
      entries.push(spec);
      new TerraformOutput(this, 'break_glass_role_arn', { value: role.roleArn });
    }
    if (entries.length > 0) {
      const access = new AccessEntries(this, Addresses.flat(this, 'access'), { clusterName, partition: ctx.partition, entries });
      for (const [spec, made] of access.resources) {
        const { configPath, relaxation } = specs.get(spec)!;
        if (configPath !== undefined) {
          stampConfigPath(made.entry, configPath);
          if (made.association !== undefined) stampConfigPath(made.association, configPath);
        }
        stampRelaxation(made.association, relaxation);
      }
    }
  }
}
