import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { ClusterConfig, PlatformConfig } from '../src/config/schema';
import { IrsaRole } from '../src/identity/irsa-role';
import { OidcProvider } from '../src/identity/oidc-provider';
import { WorkloadServiceAccount } from '../src/kubernetes/service-account';
import { tfName } from '../src/naming';
import type { WorkloadIdentityPlan } from '../src/policy/workload';
import { awsProvider } from '../src/providers/aws';
import { configureBackend } from '../src/providers/backend';
import { clusterKubernetesProvider } from '../src/providers/kubernetes';

export interface WorkloadsStackProps {
  readonly platform: PlatformConfig;
  readonly cluster: ClusterConfig;
  /** Validated plans, sorted by namespace and name. */
  readonly plans: readonly WorkloadIdentityPlan[];
  readonly outdir: string;
  /** The provider of a cluster eksguard creates (references into the cluster stack). */
  readonly oidcProvider?: { readonly arn: string; readonly issuerUrl: string };
}

/**
 * Workload identities of one cluster: per workload an IRSA role, its inline policy and its
 * annotated service account (3 resources, 0 data sources; a created cluster adds one remote-state
 * read of its provider for the whole stack). Kubernetes resources live here, never
 * beside the cluster they reach. Stack name: `<cluster>-workloads`.
 */
export class WorkloadsStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: WorkloadsStackProps) {
    super(scope, id);
    const { platform, cluster } = props;
    awsProvider(this, { region: platform.region, accountId: platform.accountId, tags: { ...platform.tags, 'eksguard:cluster': cluster.name } });
    clusterKubernetesProvider(this, { clusterName: cluster.name, region: platform.region, auth: cluster.kubernetesAuth });
    configureBackend(this, id, platform.backend, { outdir: props.outdir });

    // An existing cluster's provider is named literally; a created one's through cross-stack references.
    const provider = cluster.existing !== undefined || props.plans.length === 0
      ? undefined
      : OidcProvider.fromReferences(this, tfName(cluster.name), props.oidcProvider!.arn, props.oidcProvider!.issuerUrl);
    // One scope per resource kind, so every kind is addressed by the same workload key.
    const roles = new Construct(this, 'irsa');
    const serviceAccounts = new Construct(this, 'service-accounts');
    for (const plan of props.plans) {
      const key = tfName(plan.namespace, plan.name);
      const role = new IrsaRole(roles, key, {
        provider: provider ?? OidcProvider.fromArn(plan.providerArn, cluster.existing!.oidcIssuerUrl),
        namespace: plan.namespace,
        serviceAccount: plan.serviceAccount,
        roleName: plan.roleName,
        path: plan.rolePath,
        permissions: plan.permissions,
        permissionsBoundaryArn: plan.permissionsBoundaryArn,
        maxSessionDurationSeconds: plan.maxSessionDurationSeconds,
        wildcardSubject: plan.wildcardSubject,
        tags: { 'eksguard:namespace': plan.namespace, 'eksguard:service-account': plan.serviceAccount },
      });
      if (plan.createServiceAccount) {
        new WorkloadServiceAccount(serviceAccounts, key, {
          namespace: plan.namespace,
          name: plan.serviceAccount,
          identity: role,
          stsRegionalEndpoints: plan.stsRegionalEndpoints,
          tokenExpirationSeconds: plan.tokenExpirationSeconds,
          automountServiceAccountToken: plan.automountServiceAccountToken,
        });
      } else {
        new TerraformOutput(this, `${key}_role_arn`, { value: role.roleArn, description: `Annotate the service accounts matching ${plan.serviceAccount} with this role` });
      }
    }
  }
}
