import { Construct } from 'constructs';
import { SecretProviderClassProps, secretProviderClassManifest } from './objects';
import { Addresses } from '../terraform/addresses';
import { PlannedResource, type PlannedValue } from '../terraform/planned';

/**
 * A workload's SecretProviderClass (Secrets Store CSI driver, AWS provider): its secrets and
 * parameters as files, and those with `env` synced into `<workload>-secrets`. Written from plain
 * data (terraform/planned.ts): one per workload that has secrets, in the workloads stacks.
 * Terraform address: `kubernetes_manifest.<id>` (the stack uses `<ns>_<workload>_secrets`).
 */
export class WorkloadSecretProviderClass extends Construct {
  readonly resource: PlannedResource;

  constructor(scope: Construct, id: string, props: SecretProviderClassProps) {
    super(scope, id);
    this.resource = Addresses.assign(new PlannedResource(this, 'Default', { type: 'kubernetes_manifest', body: { manifest: secretProviderClassManifest(props) as { [key: string]: PlannedValue } } }), '');
  }
}
