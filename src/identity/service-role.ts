import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import { PolicyDocument, renderPolicyForTerraform } from '../policy/document';
import { makeInert } from '../terraform/inert-strings';
import { Addresses } from '../terraform/addresses';
import { PlannedResource } from '../terraform/planned';

export interface ServiceRoleProps {
  readonly roleName: string;
  /** @default / */
  readonly path?: string;
  readonly trust: PolicyDocument;
  /** Managed policies by name → ARN; each becomes `aws_iam_role_policy_attachment.<id>_<name>`. @default - none */
  readonly managedPolicies?: Readonly<Record<string, string>>;
  /** The role's one inline policy. @default - none */
  readonly permissions?: PolicyDocument;
  /** Permissions that did not fit inline (`splitPermissions`), as managed policies attached to the role. @default - none */
  readonly extraPolicies?: readonly PolicyDocument[];
  /** @default - no boundary */
  readonly permissionsBoundaryArn?: string;
  /** @default 3600 */
  readonly maxSessionDurationSeconds?: number;
  /** @default - no description */
  readonly description?: string;
  /** @default - none beyond the provider's default tags */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * An IAM role with a literal trust and everything it holds: attachments of managed policies by ARN,
 * the optional inline policy, and the customer managed policies for permissions beyond the inline
 * quota with their attachments. Every role eksguard makes is one (the cluster, node, VPC CNI and
 * break-glass roles; `IrsaRole` and `WorkloadRole` only compute their trust), so what a role holds
 * is written by this one constructor.
 *
 * Terraform addresses: `aws_iam_role.<id>`, `aws_iam_role_policy.<id>`,
 * `aws_iam_role_policy_attachment.<id>_<policy name>`; beyond the inline quota
 * `aws_iam_policy.<id>_<n>` and `aws_iam_role_policy_attachment.<id>_<n>` (n from 2).
 */
export class ServiceRole extends Construct {
  readonly role: IamRole;
  readonly roleArn: string;
  readonly roleName: string;
  /** The inline policy, when the role has permissions. */
  readonly policy?: IamRolePolicy;
  /** Customer managed policies holding what did not fit inline, in order (`<role name>-2`, ...). */
  readonly extraPolicies: IamPolicy[] = [];
  /** Every attachment (managed policies by ARN, then the extra policies), so dependents (node groups) can wait for them. */
  readonly attachments: IamRolePolicyAttachment[] = [];

  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id);
    makeInert(this);
    const path = props.path ?? '/';
    this.role = new IamRole(this, 'Default', {
      name: props.roleName,
      path,
      description: props.description,
      assumeRolePolicy: renderPolicyForTerraform(props.trust),
      maxSessionDuration: props.maxSessionDurationSeconds ?? 3600,
      permissionsBoundary: props.permissionsBoundaryArn,
      forceDetachPolicies: true,
      tags: props.tags === undefined ? undefined : { ...props.tags },
    });
    Addresses.assign(this.role);
    // One attachment per managed policy, keyed by the policy's name (sorted, so order never matters).
    const managed = props.managedPolicies ?? {};
    for (const name of Object.keys(managed).sort()) {
      const a = new IamRolePolicyAttachment(this, `Attach-${name}`, { role: this.role.name, policyArn: managed[name] });
      Addresses.assign(a, name);
      this.attachments.push(a);
    }
    if (props.permissions !== undefined) {
      this.policy = new IamRolePolicy(this, 'Policy', { name: 'eksguard-permissions', role: this.role.name, policy: renderPolicyForTerraform(props.permissions) });
      Addresses.assign(this.policy, '');
    }
    // Beyond the inline quota: one customer managed policy per document (`<role name>-<n>`, from 2) and its attachment.
    (props.extraPolicies ?? []).forEach((document, i) => {
      const n = i + 2;
      const policy = new IamPolicy(this, `Extra-${n}`, { name: `${props.roleName}-${n}`, path, description: `eksguard: permissions of ${props.roleName} beyond the inline quota (${n})`, policy: renderPolicyForTerraform(document) });
      Addresses.assign(policy, String(n));
      this.extraPolicies.push(policy);
      const a = new IamRolePolicyAttachment(this, `Extra-${n}-attachment`, { role: this.role.name, policyArn: policy.arn });
      Addresses.assign(a, String(n));
      this.attachments.push(a);
    });
    this.roleArn = this.role.arn;
    this.roleName = props.roleName;
  }
}

/** A role rendered from plain data (`plannedServiceRole`): its scope and its `aws_iam_role`. */
export interface PlannedServiceRole {
  readonly scope: Construct;
  readonly role: PlannedResource;
}

/**
 * The resources of a `ServiceRole`, at the same construct paths and addresses, written from plain
 * data (terraform/planned.ts): what the stacks render per workload, where thousands of roles make a
 * binding per field the cost of synthesis. Same arguments, same output: test/terraform/planned.test.ts
 * renders both for every combination of props and compares them.
 */
export function plannedServiceRole(parent: Construct, id: string, props: ServiceRoleProps): PlannedServiceRole {
  const scope = new Construct(parent, id);
  const path = props.path ?? '/';
  const role = Addresses.assign(new PlannedResource(scope, 'Default', {
    type: 'aws_iam_role',
    body: {
      name: props.roleName,
      path,
      description: props.description,
      assume_role_policy: renderPolicyForTerraform(props.trust),
      max_session_duration: props.maxSessionDurationSeconds ?? 3600,
      permissions_boundary: props.permissionsBoundaryArn,
      force_detach_policies: true,
      tags: props.tags,
    },
  }));
  const roleName = role.ref('name');
  const managed = props.managedPolicies ?? {};
  for (const name of Object.keys(managed).sort()) {
    Addresses.assign(new PlannedResource(scope, `Attach-${name}`, { type: 'aws_iam_role_policy_attachment', body: { role: roleName, policy_arn: managed[name] } }), name);
  }
  if (props.permissions !== undefined) {
    Addresses.assign(new PlannedResource(scope, 'Policy', { type: 'aws_iam_role_policy', body: { name: 'eksguard-permissions', role: roleName, policy: renderPolicyForTerraform(props.permissions) } }), '');
  }
  (props.extraPolicies ?? []).forEach((document, i) => {
    const n = i + 2;
    const policy = Addresses.assign(new PlannedResource(scope, `Extra-${n}`, {
      type: 'aws_iam_policy',
      body: { name: `${props.roleName}-${n}`, path, description: `eksguard: permissions of ${props.roleName} beyond the inline quota (${n})`, policy: renderPolicyForTerraform(document) },
    }), String(n));
    Addresses.assign(new PlannedResource(scope, `Extra-${n}-attachment`, { type: 'aws_iam_role_policy_attachment', body: { role: roleName, policy_arn: policy.ref('arn') } }), String(n));
  });
  return { scope, role };
}
