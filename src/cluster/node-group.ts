import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { ITerraformDependable, Token } from 'cdktf';
import { Construct } from 'constructs';
import { launchTemplateName } from '../naming';
import { makeInert } from '../terraform/inert-strings';
import { Addresses } from '../terraform/addresses';

/** Bottlerocket's OS volume size (its AMI default). */
const BOTTLEROCKET_OS_GIB = 4;

export interface NodeGroupProps {
  readonly clusterName: string;
  /** Name within the cluster; also the launch template's `<cluster>-<name>`. */
  readonly name: string;
  /**
   * The launch template's name. Pass it when clusterName is a Terraform reference: a reference's
   * length is only known at plan time, so `<cluster>-<name>` could not be shortened here.
   * @default - `<clusterName>-<name>`, shortened with a hash past 125 characters (the AWS provider's limit)
   */
  readonly launchTemplateName?: string;
  readonly kubernetesVersion: string;
  readonly nodeRoleArn: string;
  readonly subnetIds: readonly string[];
  /** The node security group (replaces the cluster security group on these nodes). */
  readonly securityGroupId: string;
  readonly instanceTypes: readonly string[];
  readonly scaling: { readonly min: number; readonly desired: number; readonly max: number };
  readonly amiType: string;
  readonly capacityType: string;
  readonly diskSizeGiB: number;
  /** Kubernetes labels of the nodes. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /** Kubernetes taints of the nodes. @default - none */
  readonly taints?: ReadonlyArray<{ key: string; value?: string; effect: string }>;
  /** 1, or 2 with a reason (pods can then reach IMDS). @default 1 */
  readonly imdsHopLimit?: 1 | 2;
  /** Resources the node group waits for (node role attachments, CNI and kube-proxy add-ons). @default - none beyond its references */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A managed node group that always runs on an eksguard launch template: IMDSv2 required with a
 * hop limit of 1 (pods cannot reach the node role's credentials), an encrypted gp3 root volume,
 * no public IP on the interface, no SSH key and no remote access block.
 *
 * Terraform addresses: `aws_launch_template.<id>`, `aws_eks_node_group.<id>`.
 */
export class NodeGroup extends Construct {
  readonly nodeGroup: EksNodeGroup;
  readonly launchTemplate: LaunchTemplate;

  constructor(scope: Construct, id: string, props: NodeGroupProps) {
    super(scope, id);
    makeInert(this);
    const name = props.launchTemplateName ?? launchTemplateName(props.clusterName, props.name);
    // Bottlerocket boots from /dev/xvda and keeps containers on /dev/xvdb (both encrypted);
    // other AMIs use /dev/xvda for both.
    const volume = (deviceName: string, volumeSize: number) => ({ deviceName, ebs: { volumeSize, volumeType: 'gp3', encrypted: 'true', deleteOnTermination: 'true' } });
    const volumes = props.amiType.startsWith('BOTTLEROCKET') ? [volume('/dev/xvda', BOTTLEROCKET_OS_GIB), volume('/dev/xvdb', props.diskSizeGiB)] : [volume('/dev/xvda', props.diskSizeGiB)];
    this.launchTemplate = new LaunchTemplate(this, 'LaunchTemplate', {
      name,
      description: `eksguard node group ${props.name} of ${props.clusterName}: IMDSv2 only, encrypted gp3, no public IP`,
      updateDefaultVersion: true,
      metadataOptions: {
        httpEndpoint: 'enabled',
        httpTokens: 'required',
        httpPutResponseHopLimit: props.imdsHopLimit ?? 1,
        instanceMetadataTags: 'disabled',
      },
      blockDeviceMappings: volumes,
      networkInterfaces: [{ deviceIndex: 0, associatePublicIpAddress: 'false', deleteOnTermination: 'true', securityGroups: [props.securityGroupId] }],
      tagSpecifications: ['instance', 'volume', 'network-interface'].map((resourceType) => ({
        resourceType,
        tags: { Name: name, 'eksguard:cluster': props.clusterName, 'eksguard:node-group': props.name },
      })),
    });
    Addresses.assign(this.launchTemplate, '');

    this.nodeGroup = new EksNodeGroup(this, 'Default', {
      clusterName: props.clusterName,
      nodeGroupName: props.name,
      version: props.kubernetesVersion,
      nodeRoleArn: props.nodeRoleArn,
      subnetIds: [...props.subnetIds],
      instanceTypes: [...props.instanceTypes],
      amiType: props.amiType,
      capacityType: props.capacityType,
      scalingConfig: { minSize: props.scaling.min, desiredSize: props.scaling.desired, maxSize: props.scaling.max },
      updateConfig: { maxUnavailablePercentage: 33 },
      launchTemplate: { id: this.launchTemplate.id, version: Token.asString(this.launchTemplate.latestVersion) },
      labels: props.labels === undefined || Object.keys(props.labels).length === 0 ? undefined : { ...props.labels },
      taint: props.taints === undefined || props.taints.length === 0 ? undefined : props.taints.map((t) => ({ ...t })),
      // Scaling is the cluster autoscaler's once the group exists.
      lifecycle: { ignoreChanges: ['scaling_config[0].desired_size'] },
      dependsOn: props.dependsOn,
    });
    Addresses.assign(this.nodeGroup, '');
  }
}
