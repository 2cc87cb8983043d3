import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';

export interface EksguardAwsProviderProps {
  readonly region: string;
  /** Only this account may be used by the provider (`allowed_account_ids`). */
  readonly accountId: string;
  /** Default tags on every resource, merged with eksguard's own. */
  readonly tags: Readonly<Record<string, string>>;
  /** A role to assume (another account's deployer). @default - the caller's credentials */
  readonly assumeRoleArn?: string;
}

/**
 * The AWS provider with default tags, pinned to the platform account so a plan run with the
 * wrong credentials fails instead of writing into another account.
 */
export function awsProvider(scope: Construct, props: EksguardAwsProviderProps): AwsProvider {
  requireProvider(scope, 'aws', 'hashicorp/aws', AWS_PROVIDER_CONSTRAINT);
  return new AwsProvider(scope, 'aws', {
    region: props.region,
    allowedAccountIds: [props.accountId],
    defaultTags: [{ tags: { ...props.tags, 'managed-by': 'eksguard' } }],
    assumeRole: props.assumeRoleArn === undefined ? undefined : [{ roleArn: props.assumeRoleArn, sessionName: 'eksguard' }],
  });
}

/** The bindings are generated for AWS provider 6.25; any later 6.x is schema-compatible. */
export const AWS_PROVIDER_CONSTRAINT = '>= 6.25.0, < 7.0.0';

/**
 * Fully qualified source and a version range in `required_providers`: the prebuilt bindings
 * write a bare name and an exact version, which OpenTofu and registry mirrors read differently.
 */
export function requireProvider(scope: Construct, name: string, source: string, version: string): void {
  TerraformStack.of(scope).addOverride(`terraform.required_providers.${name}`, { source, version });
}
