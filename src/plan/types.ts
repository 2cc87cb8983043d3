/**
 * The plan: everything the stacks write for one cluster, decided once from the validated config,
 * as plain data. Stacks and constructs only render it (they import nothing from src/config).
 * Pure: no cdktf or constructs import.
 */
import type { PolicyDocument } from '../policy/document';
import type { AccountAccess } from '../policy/cross-account';
import type { WorkloadIdentityPlan } from '../policy/workload';
import type { NamespacePlan } from '../kubernetes/namespace-plan';
import type { SecretObject } from '../kubernetes/objects';
import type { EndpointService } from '../config/schema';

/** A VPC endpoint service eksguard knows (`com.amazonaws.<region>.<service>`); the config's list. */
export type { EndpointService } from '../config/schema';

/** How pods get their role (both bindings while migrating). */
export type IdentityKind = 'irsa' | 'pod-identity' | 'irsa-and-pod-identity';

/**
 * A reasoned opt-out from a security default. The construct that renders it stamps it on the
 * resource(s) it writes (src/terraform/stamps.ts), and the guardrails acknowledge `rules` on
 * exactly those resources, in their stack, with `reason`; `configPath` names where it was asked for.
 */
export interface Relaxation {
  readonly configPath: string;
  readonly reason: string;
  /** Rule ids of the pack the relaxation accepts findings of. */
  readonly rules: readonly string[];
  /** What it is stamped on, for people (`aws_eks_cluster of production-cluster`). */
  readonly attachesTo: string;
}

/** Stack names of one cluster (src/naming.ts builds them). */
export interface StackNames {
  /** `<cluster>` */
  readonly cluster: string;
  /** `<cluster>-platform` */
  readonly platform: string;
  /** `<cluster>-workloads`, or `<cluster>-workloads-<n>` per shard. */
  readonly workloads: readonly string[];
  /** `<cluster>-account-<id>` per other account the workloads reach. */
  readonly accounts: readonly string[];
}

/** The AWS provider of a stack. */
export interface ProviderPlan {
  readonly region: string;
  readonly accountId: string;
  readonly partition: string;
  readonly tags: Readonly<Record<string, string>>;
  /** Another account's deployer role. @default - the caller's credentials */
  readonly assumeRoleArn?: string;
}

/** Where every stack keeps its state (one key or workspace per stack). */
export type BackendPlan =
  | { readonly type: 'local'; readonly stateDir: string }
  | { readonly type: 's3'; readonly bucket: string; readonly region?: string; readonly keyPrefix: string; readonly kmsKeyId?: string; readonly roleArn?: string }
  | { readonly type: 'cloud'; readonly organization: string; readonly workspacePrefix: string; readonly project?: string; readonly hostname: string };

/** The permissions boundary of the cluster's roles: one named by the config, or eksguard's own. */
export type BoundaryPlan =
  | { readonly kind: 'given'; readonly arn: string }
  | { readonly kind: 'created'; readonly name: string; readonly description: string; readonly document: PolicyDocument };

export interface NodeGroupPlan {
  readonly name: string;
  readonly configPath: string;
  readonly launchTemplateName: string;
  readonly subnetIds: readonly string[];
  readonly instanceTypes: readonly string[];
  readonly scaling: { readonly min: number; readonly desired: number; readonly max: number };
  readonly amiType: string;
  readonly capacityType: string;
  readonly diskSizeGiB: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: ReadonlyArray<{ readonly key: string; readonly value?: string; readonly effect: string }>;
  readonly imdsHopLimit: 1 | 2;
  /** Hop limit 2, with its reason: stamped on the launch template. */
  readonly imdsRelaxation?: Relaxation;
}

