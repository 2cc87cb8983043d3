import { DataAwsEksCluster } from '@cdktf/provider-aws/lib/data-aws-eks-cluster';
import { DataAwsEksClusterAuth } from '@cdktf/provider-aws/lib/data-aws-eks-cluster-auth';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { requireProvider } from './aws';

export interface ClusterKubernetesProviderProps {
  readonly clusterName: string;
  readonly region: string;
  /**
   * `token`: a short-lived token from `data.aws_eks_cluster_auth` (works on Terraform Cloud
   * runners); `exec`: `aws eks get-token` on every call (needs the AWS CLI where Terraform runs).
   * @default token
   */
  readonly auth?: 'token' | 'exec';
  /** Also configure the helm provider with the same connection. @default false */
  readonly helm?: boolean;
}

/**
 * The kubernetes provider configured from the cluster itself: endpoint and CA from
 * `data.aws_eks_cluster`, a short-lived token; never static credentials or a kubeconfig.
 */
export function clusterKubernetesProvider(scope: Construct, props: ClusterKubernetesProviderProps): KubernetesProvider {
  requireProvider(scope, 'kubernetes', 'hashicorp/kubernetes', KUBERNETES_PROVIDER_CONSTRAINT);
  const cluster = new DataAwsEksCluster(scope, 'cluster', { name: props.clusterName });
  const common = {
    host: cluster.endpoint,
    clusterCaCertificate: Fn.base64decode(cluster.certificateAuthority.get(0).data),
  };
  const exec = { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'aws', args: ['eks', 'get-token', '--cluster-name', props.clusterName, '--region', props.region] };
  const token = props.auth === 'exec' ? undefined : new DataAwsEksClusterAuth(scope, 'cluster_auth', { name: props.clusterName }).token;
  if (props.helm) {
    requireProvider(scope, 'helm', 'hashicorp/helm', HELM_PROVIDER_CONSTRAINT);
    new HelmProvider(scope, 'helm', { kubernetes: token === undefined ? { ...common, exec } : { ...common, token } });
  }
  return token === undefined
    ? new KubernetesProvider(scope, 'kubernetes', { ...common, exec: [exec] })
    : new KubernetesProvider(scope, 'kubernetes', { ...common, token });
}

/** The bindings are generated for helm provider 3.1. */
export const HELM_PROVIDER_CONSTRAINT = '>= 3.1.0, < 4.0.0';

/** The bindings are generated for kubernetes provider 2.38. */
export const KUBERNETES_PROVIDER_CONSTRAINT = '>= 2.38.0, < 3.0.0';
