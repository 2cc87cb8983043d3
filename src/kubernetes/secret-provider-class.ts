import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { Construct } from 'constructs';
import { SecretProviderClassProps, secretProviderClassManifest } from './objects';
import { makeInert } from '../terraform/inert-strings';
import { Addresses } from '../terraform/addresses';

/**
 * A workload's SecretProviderClass (Secrets Store CSI driver, AWS provider): its secrets and
 * parameters as files, and those with `env` synced into `<workload>-secrets`.
 * Terraform address: `kubernetes_manifest.<id>` (the stack uses `<ns>_<workload>_secrets`).
 */
export class WorkloadSecretProviderClass extends Construct {
  readonly resource: Manifest;

  constructor(scope: Construct, id: string, props: SecretProviderClassProps) {
    super(scope, id);
    makeInert(this);
    this.resource = new Manifest(this, 'Default', { manifest: secretProviderClassManifest(props) });
    Addresses.assign(this.resource, '');
  }
}
