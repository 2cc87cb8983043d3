import { RoleBindingV1 } from '@cdktf/provider-kubernetes/lib/role-binding-v1';
import { RoleV1 } from '@cdktf/provider-kubernetes/lib/role-v1';
import { Construct } from 'constructs';
import { developerRules } from './objects';
import { makeInert } from '../terraform/inert-strings';
import { Addresses } from '../terraform/addresses';

export interface GroupAccessProps {
  /** The Kubernetes group an access entry carries. */
  readonly group: string;
  readonly namespace: string;
  /** Also `create` on pods/exec. @default false */
  readonly exec?: boolean;
}

/**
 * The seed's developer role for one group in one namespace: read deployments, replica sets, pods
 * and their logs (and exec only when asked), bound to the group.
 * Terraform addresses: `kubernetes_role_v1.<id>` and `kubernetes_role_binding_v1.<id>` (`<ns>_<group>`).
 */
export class GroupAccess extends Construct {
  constructor(scope: Construct, id: string, props: GroupAccessProps) {
    super(scope, id);
    makeInert(this);
    const name = `eksguard-${props.group.replace(/[^a-z0-9-]/g, '-')}`;
    const metadata = { name, namespace: props.namespace, labels: { 'app.kubernetes.io/managed-by': 'eksguard' } };
    const role = new RoleV1(this, 'Role', { metadata, rule: developerRules(props.exec ?? false) });
    Addresses.assign(role, '');
    Addresses.assign(new RoleBindingV1(this, 'Binding', {
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.metadata.name },
      subject: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: props.group }],
    }), '');
  }
}
