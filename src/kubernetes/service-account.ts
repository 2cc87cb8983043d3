import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import { Construct } from 'constructs';
import { IWorkloadIdentity } from '../identity/irsa-role';
import { makeInert } from '../terraform/inert-strings';
import { Addresses } from '../terraform/addresses';
import { PlannedResource, type PlannedValue } from '../terraform/planned';

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
    const annotations = serviceAccountAnnotations(props, props.identity?.roleArn);
    this.resource = new ServiceAccountV1(this, 'Default', {
      metadata: {
        name: props.name,
        namespace: props.namespace,
        annotations,
        labels: { 'app.kubernetes.io/managed-by': 'eksguard' },
      },
      automountServiceAccountToken: props.automountServiceAccountToken ?? false,
    });
    Addresses.assign(this.resource, '');
  }
}

/** The annotations of a workload's service account: its IRSA role and how pods use it (none without a role). */
function serviceAccountAnnotations<T>(props: Omit<WorkloadServiceAccountProps, 'identity'>, roleArn: T | undefined): Record<string, T | string> | undefined {
  if (roleArn === undefined) return undefined;
  const annotations: Record<string, T | string> = { 'eks.amazonaws.com/role-arn': roleArn };
  if (props.stsRegionalEndpoints ?? true) annotations['eks.amazonaws.com/sts-regional-endpoints'] = 'true';
  if (props.tokenExpirationSeconds !== undefined) annotations['eks.amazonaws.com/token-expiration'] = String(props.tokenExpirationSeconds);
  return annotations;
}

/**
 * A `WorkloadServiceAccount`'s resource at the same path and address, written from plain data
 * (terraform/planned.ts), annotated with `roleArn` (a reference of the same stack) when given.
 * Pinned against the construct by test/terraform/planned.test.ts.
 */
export function plannedServiceAccount(parent: Construct, id: string, props: Omit<WorkloadServiceAccountProps, 'identity'> & { readonly roleArn?: PlannedValue }): PlannedResource {
  const scope = new Construct(parent, id);
  return Addresses.assign(new PlannedResource(scope, 'Default', {
    type: 'kubernetes_service_account_v1',
    body: {
      metadata: {
        name: props.name,
        namespace: props.namespace,
        annotations: serviceAccountAnnotations(props, props.roleArn),
        labels: { 'app.kubernetes.io/managed-by': 'eksguard' },
      },
      automount_service_account_token: props.automountServiceAccountToken ?? false,
    },
    blocks: ['metadata'],
  }), '');
}
