/**
 * Kubernetes objects eksguard writes through `kubernetes_manifest` (custom resources) and the
 * conventions its network policies rely on, as plain data. Pure: no cdktf imports, so tests
 * validate them against the upstream CRD schemas.
 */
import { stringify } from 'yaml';
import { familyDirectServices, SERVICE_FAMILIES } from '../policy/services';
import { secretFileName } from '../policy/services/secrets';

/** The label network policies and security-group policies select a workload's pods by. */
export const APP_LABEL = 'app.kubernetes.io/name';

export interface SecretObject {
  readonly kind: 'secretsmanager' | 'ssmparameter';
  /** Secret name or ARN, or parameter name. */
  readonly name: string;
  /** Also sync into the workload's Kubernetes Secret under this key (an environment variable name). */
  readonly env?: string;
}

export interface SecretProviderClassProps {
  readonly workload: string;
  readonly namespace: string;
  readonly region: string;
  /** Whether the AWS provider fetches with the pod's EKS Pod Identity (else IRSA). */
  readonly usePodIdentity: boolean;
  readonly objects: readonly SecretObject[];
}

/** The file a secret is mounted as (`prod/my-app/database-url` → `prod_my-app_database-url`): the secrets family's. */
export { secretFileName };

/** The Kubernetes Secret a workload's `env` secrets are synced into. */
export function syncedSecretName(workload: string): string {
  return `${workload}-secrets`;
}

/**
 * Text the yaml library writes as a plain scalar in every context: it starts with a letter, `_` or
 * `/`, holds only letters, digits and `_./-`, and is none of YAML 1.2's null or boolean words.
 */
const PLAIN_SCALAR = /^[A-Za-z_/][A-Za-z0-9_./-]*$/;
const RESERVED = new Set(['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE']);

/**
 * The provider's `objects` parameter: the list as the yaml library writes it (`lineWidth: 0`). The
 * usual case, names that are plain scalars, is written directly (the library costs a document per
 * call, thousands per fleet); anything else goes to the library. Pinned against it by
 * test/kubernetes/objects-yaml.test.ts.
 */
export function objectsYaml(items: ReadonlyArray<Readonly<Record<string, string>>>): string {
  const plain = items.length > 0 && items.every((item) => Object.keys(item).length > 0 && Object.entries(item).every(([k, v]) => PLAIN_SCALAR.test(k) && !RESERVED.has(k) && PLAIN_SCALAR.test(v) && !RESERVED.has(v)));
  if (!plain) return stringify(items, { lineWidth: 0 });
  return items.map((item) => Object.entries(item).map(([k, v], i) => `${i === 0 ? '- ' : '  '}${k}: ${v}\n`).join('')).join('');
}

/**
 * The workload's SecretProviderClass for the AWS provider: every listed secret and parameter
 * mounted as a file (named by `secretFileName`), and those with `env` synced into
 * `<workload>-secrets` so pods can read them as environment variables.
 */
export function secretProviderClassManifest(props: SecretProviderClassProps): Record<string, unknown> {
  const objects = [...props.objects].sort((a, b) => (a.name < b.name ? -1 : 1));
  const synced = objects.filter((o) => o.env !== undefined);
  const spec: Record<string, unknown> = {
    provider: 'aws',
    parameters: {
      region: props.region,
      usePodIdentity: props.usePodIdentity ? 'true' : 'false',
      objects: objectsYaml(objects.map((o) => ({ objectName: o.name, objectType: o.kind, objectAlias: secretFileName(o.name) }))),
    },
  };
  if (synced.length > 0) {
    spec.secretObjects = [
      {
        secretName: syncedSecretName(props.workload),
        type: 'Opaque',
        labels: { [APP_LABEL]: props.workload, 'app.kubernetes.io/managed-by': 'eksguard' },
        data: synced.map((o) => ({ objectName: secretFileName(o.name), key: o.env! })),
      },
    ];
  }
  return {
    apiVersion: 'secrets-store.csi.x-k8s.io/v1',
    kind: 'SecretProviderClass',
    metadata: { name: props.workload, namespace: props.namespace, labels: { [APP_LABEL]: props.workload, 'app.kubernetes.io/managed-by': 'eksguard' } },
    spec,
  };
}

export interface SecurityGroupPolicyProps<G = string> {
  readonly workload: string;
  readonly namespace: string;
  /** Security group ids (literal, or references to the groups: terraform/planned.ts `Ref`s). */
  readonly groupIds: readonly G[];
}

/** Binds the workload's pods (by `APP_LABEL`) to their own security groups (VPC CNI pod ENIs). */
export function securityGroupPolicyManifest<G = string>(props: SecurityGroupPolicyProps<G>): Record<string, unknown> {
  return {
    apiVersion: 'vpcresources.k8s.aws/v1beta1',
    kind: 'SecurityGroupPolicy',
    metadata: { name: props.workload, namespace: props.namespace, labels: { 'app.kubernetes.io/managed-by': 'eksguard' } },
    spec: {
      podSelector: { matchLabels: { [APP_LABEL]: props.workload } },
      securityGroups: { groupIds: [...props.groupIds] },
    },
  };
}

/** The Pod Identity agent's link-local address on every node (port 80). */
export const POD_IDENTITY_AGENT_CIDR = '169.254.170.23/32';

/** RBAC rules of the developer role from the seed: read workloads and logs; exec only when asked. */
export function developerRules(exec: boolean): Array<{ apiGroups: string[]; resources: string[]; verbs: string[] }> {
  const rules = [
    { apiGroups: ['apps'], resources: ['deployments', 'replicasets'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list', 'watch'] },
  ];
  if (exec) rules.push({ apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] });
  return rules;
}

/** Address ranges a pod's public-AWS egress never reaches: private, shared and link-local (IMDS included). */
export const NON_PUBLIC_CIDRS = ['10.0.0.0/8', '100.64.0.0/10', '169.254.0.0/16', '172.16.0.0/12', '192.168.0.0/16'];

/**
 * AWS services a workload's pods call themselves (STS aside, which every identity uses; secrets are
 * fetched by the CSI provider in kube-system), by the endpoint name that would serve them: each
 * service family's `directServices` (src/policy/services), in registry order.
 */
export function directAwsServices(w: { s3: unknown[]; sqs: unknown[]; dynamodb: unknown[]; eks: unknown[]; kms: ReadonlyArray<{ viaServices?: readonly string[] }> }): string[] {
  return familyDirectServices(SERVICE_FAMILIES, w);
}

/**
 * The services among those a workload calls that it reaches on public addresses: S3 (its gateway
 * endpoint routes public prefixes) and any service without an interface endpoint in the VPC.
 * `interfaceEndpoints` undefined means unknown (an existing cluster): all of them.
 */
export function publicAwsServices(services: readonly string[], interfaceEndpoints?: readonly string[]): string[] {
  return services.filter((s) => s === 's3' || interfaceEndpoints === undefined || !interfaceEndpoints.includes(s));
}
