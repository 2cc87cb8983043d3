import { DataAwsSecretsmanagerSecret } from '@cdktf/provider-aws/lib/data-aws-secretsmanager-secret';
import { EcrRepositoryPolicy } from '@cdktf/provider-aws/lib/ecr-repository-policy';
import { KmsGrant } from '@cdktf/provider-aws/lib/kms-grant';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { SecretsmanagerSecretPolicy } from '@cdktf/provider-aws/lib/secretsmanager-secret-policy';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { nameId, tfName } from '../src/naming';
import type { AccountPlan, ClusterPlan } from '../src/plan';
import type { AccountAccess } from '../src/policy/cross-account';
import { renderPolicyForTerraform } from '../src/policy/document';
import { awsProvider } from '../src/providers/aws';
import { configureBackend } from '../src/providers/backend';
import { makeInert } from '../src/terraform/inert-strings';
import { Addresses } from '../src/terraform/addresses';
import { stampConfigPath } from '../src/terraform/stamps';

export interface AccountStackProps {
  /** The cluster's plan (src/plan). */
  readonly plan: ClusterPlan;
  /** The account this stack writes to: one of `plan.accounts`. */
  readonly account: AccountPlan;
  readonly outdir: string;
}

/**
 * The other account's side of the cluster's workloads' access, written with that account's own
 * provider (assuming `accounts.<id>.roleArn`): a KMS grant per workload and key (additive, so no
 * one else's access changes), and the bucket, secret and repository policies, which eksguard writes
 * only when the account's `managePolicies` says it owns them; otherwise their documents are outputs
 * for the owners to merge. Stack name: `<cluster>-account-<id>`; applied after the workload roles exist.
 */
export class AccountStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: AccountStackProps) {
    super(scope, id);
    // Every string of the config reaches Terraform as data; only the code's own references stay live.
    makeInert(this);
    const { plan, account } = props;
    const { access } = account;
    // What other accounts must allow comes from the cluster's workloads: problems name the cluster.
    stampConfigPath(this, plan.configPath);
    awsProvider(this, account.provider);
    configureBackend(this, id, plan.backend, { outdir: props.outdir, region: plan.provider.region });

    for (const g of access.kmsGrants) {
      Addresses.assign(new KmsGrant(this, nameId('kms-grant', g.key), {
        name: `eksguard-${tfName(g.key)}`.slice(0, 256),
        keyId: g.keyArn,
        granteePrincipal: g.granteeRoleArn,
        operations: g.operations,
        constraints: g.encryptionContext === undefined ? undefined : [{ encryptionContextSubset: { ...g.encryptionContext } }],
      }));
    }

    const manage = account.managePolicies;
    const unmanaged: Record<string, Record<string, string>> = {};
    const each = (kind: string, docs: AccountAccess['bucketPolicies'], make: (name: string, policy: string) => void) => {
      for (const name of Object.keys(docs).sort()) {
        const policy = renderPolicyForTerraform(docs[name]);
        if (manage) make(name, policy);
        else (unmanaged[kind] ??= {})[name] = policy;
      }
    };
    each('s3_bucket_policies', access.bucketPolicies, (bucket, policy) => Addresses.assign(new S3BucketPolicy(this, nameId('bucket-policy', bucket), { bucket, policy })));
    each('secret_policies', access.secretPolicies, (arn, policy) => {
      // Looked up by the ARN as configured (Secrets Manager also resolves one without its random suffix).
      const name = arn.split(':secret:')[1] ?? arn;
      const secret = new DataAwsSecretsmanagerSecret(this, nameId('secret', name), { arn });
      Addresses.assign(secret);
      Addresses.assign(new SecretsmanagerSecretPolicy(this, nameId('secret-policy', name), { secretArn: secret.arn, policy, blockPublicPolicy: true }));
    });
    each('repository_policies', access.repositoryPolicies, (repository, policy) => Addresses.assign(new EcrRepositoryPolicy(this, nameId('repository-policy', repository), { repository, policy })));
    for (const kind of Object.keys(unmanaged).sort()) {
      new TerraformOutput(this, kind, { value: unmanaged[kind], description: `Statements ${plan.name}'s workload roles need in these resource policies of account ${access.account}; merge them into the owners' policies` });
    }
  }
}
