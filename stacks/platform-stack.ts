import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { WorkloadNamespace } from '../src/kubernetes/namespaces';
import { NamespaceNetworkPolicies } from '../src/kubernetes/network-policies';
import { GroupAccess } from '../src/kubernetes/rbac';
import { SecretsStoreCsi } from '../src/kubernetes/secrets-store-csi';
import { nameId } from '../src/naming';
import type { ClusterPlan } from '../src/plan';
import { awsProvider } from '../src/providers/aws';
import { configureBackend } from '../src/providers/backend';
import { clusterKubernetesProvider } from '../src/providers/kubernetes';
import { makeInert } from '../src/terraform/inert-strings';
import { Addresses } from '../src/terraform/addresses';
import { stampConfigPath } from '../src/terraform/stamps';

export interface PlatformStackProps {
  /** The cluster's plan (src/plan). */
  readonly plan: ClusterPlan;
  readonly outdir: string;
}

/**
 * What the workloads of a cluster stand on inside Kubernetes, applied before them: namespaces with
 * Pod Security Admission labels and their baseline network policies (default deny, DNS, the VPC
 * endpoints, the Pod Identity agent), the developer RBAC of access-entry groups, and (when a workload
 * has secrets) the Secrets Store CSI driver and its AWS provider, whose CRD the workloads'
 * SecretProviderClasses need at plan time. Stack name: `<cluster>-platform`. It renders the plan.
 */
export class PlatformStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id);
    // Every string of the config reaches Terraform as data; only the code's own references stay live.
    makeInert(this);
    const { plan } = props;
    stampConfigPath(this, plan.configPath);
    awsProvider(this, plan.provider);
    const needsCsi = plan.secretsStoreCsi !== undefined;
    clusterKubernetesProvider(this, { clusterName: plan.name, region: plan.provider.region, auth: plan.kubernetesAuth, helm: needsCsi });
    configureBackend(this, id, plan.backend, { outdir: props.outdir, region: plan.provider.region });

    // Kubernetes' own namespaces (kube-*) are never labelled: only RBAC goes there.
    const namespaces = new Construct(this, Addresses.flat(this, 'namespaces'));
    const made = new Map(plan.namespaces.map((ns) => [ns.name, new WorkloadNamespace(namespaces, nameId('namespace', ns.name), { name: ns.name, podSecurity: ns.podSecurity, existing: ns.existing, enforce: ns.scope === 'namespace', kubernetesVersion: plan.kubernetesVersion }).name]));

    // Every workload namespace's baseline: default deny, DNS, the VPC endpoints, the Pod Identity agent;
    // in a namespace eksguard does not own, for its workloads' pods only unless the config opts in.
    const policies = new Construct(this, Addresses.flat(this, 'network-policies'));
    for (const ns of plan.namespaces.filter((n) => n.workloads.length > 0)) {
      new NamespaceNetworkPolicies(policies, nameId('namespace', ns.name), {
        namespace: made.get(ns.name)!,
        vpcCidr: plan.vpcCidr,
        podIdentity: ns.podIdentity,
        workloads: ns.scope === 'workloads' ? ns.workloads : undefined,
      });
    }

    const rbac = new Construct(this, Addresses.flat(this, 'rbac'));
    for (const { group, namespace, exec } of plan.rbac) new GroupAccess(rbac, nameId('group-access', namespace, group), { group, namespace: made.get(namespace) ?? namespace, exec });
    if (plan.secretsStoreCsi !== undefined) new SecretsStoreCsi(this, Addresses.flat(this, 'secrets-store-csi'), plan.secretsStoreCsi);
  }
}
