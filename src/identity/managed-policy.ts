import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { Construct } from 'constructs';
import { PolicyDocument, renderPolicyForTerraform } from '../policy/document';
import { makeInert } from '../terraform/inert-strings';
import { Addresses } from '../terraform/addresses';

export interface ManagedPolicyProps {
  readonly name: string;
  /** @default / */
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
    makeInert(this);
    this.policy = new IamPolicy(this, 'Default', { name: props.name, path: props.path ?? '/', description: props.description, policy: renderPolicyForTerraform(props.document) });
    Addresses.assign(this.policy, '');
    this.arn = this.policy.arn;
  }
}
