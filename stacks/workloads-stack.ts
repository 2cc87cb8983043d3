import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { plannedPodIdentityAssociation } from '../src/identity/pod-identity-association';
import { OidcProvider } from '../src/identity/oidc-provider';
import { plannedServiceRole } from '../src/identity/service-role';
import { WorkloadFlows } from '../src/kubernetes/network-policies';
import { PodSecurityGroup } from '../src/kubernetes/pod-security-group';
import { WorkloadSecretProviderClass } from '../src/kubernetes/secret-provider-class';
import { plannedServiceAccount } from '../src/kubernetes/service-account';
import { nameId } from '../src/naming';
import { bindTrust, type ClusterPlan, type WorkloadsShardPlan } from '../src/plan';
import { awsProvider } from '../src/providers/aws';
import { configureBackend } from '../src/providers/backend';
import { clusterKubernetesProvider } from '../src/providers/kubernetes';
import { makeInert } from '../src/terraform/inert-strings';
import { Addresses } from '../src/terraform/addresses';
import { stampConfigPath, stampRelaxation } from '../src/terraform/stamps';
import { PlannedOutput, PlannedResource } from '../src/terraform/planned';

/** What a created cluster's workloads stack reads from its cluster stack (cross-stack references). */
export interface ClusterReferences {
  /** The cluster's IAM OIDC provider: its ARN and issuer URL. */
  readonly oidcProvider: { readonly arn: string; readonly issuerUrl: string };
  /** The node security group (pods with their own group reach DNS and the nodes through it). */
  readonly nodeSecurityGroupId: string;
  /** The interface endpoints' security group. @default - pods with their own group reach the endpoints by the VPC CIDR */
  readonly endpointSecurityGroupId?: string;
  /** The S3 gateway endpoint's prefix list. @default - no S3 egress rule on pods' own groups */
  readonly s3PrefixListId?: string;
}

export interface WorkloadsStackProps {
  /** The cluster's plan (src/plan). */
  readonly plan: ClusterPlan;
  /** The shard this stack writes: its name and its workloads, sorted by namespace and name. */
  readonly shard: WorkloadsShardPlan;
  readonly outdir: string;
  /**
   * The cluster stack's references a created cluster's workloads need (`clusterStack.workloadReferences`);
   * required for a created cluster's shard with workloads (the constructor throws without them).
   * @default - none: an existing cluster's provider and node security group are the plan's literals
   */
  readonly clusterReferences?: ClusterReferences;
}

/**
 * The workloads of one cluster: per workload a role, its inline policy and its service account
 * (annotated for IRSA; Pod Identity adds the association), 0 data sources (a created cluster adds
 * one remote-state read for the whole stack); then what a workload asks for in the cluster: its
 * SecretProviderClass, its app-to-app network policies and its own security group. Kubernetes
 * resources live here and in the platform stack, never beside the cluster they reach. Stack name:
 * `<cluster>-workloads`, or `<cluster>-workloads-<shard>` when the cluster's workloads are sharded.
 * It renders the plan's shard (src/plan) and reads nothing else.
 */
export class WorkloadsStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: WorkloadsStackProps) {
    super(scope, id);
    // Every string of the config reaches Terraform as data; only the code's own references stay live.
    makeInert(this);
    const { plan, shard } = props;
    stampConfigPath(this, plan.configPath);
    awsProvider(this, plan.provider);
    clusterKubernetesProvider(this, { clusterName: plan.name, region: plan.provider.region, auth: plan.kubernetesAuth });
    configureBackend(this, id, plan.backend, { outdir: props.outdir, region: plan.provider.region });

