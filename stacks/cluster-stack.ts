import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { ClusterConfig, PlatformConfig } from '../src/config/schema';
import { OidcProvider } from '../src/identity/oidc-provider';
import { tfName } from '../src/naming';
import { awsProvider } from '../src/providers/aws';
import { configureBackend } from '../src/providers/backend';

export interface ClusterStackProps {
  readonly platform: PlatformConfig;
  readonly cluster: ClusterConfig;
  readonly outdir: string;
}

/** Cluster-side resources of one cluster: today its IAM OIDC provider. Stack name: `<cluster>`. */
export class ClusterStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: ClusterStackProps) {
    super(scope, id);
    const { platform, cluster } = props;
    awsProvider(this, { region: platform.region, accountId: platform.accountId, tags: { ...platform.tags, 'eksguard:cluster': cluster.name } });
    configureBackend(this, id, platform.backend, { outdir: props.outdir });
    if (cluster.existing.oidcProviderArn === undefined) {
      const provider = new OidcProvider(this, tfName(cluster.name), { issuerUrl: cluster.existing.oidcIssuerUrl });
      new TerraformOutput(this, 'oidc_provider_arn', { value: provider.arn });
    }
  }
}
