import { Construct } from 'constructs';
import { irsaTrust } from '../policy/trust';
import { IOidcProvider } from './oidc-provider';
import { ServiceRole, ServiceRoleProps } from './service-role';

/** What a workload's pods assume. */
export interface IWorkloadIdentity {
  readonly roleArn: string;
  readonly roleName: string;
}

export interface IrsaRoleProps extends Omit<ServiceRoleProps, 'trust'> {
  readonly provider: IOidcProvider;
  readonly namespace: string;
  readonly serviceAccount: string;
  /** Accept a `*` in serviceAccount, with a reason. @default - refused */
  readonly wildcardSubject?: { readonly reason: string };
}

/**
 * An IAM role for one Kubernetes service account (IRSA): trust admits exactly
 * `system:serviceaccount:<namespace>:<serviceAccount>` with audience `sts.amazonaws.com`. Only the
 * trust is computed here; the role and what it holds (inline policy, managed policies beyond the
 * inline quota, attachments) are a `ServiceRole`'s.
 *
 * Terraform addresses: those of `ServiceRole` (`aws_iam_role.<id>`, `aws_iam_role_policy.<id>`, ...).
 */
export class IrsaRole extends ServiceRole implements IWorkloadIdentity {
  constructor(scope: Construct, id: string, props: IrsaRoleProps) {
    const { provider, namespace, serviceAccount, wildcardSubject, ...role } = props;
    super(scope, id, { ...role, trust: irsaTrust({ providerArn: provider.arn, issuer: provider.issuer, namespace, serviceAccount, wildcardSubject }) });
  }
}