/** A cluster eksguard creates, with everything only such a cluster has. */
export interface CreatedClusterPlan {
  readonly kind: 'created';
  readonly network: {
    readonly vpcId: string;
    readonly vpcCidr: string;
    readonly privateSubnetIds: readonly string[];
    readonly privateRouteTableIds: readonly string[];
    readonly endpoints: readonly EndpointService[];
    readonly endpointsConfigPath: string;
    /** The interface endpoints (every endpoint but the S3 gateway). */
    readonly interfaceEndpoints: readonly EndpointService[];
    readonly webhookPorts: readonly number[];
    /** Nodes (and pods with their own group) may reach the internet on 443: stamped on those rules. */
    readonly nodeInternetEgress?: Relaxation;
  };
  /** Public API endpoint CIDRs. @default - private only */
  readonly publicAccessCidrs?: readonly string[];
  readonly logging: { readonly types: readonly string[]; readonly retentionDays: number; readonly cloudTrailLogGroupName?: string };
  /** Public endpoint and fewer log types, stamped on the cluster. */
  readonly clusterRelaxations: readonly Relaxation[];
  readonly keyAdministratorArns: readonly string[];
  /** Some workload has its own security group (the VPC CNI and the cluster role need to know). */
  readonly podSecurityGroups: boolean;
  readonly addons: { readonly cniIdentity: 'irsa' | 'pod-identity'; readonly versions: Readonly<Record<string, string>> };
  /** The VPC CNI's role (kube-system/aws-node, `addons.cniIdentity`); its trust names the cluster's references, so the stack builds it. */
  readonly cniRole: { readonly name: string; readonly managedPolicies: Readonly<Record<string, string>>; readonly description?: string };
  /** The nodes' role: the kubelet's needs only. */
  readonly nodeRole: { readonly name: string; readonly description: string; readonly trust: PolicyDocument; readonly managedPolicies: Readonly<Record<string, string>> };
  readonly nodeGroups: readonly NodeGroupPlan[];
  readonly auditQueries: boolean;
}

/** A cluster that exists already: referenced by name and issuer. */
export interface ExistingClusterPlan {
  readonly kind: 'existing';
  readonly oidcIssuerUrl: string;
  /** The provider named by the config. @default - eksguard creates it in the cluster stack */
  readonly oidcProviderArn?: string;
  /** Whether eksguard adds the eks-pod-identity-agent add-on (the config says `create` and some workload uses Pod Identity). */
  readonly createPodIdentityAgent: boolean;
  readonly vpcId?: string;
  readonly vpcCidr?: string;
  readonly nodeSecurityGroupId?: string;
}

export interface AccessEntryPlan {
  readonly configPath: string;
  readonly principalArn: string;
  readonly accessPolicy?: string;
  readonly namespaces?: readonly string[];
  readonly kubernetesGroups?: readonly string[];
  readonly userName?: string;
  /** A cluster-wide admin entry, with its reason: stamped on its policy association. */
  readonly relaxation?: Relaxation;
}

export interface BreakGlassRolePlan {
  readonly roleName: string;
  readonly description: string;
  /** Who may assume it, with MFA. */
  readonly trust: PolicyDocument;
  readonly maxSessionDurationSeconds: number;
  /** Literal: the name is known before the cluster exists. */
  readonly clusterArn: string;
  /** Stamped on the break-glass access policy association. */
  readonly relaxation: Relaxation;
}

export interface AppPeerPlan {
  readonly app: string;
  readonly namespace: string;
  readonly port: number;
  readonly protocol: string;
}

/** A workload's own security group and the rules its declared flows need. */
export interface PodSecurityGroupPlan {
  readonly ingressPorts: ReadonlyArray<{ readonly port: number; readonly protocol: string }>;
  readonly egress: ReadonlyArray<{ readonly toSecurityGroupId: string; readonly port: number; readonly protocol: 'tcp' | 'udp'; readonly description: string; readonly cidr: string }>;
  /** Whether the group gets an S3 egress rule (the workload reads or writes S3). */
  readonly s3: boolean;
  /**
   * The servers this workload connects to, in order: each flow is an egress rule on this group and
   * an ingress rule on the server's group, or the nodes' when the server has no group in this stack.
   */
  readonly flowsTo: ReadonlyArray<{ readonly server: string; readonly key: string; readonly serverHasGroup: boolean; readonly port: number; readonly protocol: string }>;
}

