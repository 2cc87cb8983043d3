import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { ClusterConfig, PlatformConfig } from '../src/config/schema';
import { PodIdentityAssociation } from '../src/identity/pod-identity-association';
import { OidcProvider } from '../src/identity/oidc-provider';
import { WorkloadRole } from '../src/identity/workload-role';
import { WorkloadFlows } from '../src/kubernetes/network-policies';
import { directAwsServices, publicAwsServices } from '../src/kubernetes/objects';
import { PodSecurityGroup } from '../src/kubernetes/pod-security-group';
import { WorkloadSecretProviderClass } from '../src/kubernetes/secret-provider-class';
import { WorkloadServiceAccount } from '../src/kubernetes/service-account';
import { nameId, tfName } from '../src/naming';
import { WorkloadIdentityPlan } from '../src/policy/workload';
import { awsProvider } from '../src/providers/aws';
import { configureBackend } from '../src/providers/backend';
import { clusterKubernetesProvider } from '../src/providers/kubernetes';
import { makeInert } from '../src/terraform/inert-strings';
import { Addresses } from '../src/terraform/addresses';

export interface WorkloadsStackProps {
  readonly platform: PlatformConfig;
  readonly cluster: ClusterConfig;
  /** Validated plans, sorted by namespace and name. */
  readonly plans: readonly WorkloadIdentityPlan[];
  readonly outdir: string;
  /** The provider of a cluster eksguard creates (references into the cluster stack). @default - an existing cluster's, named by its literal ARN */
  readonly oidcProvider?: { readonly arn: string; readonly issuerUrl: string };
  /** The node security group of a cluster eksguard creates (a reference into the cluster stack). @default - the existing cluster's `nodeSecurityGroupId` */
  readonly nodeSecurityGroupId?: string;
  /** The interface endpoints' security group of a cluster eksguard creates. @default - pods with their own group reach the endpoints by the VPC CIDR */
  readonly endpointSecurityGroupId?: string;
  /** The S3 gateway endpoint's prefix list of a cluster eksguard creates. @default - no S3 egress rule on pods' own groups */
  readonly s3PrefixListId?: string;
}

/**
 * The workloads of one cluster: per workload a role, its inline policy and its service account
 * (annotated for IRSA; Pod Identity adds the association), 0 data sources (a created cluster adds
 * one remote-state read for the whole stack); then what a workload asks for in the cluster: its
 * SecretProviderClass, its app-to-app network policies and its own security group. Kubernetes
 * resources live here and in the platform stack, never beside the cluster they reach. Stack name:
 * `<cluster>-workloads`, or `<cluster>-workloads-<shard>` when the cluster's workloads are sharded.
 */
export class WorkloadsStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: WorkloadsStackProps) {
    super(scope, id);
    // Every string of the config reaches Terraform as data; only the code's own references stay live.
    makeInert(this);
    const { platform, cluster } = props;
    awsProvider(this, { region: platform.region, accountId: platform.accountId, tags: { ...platform.tags, 'eksguard:cluster': cluster.name } });
    clusterKubernetesProvider(this, { clusterName: cluster.name, region: platform.region, auth: cluster.kubernetesAuth });
    configureBackend(this, id, platform.backend, { outdir: props.outdir, region: platform.region });

