import { Labels } from '@cdktf/provider-kubernetes/lib/labels';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { Construct } from 'constructs';
import { addressOf } from '../naming';

export type PodSecurityLevel = 'restricted' | 'baseline' | 'privileged';

export interface WorkloadNamespaceProps {
  readonly name: string;
  /** Pod Security Admission level, enforced, audited and warned. */
  readonly podSecurity: PodSecurityLevel;
  /** The namespace exists: label it instead of creating it. */
  readonly existing: boolean;
}

/** Pod Security Admission labels for a level (enforce, audit, warn; latest policy version). */
export function podSecurityLabels(level: PodSecurityLevel): Record<string, string> {
  return {
    'pod-security.kubernetes.io/enforce': level,
    'pod-security.kubernetes.io/enforce-version': 'latest',
    'pod-security.kubernetes.io/audit': level,
    'pod-security.kubernetes.io/warn': level,
  };
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
    const labels = podSecurityLabels(props.podSecurity);
    if (props.existing) {
      const r = new Labels(this, 'Default', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: props.name }, labels, force: true });
      r.overrideLogicalId(addressOf(id));
      this.name = r.metadata.name;
    } else {
      const r = new NamespaceV1(this, 'Default', { metadata: { name: props.name, labels: { ...labels, 'app.kubernetes.io/managed-by': 'eksguard' } } });
      r.overrideLogicalId(addressOf(id));
      this.name = r.metadata.name;
    }
  }
}
