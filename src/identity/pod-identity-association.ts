import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import { Construct } from 'constructs';
import { makeInert } from '../terraform/inert-strings';
import { Addresses } from '../terraform/addresses';

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