    // An existing cluster's provider is named literally; a created one's through cross-stack references.
    const existing = plan.cluster.kind === 'existing' ? plan.cluster : undefined;
    const refs = props.clusterReferences;
    if (existing === undefined && shard.workloads.length > 0 && refs === undefined) {
      throw new Error(`[${this.node.path}] the workloads of created cluster ${plan.name} need its cluster stack's references: pass clusterReferences: clusterStack.workloadReferences (renderCluster does)`);
    }
    const provider = existing !== undefined || refs === undefined
      ? undefined
      : OidcProvider.fromReferences(this, nameId('oidc-provider', plan.name), refs.oidcProvider.arn, refs.oidcProvider.issuerUrl);
    // One scope per resource kind, so every kind is addressed by the same workload key (the scopes add nothing to addresses).
    const roles = new Construct(this, Addresses.flat(this, 'irsa'));
    const serviceAccounts = new Construct(this, Addresses.flat(this, 'service-accounts'));
    const associations = new Construct(this, Addresses.flat(this, 'pod-identity'));
    for (const w of shard.workloads) {
      const { key, identity: p } = w;
      const at = <T extends Construct>(c: T) => stampConfigPath(c, w.configPath);
      // One role for every identity kind, at one address, so moving a workload between them
      // updates its role in place and every kind holds all of its permissions. The trust is the plan's.
      // Rendered from plain data (a ServiceRole's resources, paths and addresses: terraform/planned.ts).
      const role = plannedServiceRole(roles, key, {
        roleName: p.roleName,
        path: p.rolePath,
        trust: bindTrust(w.trust, provider ?? OidcProvider.fromArn(p.providerArn, existing!.oidcIssuerUrl)),
        permissions: p.permissionSets?.inline,
        extraPolicies: p.permissionSets?.managed,
        permissionsBoundaryArn: p.permissionsBoundaryArn,
        maxSessionDurationSeconds: p.maxSessionDurationSeconds,
        tags: { 'eksguard:namespace': p.namespace, 'eksguard:service-account': p.serviceAccount },
      });
      at(role.scope);
      stampRelaxation(role.role, w.roleRelaxation);
      const roleArn = role.role.ref('arn');
      let association: PlannedResource | undefined;
      if (p.podIdentity !== undefined) {
        association = plannedPodIdentityAssociation(associations, key, {
          clusterName: plan.name,
          namespace: p.namespace,
          serviceAccount: p.serviceAccount,
          roleArn,
          targetRoleArn: p.podIdentity.targetRoleArn,
          disableSessionTags: p.podIdentity.disableSessionTags,
        });
        at(association.node.scope!);
        stampRelaxation(association, w.associationRelaxation);
      }
      if (p.createServiceAccount) {
        at(plannedServiceAccount(serviceAccounts, key, {
          namespace: p.namespace,
          name: p.serviceAccount,
          // Only IRSA annotates: while migrating, restarted pods must fall through to Pod Identity
          // (IRSA comes first in the SDK credential chain), and running pods keep their IRSA trust.
          roleArn: p.identity === 'irsa' ? roleArn : undefined,
          stsRegionalEndpoints: p.stsRegionalEndpoints,
          tokenExpirationSeconds: p.tokenExpirationSeconds,
          automountServiceAccountToken: p.automountServiceAccountToken,
        }).node.scope!);
      }
      // What app teams read (`terraform output`, remote state), keyed like every address of the workload.
      const who = `${p.namespace}/${p.name}`;
      at(new PlannedOutput(this, `${key}_role_arn`, {
        value: roleArn,
        description: p.createServiceAccount ? `IAM role of ${who}` : `IAM role of ${who}: annotate the service accounts matching ${p.serviceAccount} with it`,
      }));
      at(new PlannedOutput(this, `${key}_service_account`, { value: p.serviceAccount, description: `Service account of ${who}${p.createServiceAccount ? '' : ' (a pattern: eksguard creates none)'}` }));
      at(new PlannedOutput(this, `${key}_namespace`, { value: p.namespace, description: `Namespace of ${who}` }));
      if (association !== undefined) at(new PlannedOutput(this, `${key}_pod_identity_association_id`, { value: association.ref('association_id'), description: `EKS Pod Identity association of ${who}` }));
    }
    this.inCluster(props);
  }

  /** Secret provider classes, network policies and pod security groups (each kind in its own scope). */
  private inCluster(props: WorkloadsStackProps): void {
    const { plan, shard } = props;
    const workloads = shard.workloads;

    const secrets = new Construct(this, Addresses.flat(this, 'secret-provider-classes'));
    for (const w of workloads.filter((x) => x.inCluster.secretObjects.length > 0)) {
      stampConfigPath(new WorkloadSecretProviderClass(secrets, `${w.key}_secrets`, {
        workload: w.identity.name,
        namespace: w.identity.namespace,
        region: plan.provider.region,
        usePodIdentity: w.identity.identity !== 'irsa',
        objects: w.inCluster.secretObjects,
      }), w.configPath);
    }

    const policies = new Construct(this, Addresses.flat(this, 'network-policies'));
    for (const w of workloads) {
      const { from, to, publicAwsServices } = w.inCluster;
      if (from.length > 0 || to.length > 0 || publicAwsServices.length > 0) {
        stampConfigPath(new WorkloadFlows(policies, w.key, { namespace: w.identity.namespace, workload: w.identity.name, from, to, publicAwsServices }), w.configPath);
      }
    }

    const groups = new Construct(this, Addresses.flat(this, 'pod-security-groups'));
    const created = plan.cluster.kind === 'created' ? plan.cluster : undefined;
    const existing = plan.cluster.kind === 'existing' ? plan.cluster : undefined;
    const refs = props.clusterReferences;
    const nodeGroupId = (refs?.nodeSecurityGroupId ?? existing?.nodeSecurityGroupId)!;
    const internetEgress = created?.network.nodeInternetEgress;
    // Keyed by namespace and name: two workloads may share a name in different namespaces.
    const own = new Map<string, PodSecurityGroup>();
    for (const w of workloads) {
      const sg = w.inCluster.securityGroup;
      if (sg === undefined) continue;
      const group = stampConfigPath(new PodSecurityGroup(groups, w.key, {
        clusterName: plan.name,
        namespace: w.identity.namespace,
        workload: w.identity.name,
        vpcId: (created?.network.vpcId ?? existing?.vpcId)!,
        vpcCidr: plan.vpcCidr,
        nodeSecurityGroupId: nodeGroupId,
        endpointSecurityGroupId: refs?.endpointSecurityGroupId,
        s3PrefixListId: sg.s3 ? refs?.s3PrefixListId : undefined,
        ingressPorts: sg.ingressPorts,
        internetEgress: internetEgress === undefined ? undefined : { reason: internetEgress.reason },
        egress: sg.egress,
      }), w.configPath);
      stampRelaxation(group.internetEgressRule, internetEgress);
      own.set(w.key, group);
    }
    for (const w of workloads) {
      const group = own.get(w.key);
      for (const f of w.inCluster.securityGroup?.flowsTo ?? []) {
        const serverGroup = f.serverHasGroup ? own.get(f.key) : undefined;
        group!.flowTo({ name: f.server, key: f.key, groupId: serverGroup?.securityGroupId ?? nodeGroupId, behindNodes: serverGroup === undefined }, f.port, f.protocol);
      }
    }
  }
}
