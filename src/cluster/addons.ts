import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';

export const CLUSTER_ADDONS = ['vpc-cni', 'kube-proxy', 'eks-pod-identity-agent', 'coredns'] as const;
export type ClusterAddonName = (typeof CLUSTER_ADDONS)[number];

export interface ClusterAddonsProps {
  readonly clusterName: string;
  /** The VPC CNI's role, bound to kube-system/aws-node through IRSA or Pod Identity. */
  readonly cniRole: { readonly roleArn: string; readonly identity: 'irsa' | 'pod-identity' };
  readonly versions?: Readonly<Partial<Record<ClusterAddonName, string>>>;
}


/**
 * The managed add-ons every eksguard cluster runs: vpc-cni (network policy enforcement on, its
 * permissions on its own role rather than the node role), kube-proxy, eks-pod-identity-agent and
 * coredns. Conflicts are overwritten so the settings here always win.
 *
 * Terraform addresses: `aws_eks_addon.<add-on name>`.
 */
export class ClusterAddons extends Construct {
  /** The add-ons nodes need before they can join: vpc-cni, kube-proxy, eks-pod-identity-agent. */
  readonly beforeNodes: EksAddon[];
  private readonly make: (name: ClusterAddonName, extra?: Partial<ConstructorParameters<typeof EksAddon>[2]>) => EksAddon;

  constructor(scope: Construct, id: string, props: ClusterAddonsProps) {
    super(scope, id);
    const make = (name: ClusterAddonName, extra: Partial<ConstructorParameters<typeof EksAddon>[2]> = {}) => {
      const addon = new EksAddon(this, name, {
        clusterName: props.clusterName,
        addonName: name,
        addonVersion: props.versions?.[name],
        resolveConflictsOnCreate: 'OVERWRITE',
        resolveConflictsOnUpdate: 'OVERWRITE',
        ...extra,
      });
      addon.overrideLogicalId(name);
      return addon;
    };
    const cni = props.cniRole.identity === 'irsa'
      ? { serviceAccountRoleArn: props.cniRole.roleArn }
      : { podIdentityAssociation: [{ roleArn: props.cniRole.roleArn, serviceAccount: 'aws-node' }] };
    this.make = make;
    const agent = make('eks-pod-identity-agent');
    const cniAddon = make('vpc-cni', {
      ...cni,
      configurationValues: JSON.stringify({ enableNetworkPolicy: 'true' }),
      // A Pod Identity binding for aws-node needs the agent running first.
      dependsOn: props.cniRole.identity === 'pod-identity' ? [agent] : undefined,
    });
    this.beforeNodes = [cniAddon, make('kube-proxy'), agent];
  }

  /** CoreDNS is a Deployment: it becomes healthy only once nodes exist, so it waits for them. */
  addCoreDns(nodes: ITerraformDependable[]): EksAddon {
    return this.make('coredns', { dependsOn: nodes.length > 0 ? nodes : undefined });
  }
}
