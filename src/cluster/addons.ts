import { EksAddon, EksAddonConfig } from '@cdktf/provider-aws/lib/eks-addon';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { makeInert } from '../terraform/inert-strings';
import { Addresses } from '../terraform/addresses';

export const CLUSTER_ADDONS = ['vpc-cni', 'kube-proxy', 'eks-pod-identity-agent', 'coredns'] as const;
export type ClusterAddonName = (typeof CLUSTER_ADDONS)[number];

export interface ClusterAddonsProps {
  readonly clusterName: string;
  /** The VPC CNI's role, bound to kube-system/aws-node through IRSA or Pod Identity. */
  readonly cniRole: { readonly roleArn: string; readonly identity: 'irsa' | 'pod-identity' };
  /** Add-on versions by name (`v1.20.0-eksbuild.1`). @default - each add-on's default version for the cluster's Kubernetes version */
  readonly versions?: Readonly<Partial<Record<ClusterAddonName, string>>>;
  /**
   * Security groups for pods: the CNI gets `ENABLE_POD_ENI` and the `standard` enforcing mode (so
   * network policies and Pod Identity keep working for those pods). @default false
   */
  readonly podSecurityGroups?: boolean;
}


/**
 * The managed add-ons every eksguard cluster runs: vpc-cni (network policy enforcement on, its
 * permissions on its own role rather than the node role), kube-proxy, eks-pod-identity-agent and
 * coredns. Conflicts are overwritten so the settings here always win.
 *
 * Terraform addresses: `aws_eks_addon.<id>_<add-on name>` (flat in the cluster stack: `aws_eks_addon.vpc-cni`).
 */
/**
 * One managed add-on; conflicts are overwritten so the settings here always win.
 * Terraform address: `aws_eks_addon.<add-on name>` inside `scope` (`Addresses.nameOf(scope, name)`).
 */
export function managedAddon(scope: Construct, clusterName: string, name: ClusterAddonName, version?: string, extra: Partial<EksAddonConfig> = {}): EksAddon {
  const addon = new EksAddon(scope, name, {
    clusterName,
    addonName: name,
    addonVersion: version,
    resolveConflictsOnCreate: 'OVERWRITE',
    resolveConflictsOnUpdate: 'OVERWRITE',
    ...extra,
  });
  Addresses.assign(addon, name);
  return addon;
}

export class ClusterAddons extends Construct {
  /** The add-ons nodes need before they can join: vpc-cni, kube-proxy, eks-pod-identity-agent. */
  readonly beforeNodes: EksAddon[];
  private readonly props: ClusterAddonsProps;

  constructor(scope: Construct, id: string, props: ClusterAddonsProps) {
    super(scope, id);
    makeInert(this);
    this.props = props;
    const make = (name: ClusterAddonName, extra: Partial<EksAddonConfig> = {}) => managedAddon(this, props.clusterName, name, props.versions?.[name], extra);
    const cni = props.cniRole.identity === 'irsa'
      ? { serviceAccountRoleArn: props.cniRole.roleArn }
      : { podIdentityAssociation: [{ roleArn: props.cniRole.roleArn, serviceAccount: 'aws-node' }] };
    const agent = make('eks-pod-identity-agent');
    const cniAddon = make('vpc-cni', {
      ...cni,
      configurationValues: JSON.stringify({
        enableNetworkPolicy: 'true',
        ...(props.podSecurityGroups ? { env: { ENABLE_POD_ENI: 'true', POD_SECURITY_GROUP_ENFORCING_MODE: 'standard' } } : {}),
      }),
      // A Pod Identity binding for aws-node needs the agent running first.
      dependsOn: props.cniRole.identity === 'pod-identity' ? [agent] : undefined,
    });
    this.beforeNodes = [cniAddon, make('kube-proxy'), agent];
  }

  /** CoreDNS is a Deployment: it becomes healthy only once nodes exist, so it waits for them. */
  addCoreDns(nodes: ITerraformDependable[]): EksAddon {
    return managedAddon(this, this.props.clusterName, 'coredns', this.props.versions?.coredns, { dependsOn: nodes.length > 0 ? nodes : undefined });
  }
}
