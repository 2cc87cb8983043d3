import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import { Construct } from 'constructs';
import { makeInert } from '../terraform/inert-strings';
import { Addresses } from '../terraform/addresses';
import { PlannedResource, type PlannedValue } from '../terraform/planned';

export interface PodIdentityAssociationProps {
  readonly clusterName: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  /** The role, whose trust admits `pods.eks.amazonaws.com` for this account and cluster. */
  readonly roleArn: string;
  /** A role EKS assumes with `roleArn` and hands to the pods (often in another account). @default - none */
  readonly targetRoleArn?: string;
  /** @default false - sessions carry kubernetes-namespace, kubernetes-service-account and eks-cluster-name tags */
  readonly disableSessionTags?: boolean;
}

/**
 * Binds one service account to a role through EKS Pod Identity (the `eks-pod-identity-agent`
 * add-on hands out the credentials). Terraform address: `aws_eks_pod_identity_association.<id>`.
 */
export class PodIdentityAssociation extends Construct {
  readonly resource: EksPodIdentityAssociation;

  constructor(scope: Construct, id: string, props: PodIdentityAssociationProps) {
    super(scope, id);
    makeInert(this);
    this.resource = new EksPodIdentityAssociation(this, 'Default', {
      clusterName: props.clusterName,
      namespace: props.namespace,
      serviceAccount: props.serviceAccount,
      roleArn: props.roleArn,
      targetRoleArn: props.targetRoleArn,
      disableSessionTags: props.disableSessionTags ? true : undefined,
    });
    Addresses.assign(this.resource, '');
  }
}

/**
 * A `PodIdentityAssociation`'s resource at the same path and address, written from plain data
 * (terraform/planned.ts), with the role as a reference of the same stack. Pinned against the
 * construct by test/terraform/planned.test.ts.
 */
export function plannedPodIdentityAssociation(parent: Construct, id: string, props: Omit<PodIdentityAssociationProps, 'roleArn'> & { readonly roleArn: PlannedValue }): PlannedResource {
  const scope = new Construct(parent, id);
  return Addresses.assign(new PlannedResource(scope, 'Default', {
    type: 'aws_eks_pod_identity_association',
    body: {
      cluster_name: props.clusterName,
      namespace: props.namespace,
      service_account: props.serviceAccount,
      role_arn: props.roleArn,
      target_role_arn: props.targetRoleArn,
      disable_session_tags: props.disableSessionTags ? true : undefined,
    },
  }), '');
}
