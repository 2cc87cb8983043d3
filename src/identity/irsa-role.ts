import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import { PolicyDocument, renderPolicyForTerraform } from '../policy/document';
import { irsaTrust } from '../policy/trust';
import { IOidcProvider } from './oidc-provider';
import { attachManagedPolicies, attachPolicyDocuments } from './service-role';

/** What a workload's pods assume. */
export interface IWorkloadIdentity {
  readonly roleArn: string;
  readonly roleName: string;
}

export interface IrsaRoleProps {
  readonly provider: IOidcProvider;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly roleName: string;
  /** @default / */
  readonly path?: string;
  /** The role's one inline policy, from the `src/policy` builders. @default - no permissions */
  readonly permissions?: PolicyDocument;
  /** Permissions that did not fit inline (`splitPermissions`), as managed policies. @default - none */
  readonly extraPolicies?: readonly PolicyDocument[];
  /** Managed policies by name → ARN (e.g. the VPC CNI's). @default - none */
  readonly managedPolicies?: Readonly<Record<string, string>>;
  /** @default - no boundary */
  readonly permissionsBoundaryArn?: string;
  /** @default 3600 */
  readonly maxSessionDurationSeconds?: number;
  /** Accept a `*` in serviceAccount, with a reason. @default - refused */
  readonly wildcardSubject?: { readonly reason: string };
  /** @default - none beyond the provider's default tags */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * An IAM role for one Kubernetes service account (IRSA): trust admits exactly
 * `system:serviceaccount:<namespace>:<serviceAccount>` with audience `sts.amazonaws.com`; one
 * inline policy rendered as literal JSON.
 *
 * Terraform addresses: `aws_iam_role.<id>` and `aws_iam_role_policy.<id>`.
 */
export class IrsaRole extends Construct implements IWorkloadIdentity {
  readonly roleArn: string;
  readonly roleName: string;
  readonly role: IamRole;
  readonly policy?: IamRolePolicy;

  constructor(scope: Construct, id: string, props: IrsaRoleProps) {
    super(scope, id);
    const trust = irsaTrust({
      providerArn: props.provider.arn,
      issuer: props.provider.issuer,
      namespace: props.namespace,
      serviceAccount: props.serviceAccount,
      wildcardSubject: props.wildcardSubject,
    });
    this.role = new IamRole(this, 'Default', {
      name: props.roleName,
      path: props.path ?? '/',
      assumeRolePolicy: renderPolicyForTerraform(trust),
      maxSessionDuration: props.maxSessionDurationSeconds ?? 3600,
      permissionsBoundary: props.permissionsBoundaryArn,
      forceDetachPolicies: true,
      tags: props.tags === undefined ? undefined : { ...props.tags },
    });
    this.role.overrideLogicalId(id);
    attachManagedPolicies(this, id, this.role, props.managedPolicies ?? {});
    if (props.permissions !== undefined) {
      this.policy = new IamRolePolicy(this, 'Policy', {
        name: 'eksguard-permissions',
        role: this.role.name,
        policy: renderPolicyForTerraform(props.permissions),
      });
      this.policy.overrideLogicalId(id);
    }
    attachPolicyDocuments(this, id, this.role, props.roleName, props.path ?? '/', props.extraPolicies ?? []);
    this.roleArn = this.role.arn;
    this.roleName = props.roleName;
  }
}
