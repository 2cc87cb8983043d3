import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { EksAccessPolicyAssociation } from '@cdktf/provider-aws/lib/eks-access-policy-association';
import { Construct } from 'constructs';
import { accessEntryKey } from '../naming';
import { accessPolicyArn } from '../policy/cluster';
import { makeInert } from '../terraform/inert-strings';
import { Addresses } from '../terraform/addresses';

export interface AccessEntrySpec {
  /** Terraform key. @default - derived from the principal ARN (`accessEntryKey`) */
  readonly key?: string;
  /** A literal ARN, or a reference when `key` is given. */
  readonly principalArn: string;
  /** An EKS access policy name (`AmazonEKSViewPolicy`, ...). */
  readonly accessPolicy?: string;
  /** Namespace scope for the access policy. @default - cluster scope */
  readonly namespaces?: readonly string[];
  readonly kubernetesGroups?: readonly string[];
  readonly userName?: string;
}

export interface AccessEntriesProps {
  readonly clusterName: string;
  readonly partition: string;
  readonly entries: readonly AccessEntrySpec[];
}

export { accessEntryKey };

/**
 * EKS access entries (API authentication mode) and their access policy associations. Refuses
 * `system:masters` (it bypasses RBAC and EKS cannot revoke it).
 *
 * Terraform addresses: `aws_eks_access_entry.<id>_<key>` and `aws_eks_access_policy_association.<id>_<key>`
 * (flat in the cluster stack: `<key>`), the key derived from the principal ARN (`role_sso-infra-platform`).
 */
export class AccessEntries extends Construct {
  /** Per entry of `props.entries` (the same objects): its access entry and, with an access policy, its association. */
  readonly resources: ReadonlyMap<AccessEntrySpec, { readonly entry: EksAccessEntry; readonly association?: EksAccessPolicyAssociation }>;

  constructor(scope: Construct, id: string, props: AccessEntriesProps) {
    super(scope, id);
    const resources = new Map<AccessEntrySpec, { entry: EksAccessEntry; association?: EksAccessPolicyAssociation }>();
    this.resources = resources;
    makeInert(this);
    const seen = new Map<string, string>();
    const keyed = props.entries.map((e) => ({ e, key: e.key ?? accessEntryKey(e.principalArn) })).sort((a, b) => (a.key < b.key ? -1 : 1));
    for (const { e, key } of keyed) {
      if ((e.kubernetesGroups ?? []).includes('system:masters')) throw new Error(`access entry ${e.principalArn}: system:masters cannot be granted`);
      const prior = seen.get(key);
      if (prior !== undefined) throw new Error(`access entries ${prior} and ${e.principalArn} map to the same Terraform address ${key}`);
      seen.set(key, e.principalArn);
      const entry = new EksAccessEntry(this, `${key}-entry`, {
        clusterName: props.clusterName,
        principalArn: e.principalArn,
        type: 'STANDARD',
        kubernetesGroups: e.kubernetesGroups === undefined ? undefined : [...e.kubernetesGroups].sort(),
        userName: e.userName,
      });
      Addresses.assign(entry, key);
      resources.set(e, { entry });
      if (e.accessPolicy !== undefined) {
        const namespaced = e.namespaces !== undefined && e.namespaces.length > 0;
        const association = new EksAccessPolicyAssociation(this, `${key}-policy`, {
          clusterName: props.clusterName,
          principalArn: entry.principalArn,
          policyArn: accessPolicyArn(props.partition, e.accessPolicy),
          accessScope: namespaced ? { type: 'namespace', namespaces: [...(e.namespaces ?? [])].sort() } : { type: 'cluster' },
        });
        Addresses.assign(association, key);
        resources.set(e, { entry, association });
      }
    }
  }
}