/** What a workload asks for inside the cluster. */
export interface InClusterPlan {
  readonly secretObjects: readonly SecretObject[];
  readonly from: readonly AppPeerPlan[];
  readonly to: readonly AppPeerPlan[];
  readonly publicAwsServices: readonly string[];
  readonly securityGroup?: PodSecurityGroupPlan;
}

/** The IRSA trust as planned: the document built once, and the provider values it names. */
export interface PlannedTrust {
  readonly document: PolicyDocument;
  /**
   * The provider ARN and issuer (host/path) the document names. For a cluster eksguard creates these
   * are stand-ins of the real length (the issuer id exists only after apply): the role construct
   * substitutes the cluster stack's references for them (bindTrust), and changes nothing else.
   */
  readonly oidc: { readonly providerArn: string; readonly issuer: string; readonly standIn: boolean };
}

export interface WorkloadPlan {
  readonly configPath: string;
  /** `<namespace>_<name>`: every address of the workload is keyed by it. */
  readonly key: string;
  /** The workloads stack (shard) it is written to. */
  readonly stack: string;
  readonly identity: WorkloadIdentityPlan;
  readonly trust: PlannedTrust;
  readonly inCluster: InClusterPlan;
  /**
   * What other accounts must allow for this workload (its KMS grants and the statements naming its
   * role in their bucket, secret and repository policies), per account: its share of `ClusterPlan.accounts`.
   */
  readonly crossAccount: readonly AccountAccess[];
  /** Relaxations stamped on the workload's role (wildcard subject) and Pod Identity association (agent installed elsewhere). */
  readonly roleRelaxation?: Relaxation;
  readonly associationRelaxation?: Relaxation;
}

export interface WorkloadsShardPlan {
  readonly name: string;
  /** Sorted by namespace and name. */
  readonly workloads: readonly WorkloadPlan[];
}

export interface AccountPlan {
  readonly stack: string;
  readonly provider: ProviderPlan;
  readonly managePolicies: boolean;
  readonly access: AccountAccess;
}

export interface NamespaceBaselinePlan extends NamespacePlan {
  /** Some workload in it uses Pod Identity (its pods reach the agent). */
  readonly podIdentity: boolean;
}

/** One complete plan per cluster: the stacks render it and read nothing else. */
export interface ClusterPlan {
  readonly clusterIndex: number;
  /** `clusters[<i>]` */
  readonly configPath: string;
  readonly name: string;
  readonly kubernetesVersion: string;
  readonly stacks: StackNames;
  readonly provider: ProviderPlan;
  readonly kubernetesAuth: 'token' | 'exec';
  readonly backend: BackendPlan;
  readonly rolePath: string;
  readonly boundary: BoundaryPlan;
  readonly cluster: CreatedClusterPlan | ExistingClusterPlan;
  readonly accessEntries: readonly AccessEntryPlan[];
  readonly breakGlassRole?: BreakGlassRolePlan;
  readonly namespaces: readonly NamespaceBaselinePlan[];
  /** The VPC CIDR pods reach the endpoints in. @default - unknown: no endpoint egress rule */
  readonly vpcCidr?: string;
  readonly rbac: ReadonlyArray<{ readonly group: string; readonly namespace: string; readonly exec: boolean }>;
  /** The Secrets Store CSI driver, when some workload mounts secrets. */
  readonly secretsStoreCsi?: { readonly driverChartVersion: string; readonly awsProviderChartVersion: string; readonly rotationPollInterval: string };
  /** Every workload's identity, sorted by namespace and name (what `crossAccountAccess` and library users read). */
  readonly identities: readonly WorkloadIdentityPlan[];
  readonly shards: readonly WorkloadsShardPlan[];
  readonly accounts: readonly AccountPlan[];
  /** Every relaxation of the cluster, each also held where it is rendered. */
  readonly relaxations: readonly Relaxation[];
}
