import { Labels } from '@cdktf/provider-kubernetes/lib/labels';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { Construct } from 'constructs';
import type { PodSecurityLevel } from './namespace-plan';
import { makeInert } from '../terraform/inert-strings';
import { Addresses } from '../terraform/addresses';

export type { PodSecurityLevel } from './namespace-plan';

export interface WorkloadNamespaceProps {
  readonly name: string;
  /** Pod Security Admission level: audited and warned, and enforced unless `enforce` is false. */
  readonly podSecurity: PodSecurityLevel;
  /** The namespace exists: label it instead of creating it. */
  readonly existing: boolean;
  /**
   * The cluster's Kubernetes minor version (`1.33`): every `*-version` label pins its policy to
   * `v1.33`, so a control-plane upgrade never changes what is admitted unannounced (`latest` would).
   */
  readonly kubernetesVersion: string;
  /**
   * Whether the level is enforced (pods below it are refused) or only audited and warned (for a
   * namespace eksguard does not own, whose other pods it does not know).
   * @default true
   */
  readonly enforce?: boolean;
}

/**
 * Pod Security Admission labels for a level: audit and warn, and enforce when asked, each with its
 * policy version pinned to the cluster's minor version (`v1.33`).
 */
export function podSecurityLabels(level: PodSecurityLevel, kubernetesVersion: string, enforce = true): Record<string, string> {
  const version = `v${kubernetesVersion}`;
  const modes = enforce ? ['enforce', 'audit', 'warn'] : ['audit', 'warn'];
  return Object.fromEntries(modes.flatMap((mode) => [[`pod-security.kubernetes.io/${mode}`, level], [`pod-security.kubernetes.io/${mode}-version`, version]]));
}

/**
 * A workload namespace with Pod Security Admission labels: created (`kubernetes_namespace_v1.<ns>`),
 * or, when it exists already (such as `default`), labelled (`kubernetes_labels.<ns>`).
 */
export class WorkloadNamespace extends Construct {
  /** The namespace's name as a reference, so what is put into it waits for it. */
  readonly name: string;

  constructor(scope: Construct, id: string, props: WorkloadNamespaceProps) {
    super(scope, id);
    makeInert(this);
    const labels = podSecurityLabels(props.podSecurity, props.kubernetesVersion, props.enforce ?? true);
    if (props.existing) {
      const r = new Labels(this, 'Default', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: props.name }, labels, force: true });
      Addresses.assign(r);
      this.name = r.metadata.name;
    } else {
      const r = new NamespaceV1(this, 'Default', { metadata: { name: props.name, labels: { ...labels, 'app.kubernetes.io/managed-by': 'eksguard' } } });
      Addresses.assign(r);
      this.name = r.metadata.name;
    }
  }
}
