import { Construct } from 'constructs';
import { APP_LABEL, NON_PUBLIC_CIDRS, POD_IDENTITY_AGENT_CIDR } from './objects';
import { Addresses } from '../terraform/addresses';
import { PlannedResource, type PlannedValue } from '../terraform/planned';

/** Which pods a policy or a peer selects (Kubernetes `LabelSelector`). */
export interface PodSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: ReadonlyArray<{ readonly key: string; readonly operator: string; readonly values?: readonly string[] }>;
}

/** One peer of a rule (`NetworkPolicyPeer`). */
export interface PolicyPeer {
  readonly namespaceSelector?: PodSelector;
  readonly podSelector?: PodSelector;
  readonly ipBlock?: { readonly cidr: string; readonly except?: readonly string[] };
}

/** One port of a rule (`NetworkPolicyPort`). */
export interface PolicyPort {
  readonly port: string;
  readonly protocol: string;
}

/** One ingress rule: from these peers, on these ports. */
export interface IngressRule {
  readonly from?: readonly PolicyPeer[];
  readonly ports?: readonly PolicyPort[];
}

/** One egress rule: to these peers, on these ports. */
export interface EgressRule {
  readonly to?: readonly PolicyPeer[];
  readonly ports?: readonly PolicyPort[];
}

export interface NamespaceNetworkPoliciesProps {
  readonly namespace: string;
  /** The VPC CIDR, where the interface endpoints live: egress 443 to it. @default - no endpoint egress */
  readonly vpcCidr?: string;
  /** Pods here use EKS Pod Identity: egress to the node-local agent (169.254.170.23:80). */
  readonly podIdentity: boolean;
  /**
   * Select only these workloads' pods (`app.kubernetes.io/name In [...]`), for a namespace eksguard
   * does not own: its other pods keep whatever traffic they had.
   * @default - every pod in the namespace
   */
  readonly workloads?: readonly string[];
}

const labels = { 'app.kubernetes.io/managed-by': 'eksguard' };

export interface NetworkPolicySpec {
  /** The namespace (its name, or a reference to the namespace the platform stack makes). */
  readonly namespace: string;
  /** `metadata.name` */
  readonly name: string;
  /** Which pods the policy selects. @default - every pod in the namespace */
  readonly podSelector?: PodSelector;
  readonly types: string[];
  /** @default - none (with Ingress in types: deny all ingress) */
  readonly ingress?: readonly IngressRule[];
  /** @default - none (with Egress in types: deny all egress) */
  readonly egress?: readonly EgressRule[];
}

/** The kubernetes provider's nested blocks of a `kubernetes_network_policy_v1` that eksguard writes (for `--hcl`). */
const POLICY_BLOCKS = [
  'metadata', 'spec', 'spec/pod_selector', 'spec/pod_selector/match_expressions',
  ...['ingress', 'egress'].flatMap((rule) => {
    const peers = `spec/${rule}/${rule === 'ingress' ? 'from' : 'to'}`;
    return [`spec/${rule}`, `spec/${rule}/ports`, peers, `${peers}/ip_block`, ...['namespace_selector', 'pod_selector'].flatMap((sel) => [`${peers}/${sel}`, `${peers}/${sel}/match_expressions`])];
  }),
];

/** A label selector as the kubernetes provider reads it. */
const selectorBody = (s: PodSelector): PlannedValue => ({
  match_labels: s.matchLabels,
  match_expressions: s.matchExpressions?.map((e) => ({ key: e.key, operator: e.operator, values: e.values })),
});

const peerBody = (p: PolicyPeer): PlannedValue => ({
  namespace_selector: p.namespaceSelector === undefined ? undefined : selectorBody(p.namespaceSelector),
  pod_selector: p.podSelector === undefined ? undefined : selectorBody(p.podSelector),
  ip_block: p.ipBlock === undefined ? undefined : { cidr: p.ipBlock.cidr, except: p.ipBlock.except },
});

const portsBody = (ports: readonly PolicyPort[] | undefined): PlannedValue => ports?.map((p) => ({ port: p.port, protocol: p.protocol }));

/**
 * One NetworkPolicy labelled as eksguard's, at `kubernetes_network_policy_v1.<id>`, written from
 * plain data (terraform/planned.ts) as the kubernetes provider reads it.
 */
export function networkPolicy(scope: Construct, id: string, spec: NetworkPolicySpec): PlannedResource {
  const p = new PlannedResource(scope, id, {
    type: 'kubernetes_network_policy_v1',
    body: {
      metadata: { name: spec.name, namespace: spec.namespace, labels },
      spec: {
        pod_selector: selectorBody(spec.podSelector ?? {}),
        policy_types: spec.types,
        ingress: spec.ingress?.map((r) => ({ from: r.from?.map(peerBody), ports: portsBody(r.ports) })),
        egress: spec.egress?.map((r) => ({ to: r.to?.map(peerBody), ports: portsBody(r.ports) })),
      },
    },
    blocks: POLICY_BLOCKS,
  });
  return Addresses.assign(p);
}

/** Selects the pods of one workload (`app.kubernetes.io/name=<workload>`). */
export function workloadSelector(workload: string): PodSelector {
  return { matchLabels: { [APP_LABEL]: workload } };
}

