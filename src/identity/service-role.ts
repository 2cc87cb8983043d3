import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import { PolicyDocument, renderPolicyForTerraform } from '../policy/document';

export interface ServiceRoleProps {
  readonly roleName: string;
  /** @default / */
  readonly path?: string;
  readonly trust: PolicyDocument;
  /** Managed policies by name → ARN; each becomes `aws_iam_role_policy_attachment.<id>_<name>`. */
  readonly managedPolicies?: Readonly<Record<string, string>>;
  /** The role's one inline policy. @default - none */
  readonly permissions?: PolicyDocument;
  /** Permissions that did not fit inline (`splitPermissions`), as managed policies. @default - none */
  readonly extraPolicies?: readonly PolicyDocument[];
  readonly permissionsBoundaryArn?: string;
  /** @default 3600 */
  readonly maxSessionDurationSeconds?: number;
  readonly description?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * An IAM role with a literal trust, managed-policy attachments and an optional inline policy:
 * the cluster role, the node role, the break-glass role, Pod Identity roles.
 *
 * Terraform addresses: `aws_iam_role.<id>`, `aws_iam_role_policy.<id>`,
 * `aws_iam_role_policy_attachment.<id>_<policy name>`.
 */
export class ServiceRole extends Construct {
  readonly role: IamRole;
  readonly roleArn: string;
  readonly roleName: string;
  /** The attachments, so dependents (node groups) can wait for them. */
  readonly attachments: IamRolePolicyAttachment[] = [];

  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id);
    this.role = new IamRole(this, 'Default', {
      name: props.roleName,
      path: props.path ?? '/',
      description: props.description,
      assumeRolePolicy: renderPolicyForTerraform(props.trust),
      maxSessionDuration: props.maxSessionDurationSeconds ?? 3600,
      permissionsBoundary: props.permissionsBoundaryArn,
      forceDetachPolicies: true,
      tags: props.tags === undefined ? undefined : { ...props.tags },
    });
    this.role.overrideLogicalId(id);
    attachManagedPolicies(this, id, this.role, props.managedPolicies ?? {}, this.attachments);
    if (props.permissions !== undefined) {
      new IamRolePolicy(this, 'Policy', { name: 'eksguard-permissions', role: this.role.name, policy: renderPolicyForTerraform(props.permissions) }).overrideLogicalId(id);
    }
    this.roleArn = this.role.arn;
    this.roleName = props.roleName;
  }
}

/**
 * Permissions beyond the inline quota: one customer managed policy per document (`<role name>-<n>`,
 * from 2) and its attachment. Terraform addresses: `aws_iam_policy.<id>_<n>`, `aws_iam_role_policy_attachment.<id>_<n>`.
 */
export function attachPolicyDocuments(scope: Construct, id: string, role: IamRole, roleName: string, path: string, docs: readonly PolicyDocument[]): void {
  docs.forEach((document, i) => {
    const n = i + 2;
    const policy = new IamPolicy(scope, `Extra-${n}`, { name: `${roleName}-${n}`, path, description: `eksguard: permissions of ${roleName} beyond the inline quota (${n})`, policy: renderPolicyForTerraform(document) });
    policy.overrideLogicalId(`${id}_${n}`);
    new IamRolePolicyAttachment(scope, `Extra-${n}-attachment`, { role: role.name, policyArn: policy.arn }).overrideLogicalId(`${id}_${n}`);
  });
}

/** One attachment per managed policy, keyed by the policy's name (sorted, so order never matters). */
export function attachManagedPolicies(scope: Construct, id: string, role: IamRole, policies: Readonly<Record<string, string>>, into: IamRolePolicyAttachment[] = []): IamRolePolicyAttachment[] {
  for (const name of Object.keys(policies).sort()) {
    const a = new IamRolePolicyAttachment(scope, `Attach-${name}`, { role: role.name, policyArn: policies[name] });
    a.overrideLogicalId(`${id}_${name}`);
    into.push(a);
  }
  return into;
}

export interface ManagedPolicyProps {
  readonly name: string;
  readonly path?: string;
  readonly description: string;
  readonly document: PolicyDocument;
}

/** A customer managed policy rendered as literal JSON. Terraform address: `aws_iam_policy.<id>`. */
export class ManagedPolicy extends Construct {
  readonly arn: string;
  readonly policy: IamPolicy;

  constructor(scope: Construct, id: string, props: ManagedPolicyProps) {
    super(scope, id);
    this.policy = new IamPolicy(this, 'Default', { name: props.name, path: props.path ?? '/', description: props.description, policy: renderPolicyForTerraform(props.document) });
    this.policy.overrideLogicalId(id);
    this.arn = this.policy.arn;
  }
}
