import { Construct } from 'constructs';
import { podIdentityTrust } from '../policy/cluster';
import type { PolicyDocument } from '../policy/document';
import { irsaTrust } from '../policy/trust';
import { workloadTrust } from '../policy/workload';
import type { IdentityKind } from '../plan';
import type { IWorkloadIdentity } from './irsa-role';
import { IOidcProvider } from './oidc-provider';
import { ServiceRole, ServiceRoleProps } from './service-role';

export interface WorkloadRoleProps extends Omit<ServiceRoleProps, 'trust'> {
  /** How pods get the role, and so which statements its trust holds (both while migrating). */
  readonly identity: IdentityKind;
  readonly namespace: string;
  readonly serviceAccount: string;
  /** The cluster's IAM OIDC provider, which the IRSA statement names (unused for `pod-identity`). */
  readonly provider: IOidcProvider;
  /** Accept a `*` in serviceAccount (IRSA only), with a reason. @default - refused */
  readonly wildcardSubject?: { readonly reason: string };
  /** The account whose EKS Pod Identity may assume the role (unused for `irsa`). */
  readonly accountId: string;
  /** The cluster whose session tag the Pod Identity statement checks (unused for `irsa`). */
  readonly clusterArn: string;
  /** @default false - the Pod Identity statement checks the cluster, namespace and service account session tags */
  readonly sessionTagsDisabled?: boolean;
}

/**
 * The role of one workload, for every identity kind (`irsa`, `pod-identity`,
 * `irsa-and-pod-identity`): the trust computed here from the props, the role and everything it holds (inline policy, managed policies beyond the
 * inline quota and their attachments) from `ServiceRole`, so no kind can lose part of its
 * permissions. One address for every kind, so moving a workload between them updates its role in place.
 *
 * Terraform addresses: those of `ServiceRole` (`aws_iam_role.<id>`, `aws_iam_role_policy.<id>`,
 * `aws_iam_policy.<id>_<n>`, `aws_iam_role_policy_attachment.<id>_<n>`).
 */
export class WorkloadRole extends ServiceRole implements IWorkloadIdentity {
  constructor(scope: Construct, id: string, props: WorkloadRoleProps) {
    const { identity, namespace, serviceAccount, provider, wildcardSubject, accountId, clusterArn, sessionTagsDisabled, ...role } = props;
    const trust: PolicyDocument = workloadTrust(
      identity,
      irsaTrust({ providerArn: provider.arn, issuer: provider.issuer, namespace, serviceAccount, wildcardSubject }),
      podIdentityTrust({ accountId, clusterArn, namespace, serviceAccount, sessionTagsDisabled }),
    );
    super(scope, id, { ...role, trust });
  }
}