    // An existing cluster's provider is named literally; a created one's through cross-stack references.
    const provider = cluster.existing !== undefined || props.plans.length === 0
      ? undefined
      : OidcProvider.fromReferences(this, nameId('oidc-provider', cluster.name), props.oidcProvider!.arn, props.oidcProvider!.issuerUrl);
    // One scope per resource kind, so every kind is addressed by the same workload key (the scopes add nothing to addresses).
    const roles = new Construct(this, Addresses.flat(this, 'irsa'));
    const serviceAccounts = new Construct(this, Addresses.flat(this, 'service-accounts'));
    const associations = new Construct(this, Addresses.flat(this, 'pod-identity'));
    for (const plan of props.plans) {
      const key = tfName(plan.namespace, plan.name);
      // One construct for every identity kind, at one address, so moving a workload between them
      // updates its role in place and every kind holds all of its permissions.
      const role = new WorkloadRole(roles, key, {
        identity: plan.identity,
        namespace: plan.namespace,
        serviceAccount: plan.serviceAccount,
        provider: provider ?? OidcProvider.fromArn(plan.providerArn, cluster.existing!.oidcIssuerUrl),
        wildcardSubject: plan.wildcardSubject,
        accountId: platform.accountId,
        clusterArn: plan.clusterArn,
        sessionTagsDisabled: plan.podIdentity?.disableSessionTags,
        roleName: plan.roleName,
        path: plan.rolePath,
        permissions: plan.permissionSets?.inline,
        extraPolicies: plan.permissionSets?.managed,
        permissionsBoundaryArn: plan.permissionsBoundaryArn,
        maxSessionDurationSeconds: plan.maxSessionDurationSeconds,
        tags: { 'eksguard:namespace': plan.namespace, 'eksguard:service-account': plan.serviceAccount },
      });
      let association: PodIdentityAssociation | undefined;
      if (plan.podIdentity !== undefined) {
        association = new PodIdentityAssociation(associations, key, {
          clusterName: cluster.name,
          namespace: plan.namespace,
          serviceAccount: plan.serviceAccount,
          roleArn: role.roleArn,
          targetRoleArn: plan.podIdentity.targetRoleArn,
          disableSessionTags: plan.podIdentity.disableSessionTags,
        });
      }
      if (plan.createServiceAccount) {
        new WorkloadServiceAccount(serviceAccounts, key, {
          namespace: plan.namespace,
          name: plan.serviceAccount,
          // Only IRSA annotates: while migrating, restarted pods must fall through to Pod Identity
          // (IRSA comes first in the SDK credential chain), and running pods keep their IRSA trust.
          identity: plan.identity === 'irsa' ? role : undefined,
          stsRegionalEndpoints: plan.stsRegionalEndpoints,
          tokenExpirationSeconds: plan.tokenExpirationSeconds,
          automountServiceAccountToken: plan.automountServiceAccountToken,
        });
      }
      // What app teams read (`terraform output`, remote state), keyed like every address of the workload.
      const who = `${plan.namespace}/${plan.name}`;
      new TerraformOutput(this, `${key}_role_arn`, {
        value: role.roleArn,
        description: plan.createServiceAccount ? `IAM role of ${who}` : `IAM role of ${who}: annotate the service accounts matching ${plan.serviceAccount} with it`,
      });
      new TerraformOutput(this, `${key}_service_account`, { value: plan.serviceAccount, description: `Service account of ${who}${plan.createServiceAccount ? '' : ' (a pattern: eksguard creates none)'}` });
      new TerraformOutput(this, `${key}_namespace`, { value: plan.namespace, description: `Namespace of ${who}` });
      if (association !== undefined) new TerraformOutput(this, `${key}_pod_identity_association_id`, { value: association.resource.associationId, description: `EKS Pod Identity association of ${who}` });
    }
    this.inCluster(props);
  }

  /** Secret provider classes, network policies and pod security groups (each kind in its own scope). */
  private inCluster(props: WorkloadsStackProps): void {
    const { platform, cluster } = props;
    // Flows may name workloads of other shards; what this stack writes is only its own workloads'.
    const all = [...cluster.workloads].sort((a, b) => (`${a.namespace}/${a.name}` < `${b.namespace}/${b.name}` ? -1 : 1));
    const mine = new Set(props.plans.map((p) => `${p.namespace}/${p.name}`));
    const workloads = all.filter((w) => mine.has(`${w.namespace}/${w.name}`));
    const vpcCidr = cluster.network?.vpcCidr ?? cluster.existing?.vpcCidr;

    const secrets = new Construct(this, Addresses.flat(this, 'secret-provider-classes'));
    for (const w of workloads.filter((x) => x.secrets.length > 0)) {
      new WorkloadSecretProviderClass(secrets, `${tfName(w.namespace, w.name)}_secrets`, {
        workload: w.name,
        namespace: w.namespace,
        region: platform.region,
        usePodIdentity: w.identity !== 'irsa',
        objects: w.secrets.map((e) => ({ kind: e.secretsManager !== undefined ? 'secretsmanager' : 'ssmparameter', name: (e.secretsManager ?? e.ssmParameter)!, env: e.env })),
      });
    }

    // Interface endpoints of a created cluster; unknown (so every direct AWS call public) for an existing one.
    const interfaceEndpoints = cluster.network?.endpoints.filter((e) => e !== 's3');
    const policies = new Construct(this, Addresses.flat(this, 'network-policies'));
    const byName = new Map(all.map((w) => [w.name, w]));
    const clientsOf = (w: (typeof workloads)[number]) => w.network.ingress.map((i) => ({ client: byName.get(i.fromApp)!, port: i.port, protocol: i.protocol }));
    // Who each app may reach, indexed once (servers in sorted order, each server's rules in config order):
    // scanning every workload of the cluster for each workload grew with the cluster's workloads².
    const serversOf = new Map<string, Array<{ app: string; namespace: string; port: number; protocol: string }>>();
    for (const server of all) {
      for (const i of server.network.ingress) {
        const list = serversOf.get(i.fromApp) ?? [];
        list.push({ app: server.name, namespace: server.namespace, port: i.port, protocol: i.protocol });
        serversOf.set(i.fromApp, list);
      }
    }
    for (const w of workloads) {
      const from = clientsOf(w).map((c) => ({ app: c.client.name, namespace: c.client.namespace, port: c.port, protocol: c.protocol }));
      const to = [...(serversOf.get(w.name) ?? [])];
      const publicAws = publicAwsServices(directAwsServices(w), interfaceEndpoints);
      if (from.length > 0 || to.length > 0 || publicAws.length > 0) {
        new WorkloadFlows(policies, tfName(w.namespace, w.name), { namespace: w.namespace, workload: w.name, from, to, publicAwsServices: publicAws });
      }
    }

    const groups = new Construct(this, Addresses.flat(this, 'pod-security-groups'));
    const nodeGroupId = (props.nodeSecurityGroupId ?? cluster.existing?.nodeSecurityGroupId)!;
    // Keyed by namespace and name: two workloads may share a name in different namespaces.
    const own = new Map<string, PodSecurityGroup>();
    const keyOf = (w: { readonly namespace: string; readonly name: string }) => tfName(w.namespace, w.name);
    for (const w of workloads.filter((x) => x.securityGroup !== undefined)) {
      // Clients behind the node group reach these pods through it; clients with their own group add their rule themselves.
      const fromNodes = clientsOf(w).filter((c) => c.client.securityGroup === undefined).map((c) => ({ port: c.port, protocol: c.protocol }));
      own.set(keyOf(w), new PodSecurityGroup(groups, tfName(w.namespace, w.name), {
        clusterName: cluster.name,
        namespace: w.namespace,
        workload: w.name,
        vpcId: (cluster.network?.vpcId ?? cluster.existing?.vpcId)!,
        vpcCidr,
        nodeSecurityGroupId: nodeGroupId,
        endpointSecurityGroupId: props.endpointSecurityGroupId,
        s3PrefixListId: w.s3.length > 0 ? props.s3PrefixListId : undefined,
        ingressPorts: [...w.securityGroup!.probePorts.map((port) => ({ port, protocol: 'TCP' })), ...fromNodes],
        internetEgress: cluster.network?.nodeInternetEgress,
        egress: w.securityGroup!.egress.map((e) => ({ ...e, cidr: e.cidr ?? vpcCidr! })),
      }));
    }
    for (const server of all) {
      for (const { client, port, protocol } of clientsOf(server)) {
        const group = own.get(keyOf(client));
        if (group === undefined) continue;
        const serverGroup = own.get(keyOf(server));
        group.flowTo({ name: server.name, key: keyOf(server), groupId: serverGroup?.securityGroupId ?? nodeGroupId, behindNodes: serverGroup === undefined }, port, protocol);
      }
    }
  }
}
