import { Release } from '@cdktf/provider-helm/lib/release';
import { Construct } from 'constructs';
import { stringify } from 'yaml';
import { makeInert } from '../terraform/inert-strings';
import { Addresses } from '../terraform/addresses';

export const CSI_DRIVER_REPOSITORY = 'https://kubernetes-sigs.github.io/secrets-store-csi-driver/charts';
export const CSI_AWS_PROVIDER_REPOSITORY = 'https://aws.github.io/secrets-store-csi-driver-provider-aws';

export interface SecretsStoreCsiProps {
  /** kubernetes-sigs `secrets-store-csi-driver` chart (the config's default: 1.6.0, for Kubernetes 1.30 and later). */
  readonly driverChartVersion: string;
  /** aws `secrets-store-csi-driver-provider-aws` chart (the config's default: 3.1.1). */
  readonly awsProviderChartVersion: string;
  /** e.g. 3600s; from driver 1.6 the least time between two refreshes of a mount. */
  readonly rotationPollInterval: string;
}

/**
 * The Secrets Store CSI driver (secret sync and rotation on, service-account tokens for IRSA and Pod
 * Identity handed to providers) and the AWS provider, each a pinned
 * Helm release in kube-system. The provider chart bundles the driver since 2.0; that copy is turned
 * off (`secrets-store-csi-driver.install: false`) so the driver is installed once.
 *
 * Terraform addresses: `helm_release.<id>_secrets-store-csi-driver`, `helm_release.<id>_secrets-store-csi-driver-provider-aws`
 * (flat in the platform stack: `helm_release.secrets-store-csi-driver`, ...).
 */
export class SecretsStoreCsi extends Construct {
  constructor(scope: Construct, id: string, props: SecretsStoreCsiProps) {
    super(scope, id);
    makeInert(this);
    const driver = new Release(this, 'driver', {
      name: 'secrets-store-csi-driver',
      namespace: 'kube-system',
      repository: CSI_DRIVER_REPOSITORY,
      chart: 'secrets-store-csi-driver',
      version: props.driverChartVersion,
      // The AWS provider (chart 2.x+) takes the pod's service-account token from the driver: one for
      // IRSA (audience sts.amazonaws.com) and one for Pod Identity (pods.eks.amazonaws.com).
      values: [stringify({ syncSecret: { enabled: true }, enableSecretRotation: true, rotationPollInterval: props.rotationPollInterval, tokenRequests: [{ audience: 'sts.amazonaws.com' }, { audience: 'pods.eks.amazonaws.com' }] })],
      atomic: true,
    });
    Addresses.assign(driver, 'secrets-store-csi-driver');
    Addresses.assign(new Release(this, 'aws', {
      name: 'secrets-store-csi-driver-provider-aws',
      namespace: 'kube-system',
      repository: CSI_AWS_PROVIDER_REPOSITORY,
      chart: 'secrets-store-csi-driver-provider-aws',
      version: props.awsProviderChartVersion,
      values: [stringify({ 'secrets-store-csi-driver': { install: false } })],
      atomic: true,
      dependsOn: [driver],
    }), 'secrets-store-csi-driver-provider-aws');
  }
}
