import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { ClusterConfig, PlatformConfig } from '../src/config/schema';
import { platformNamespaces } from '../src/kubernetes/namespace-plan';
import { WorkloadNamespace } from '../src/kubernetes/namespaces';
import { NamespaceNetworkPolicies } from '../src/kubernetes/network-policies';
import { GroupAccess } from '../src/kubernetes/rbac';
import { SecretsStoreCsi } from '../src/kubernetes/secrets-store-csi';
import { nameId } from '../src/naming';
import { awsProvider } from '../src/providers/aws';
import { configureBackend } from '../src/providers/backend';
import { clusterKubernetesProvider } from '../src/providers/kubernetes';
import { makeInert } from '../src/terraform/inert-strings';
import { Addresses } from '../src/terraform/addresses';

export interface PlatformStackProps {
  readonly platform: PlatformConfig;
  readonly cluster: ClusterConfig;
  readonly outdir: string;
}

/**
 * What the workloads of a cluster stand on inside Kubernetes, applied before them: namespaces with
 * Pod Security Admission labels and their baseline network policies (default deny, DNS, the VPC
 * endpoints, the Pod Identity agent), the developer RBAC of access-entry groups, and (when a workload
 * has secrets) the Secrets Store CSI driver and its AWS provider, whose CRD the workloads'
 * SecretProviderClasses need at plan time. Stack name: `<cluster>-platform`.
 */
export class PlatformStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id);
    // Every string of the config reaches Terraform as data; only the code's own references stay live.
    makeInert(this);
    const { platform, cluster } = props;
    awsProvider(this, { region: platform.region, accountId: platform.accountId, tags: { ...platform.tags, 'eksguard:cluster': cluster.name } });
    const needsCsi = cluster.workloads.some((w) => w.secrets.length > 0);
    clusterKubernetesProvider(this, { clusterName: cluster.name, region: platform.region, auth: cluster.kubernetesAuth, helm: needsCsi });
    configureBackend(this, id, platform.backend, { outdir: props.outdir, region: platform.region });

    // Kubernetes' own namespaces (kube-*) are never labelled: only RBAC goes there.
    const namespaces = new Construct(this, Addresses.flat(this, 'namespaces'));
    const plans = platformNamespaces(cluster);
    const made = new Map(plans.map((ns) => [ns.name, new WorkloadNamespace(namespaces, nameId('namespace', ns.name), { name: ns.name, podSecurity: ns.podSecurity, existing: ns.existing, enforce: ns.scope === 'namespace', kubernetesVersion: cluster.kubernetesVersion }).name]));

    // Every workload namespace's baseline: default deny, DNS, the VPC endpoints, the Pod Identity agent;
    // in a namespace eksguard does not own, for its workloads' pods only unless the config opts in.
    const policies = new Construct(this, Addresses.flat(this, 'network-policies'));
    const vpcCidr = cluster.network?.vpcCidr ?? cluster.existing?.vpcCidr;
    for (const ns of plans.filter((n) => n.workloads.length > 0)) {
      new NamespaceNetworkPolicies(policies, nameId('namespace', ns.name), {
        namespace: made.get(ns.name)!,
        vpcCidr,
        podIdentity: cluster.workloads.some((w) => w.namespace === ns.name && w.identity !== 'irsa'),
        workloads: ns.scope === 'workloads' ? ns.workloads : undefined,
      });
    }

    const rbac = new Construct(this, Addresses.flat(this, 'rbac'));
    for (const group of Object.keys(cluster.rbac.groups).sort()) {
      const g = cluster.rbac.groups[group];
      for (const ns of [...new Set(g.namespaces)].sort()) new GroupAccess(rbac, nameId('group-access', ns, group), { group, namespace: made.get(ns) ?? ns, exec: g.exec !== undefined });
    }
    if (needsCsi) new SecretsStoreCsi(this, Addresses.flat(this, 'secrets-store-csi'), cluster.secretsStoreCsi);
  }
}