function policy(scope: Construct, id: string, namespace: string, name: string, spec: { podSelector?: Record<string, string>; ingress?: IngressRule[]; egress?: EgressRule[]; types: string[] }): PlannedResource {
  return networkPolicy(scope, id, { namespace, name, podSelector: spec.podSelector === undefined ? undefined : { matchLabels: spec.podSelector }, types: spec.types, ingress: spec.ingress, egress: spec.egress });
}

/**
 * The baseline of a workload namespace: deny all ingress and egress, then allow DNS to kube-dns
 * (53/UDP and 53/TCP), HTTPS to the VPC (its interface endpoints), and the Pod Identity agent
 * where pods use it; for every pod, or only for the listed workloads' pods. Nothing here ever
 * admits 169.254.169.254.
 *
 * Terraform addresses: `kubernetes_network_policy_v1.<ns>_{default-deny,allow-dns,allow-aws-endpoints,allow-pod-identity-agent}`.
 */
export class NamespaceNetworkPolicies extends Construct {
  constructor(scope: Construct, id: string, props: NamespaceNetworkPoliciesProps) {
    super(scope, id);
    const namespace = props.namespace;
    const podSelector: PodSelector | undefined = props.workloads === undefined
      ? undefined
      : { matchExpressions: [{ key: APP_LABEL, operator: 'In', values: [...new Set(props.workloads)].sort() }] };
    networkPolicy(this, 'default-deny', { namespace, name: 'eksguard-default-deny', podSelector, types: ['Ingress', 'Egress'] });
    networkPolicy(this, 'allow-dns', {
      namespace,
      name: 'eksguard-allow-dns',
      podSelector,
      types: ['Egress'],
      egress: [{
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
        ports: [{ port: '53', protocol: 'UDP' }, { port: '53', protocol: 'TCP' }],
      }],
    });
    if (props.vpcCidr !== undefined) {
      networkPolicy(this, 'allow-aws-endpoints', {
        namespace,
        name: 'eksguard-allow-aws-endpoints',
        podSelector,
        types: ['Egress'],
        // A VPC CIDR never holds link-local addresses, so IMDS needs no `except` (the API rejects one outside the CIDR).
        egress: [{ to: [{ ipBlock: { cidr: props.vpcCidr } }], ports: [{ port: '443', protocol: 'TCP' }] }],
      });
    }
    if (props.podIdentity) {
      networkPolicy(this, 'allow-pod-identity-agent', {
        namespace,
        name: 'eksguard-allow-pod-identity-agent',
        podSelector,
        types: ['Egress'],
        egress: [{ to: [{ ipBlock: { cidr: POD_IDENTITY_AGENT_CIDR } }], ports: [{ port: '80', protocol: 'TCP' }] }],
      });
    }
  }
}

export interface AppPeer {
  readonly app: string;
  readonly namespace: string;
  readonly port: number;
  readonly protocol: string;
}

export interface WorkloadFlowsProps {
  readonly namespace: string;
  readonly workload: string;
  /** Who may connect to this workload. */
  readonly from: readonly AppPeer[];
  /** Whom this workload connects to. */
  readonly to: readonly AppPeer[];
  /** AWS services the pods reach on public addresses (S3 through its gateway endpoint, services without an interface endpoint). @default - none: no `aws-public` policy */
  readonly publicAwsServices?: readonly string[];
}

const peer = (p: AppPeer) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': p.namespace } }, podSelector: { matchLabels: { [APP_LABEL]: p.app } } });

/**
 * The declared app-to-app flows of one workload, both ends: ingress from its clients and egress to
 * its servers (each namespace denies by default, so a flow needs both); and HTTPS to public
 * addresses (never private, shared or link-local ones) when it calls AWS services that no interface
 * endpoint serves (S3 through its gateway endpoint, for one).
 *
 * Terraform addresses: `kubernetes_network_policy_v1.<ns>_<workload>_{ingress,egress,aws-public}`.
 */
export class WorkloadFlows extends Construct {
  constructor(scope: Construct, id: string, props: WorkloadFlowsProps) {
    super(scope, id);
    const selector = { [APP_LABEL]: props.workload };
    const sorted = (ps: readonly AppPeer[]) => [...ps].sort((a, b) => (`${a.namespace}/${a.app}/${a.port}` < `${b.namespace}/${b.app}/${b.port}` ? -1 : 1));
    if (props.from.length > 0) {
      policy(this, 'ingress', props.namespace, `eksguard-${props.workload}-ingress`, {
        types: ['Ingress'],
        podSelector: selector,
        ingress: sorted(props.from).map((p) => ({ from: [peer(p)], ports: [{ port: String(p.port), protocol: p.protocol }] })),
      });
    }
    if ((props.publicAwsServices ?? []).length > 0) {
      policy(this, 'aws-public', props.namespace, `eksguard-${props.workload}-aws-public`, {
        types: ['Egress'],
        podSelector: selector,
        egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: NON_PUBLIC_CIDRS } }], ports: [{ port: '443', protocol: 'TCP' }] }],
      });
    }
    if (props.to.length > 0) {
      policy(this, 'egress', props.namespace, `eksguard-${props.workload}-egress`, {
        types: ['Egress'],
        podSelector: selector,
        egress: sorted(props.to).map((p) => ({ to: [peer(p)], ports: [{ port: String(p.port), protocol: p.protocol }] })),
      });
    }
  }
}
