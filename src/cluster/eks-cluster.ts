import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EksCluster as EksClusterResource } from '@cdktf/provider-aws/lib/eks-cluster';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Construct } from 'constructs';
import { ServiceRole } from '../identity/service-role';
import { clusterRoleName } from '../naming';
import { awsManagedPolicyArn, clusterKeyPolicy, controlPlaneLogGroupName, serviceTrust } from '../policy/cluster';
import { AwsContext, renderPolicy } from '../policy/document';
import { makeInert } from '../terraform/inert-strings';
import { Addresses } from '../terraform/addresses';

export interface EksClusterProps {
  readonly ctx: AwsContext;
  readonly name: string;
  readonly kubernetesVersion: string;
  readonly subnetIds: readonly string[];
  /** Extra security group on the control-plane ENIs. */
  readonly securityGroupId: string;
  /** @default - private endpoint only */
  readonly publicAccessCidrs?: readonly string[];
  readonly logTypes: readonly string[];
  readonly logRetentionDays: number;
  readonly keyAdministratorArns: readonly string[];
  readonly rolePath: string;
  /** Permissions boundary of the cluster role. @default - no boundary */
  readonly permissionsBoundaryArn?: string;
  /** Security groups for pods are used: the cluster role also gets AmazonEKSVPCResourceController. @default false */
  readonly podSecurityGroups?: boolean;
}

/**
 * A hardened EKS cluster and what it needs first: its IAM role, a customer KMS key for secrets
 * envelope encryption (rotating, 30-day deletion window, `prevent_destroy`, a key policy that names
 * its administrators and the cluster role), and the control-plane log group (retention, encrypted
 * with the same key). The cluster: private endpoint (public only for listed CIDRs), all requested
 * log types, `authentication_mode = API`, no cluster-creator admin, deletion protection, and no
 * self-managed add-ons (eksguard installs them as managed add-ons).
 *
 * Terraform addresses: `aws_eks_cluster.<id>`, `aws_iam_role.<id>_cluster`, `aws_kms_key.<id>_secrets`,
 * `aws_kms_alias.<id>_secrets`, `aws_cloudwatch_log_group.<id>_control-plane`
 * (`<id>` is the construct's id path below its stack, joined with `_`: see `Addresses`.)
 * eksguard's cluster stack makes it with `Addresses.flat` and the id `cluster:<name>`, so there they
 * are `aws_eks_cluster.<name>`, `aws_iam_role.cluster`, `aws_kms_key.secrets`, ...
 */
export class EksCluster extends Construct {
  readonly cluster: EksClusterResource;
  readonly name: string;
  readonly arn: string;
  /** `https://oidc.eks...` (a Terraform reference). */
  readonly issuerUrl: string;
  readonly keyArn: string;
  readonly logGroupName: string;
  readonly role: ServiceRole;

  constructor(scope: Construct, id: string, props: EksClusterProps) {
    super(scope, id);
    makeInert(this);
    const { ctx } = props;
    this.role = new ServiceRole(this, 'cluster', {
      roleName: clusterRoleName(props.name, 'cluster'),
      path: props.rolePath,
      description: `EKS control plane of ${props.name}`,
      trust: serviceTrust(ctx.partition, 'eks', ['sts:AssumeRole', 'sts:TagSession']),
      managedPolicies: {
        AmazonEKSClusterPolicy: awsManagedPolicyArn(ctx.partition, 'AmazonEKSClusterPolicy'),
        ...(props.podSecurityGroups ? { AmazonEKSVPCResourceController: awsManagedPolicyArn(ctx.partition, 'AmazonEKSVPCResourceController') } : {}),
      },
      permissionsBoundaryArn: props.permissionsBoundaryArn,
    });

    const key = new KmsKey(this, 'secrets', {
      description: `Envelope encryption of Kubernetes secrets and control-plane logs of ${props.name}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      isEnabled: true,
      policy: renderPolicy(clusterKeyPolicy({ ctx, clusterName: props.name, administratorArns: props.keyAdministratorArns, clusterRoleArn: this.role.roleArn })),
      lifecycle: { preventDestroy: true },
    });
    Addresses.assign(key, 'secrets');
    Addresses.assign(new KmsAlias(this, 'alias', { name: `alias/eksguard/${props.name}`, targetKeyId: key.keyId }), 'secrets');
    this.keyArn = key.arn;

    const logs = new CloudwatchLogGroup(this, 'logs', {
      name: controlPlaneLogGroupName(props.name),
      retentionInDays: props.logRetentionDays,
      kmsKeyId: key.arn,
    });
    Addresses.assign(logs, 'control-plane');
    this.logGroupName = logs.name;

    const publicCidrs = props.publicAccessCidrs ?? [];
    this.cluster = new EksClusterResource(this, 'Default', {
      name: props.name,
      version: props.kubernetesVersion,
      roleArn: this.role.roleArn,
      vpcConfig: {
        subnetIds: [...props.subnetIds],
        securityGroupIds: [props.securityGroupId],
        endpointPrivateAccess: true,
        endpointPublicAccess: publicCidrs.length > 0,
        publicAccessCidrs: publicCidrs.length > 0 ? [...publicCidrs] : undefined,
      },
      enabledClusterLogTypes: [...props.logTypes],
      encryptionConfig: { resources: ['secrets'], provider: { keyArn: key.arn } },
      accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: false },
      bootstrapSelfManagedAddons: false,
      deletionProtection: true,
      dependsOn: [logs, ...this.role.attachments],
    });
    Addresses.assign(this.cluster, '');
    this.name = this.cluster.name;
    this.arn = this.cluster.arn;
    this.issuerUrl = this.cluster.identity.get(0).oidc.get(0).issuer;
  }
}
