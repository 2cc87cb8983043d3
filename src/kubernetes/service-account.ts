import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import { Construct } from 'constructs';
import { IWorkloadIdentity } from '../identity/irsa-role';
import { makeInert } from '../terraform/inert-strings';
import { Addresses } from '../terraform/addresses';

export interface WorkloadServiceAccountProps {
  readonly namespace: string;
  readonly name: string;
  /** The IRSA role to annotate; omit for Pod Identity (its association binds the role). @default - no annotation */
  readonly identity?: IWorkloadIdentity;
  /** @default true - annotation eks.amazonaws.com/sts-regional-endpoints: "true" */
  readonly stsRegionalEndpoints?: boolean;
  /** @default - EKS default (86400 s) */
  readonly tokenExpirationSeconds?: number;
  /** @default false - pods get only the projected IRSA token, not a Kubernetes API token */
  readonly automountServiceAccountToken?: boolean;
}

/**
 * The Kubernetes service account of a workload, annotated with its IRSA role (none for Pod Identity).
 * Terraform address: `kubernetes_service_account_v1.<id>`.
 */
export class WorkloadServiceAccount extends Construct {
  readonly resource: ServiceAccountV1;

  constructor(scope: Construct, id: string, props: WorkloadServiceAccountProps) {
    super(scope, id);
    makeInert(this);
    const annotations: Record<string, string> = {};
    if (props.identity !== undefined) {
      annotations['eks.amazonaws.com/role-arn'] = props.identity.roleArn;
      if (props.stsRegionalEndpoints ?? true) annotations['eks.amazonaws.com/sts-regional-endpoints'] = 'true';
      if (props.tokenExpirationSeconds !== undefined) annotations['eks.amazonaws.com/token-expiration'] = String(props.tokenExpirationSeconds);
    }
    this.resource = new ServiceAccountV1(this, 'Default', {
      metadata: {
        name: props.name,
        namespace: props.namespace,
        annotations: Object.keys(annotations).length > 0 ? annotations : undefined,
        labels: { 'app.kubernetes.io/managed-by': 'eksguard' },
      },
      automountServiceAccountToken: props.automountServiceAccountToken ?? false,
    });
    Addresses.assign(this.resource, '');
  }
}
