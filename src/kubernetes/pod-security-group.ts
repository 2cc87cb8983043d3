import { Construct } from 'constructs';
import { ec2Description } from '../aws/text';
import { networkPolicy, workloadSelector } from './network-policies';
import { securityGroupPolicyManifest } from './objects';
import { Addresses } from '../terraform/addresses';
import { PlannedResource, type PlannedValue, type Ref } from '../terraform/planned';

export interface PodSecurityGroupProps {
  readonly clusterName: string;
  readonly namespace: string;
  readonly workload: string;
  readonly vpcId: string;
  /** The VPC CIDR: HTTPS to the interface endpoints when their security group is not known. @default - no egress to the endpoints by CIDR */
  readonly vpcCidr?: string;
  /** The nodes' security group: CoreDNS and every pod without its own group sit behind it. */
  readonly nodeSecurityGroupId: string;
  /** The interface endpoints' security group (a created cluster's). @default - HTTPS to vpcCidr */
  readonly endpointSecurityGroupId?: string;
  /** The S3 gateway endpoint's prefix list, when the pods use S3. @default - no S3 egress */
  readonly s3PrefixListId?: string;
  /** Ports pods accept from the nodes' group: kubelet probes and declared clients behind it. */
  readonly ingressPorts: ReadonlyArray<{ readonly port: number; readonly protocol: string }>;
  /** Reasoned opt-out mirrored from the nodes: HTTPS to the internet. @default - no internet egress */
  readonly internetEgress?: { readonly reason: string };
  /**
   * Declared egress to other security groups. Each rule is written twice, as one intent: the
   * security group rule, and the NetworkPolicy egress to `cidr` on the same port and protocol
   * (the VPC CNI enforces both, and a NetworkPolicy cannot name a security group).
   */
  readonly egress: ReadonlyArray<{ toSecurityGroupId: string; port: number; protocol: 'tcp' | 'udp'; description: string; cidr: string }>;
}

/** A security group rule's arguments as the AWS provider reads them (`aws_vpc_security_group_{egress,ingress}_rule`), but the group it is on. */
interface Rule {
  readonly ip_protocol: string;
  readonly from_port: number;
  readonly to_port: number;
  readonly referenced_security_group_id?: PlannedValue;
  readonly cidr_ipv4?: string;
  readonly prefix_list_id?: string;
  readonly description: string;
}

/**
 * Security groups for pods: the workload's own security group and the SecurityGroupPolicy binding it
 * to the pods, with both ends of every path such pods need: DNS to CoreDNS (the node group accepts
 * 53 from this group), HTTPS to the VPC endpoints (their group accepts 443 from this group), S3
 * through its prefix list, declared flows to and from pods behind the node group, kubelet probes on
 * the listed ports, and the declared egress with the NetworkPolicy that lets it through. Every rule
 * has a description; none admits the internet.
 *
 * Written from plain data (terraform/planned.ts): one per workload that asks for its own group.
 *
 * Terraform addresses: `aws_security_group.<id>`; rules `aws_vpc_security_group_{ingress,egress}_rule.<id>_<rule>`
 * (those on the node or endpoint group too, keyed by this workload); `kubernetes_manifest.<id>_security-groups`;
 * with declared egress `kubernetes_network_policy_v1.<id>_security-group-egress`.
 */
export class PodSecurityGroup extends Construct {
  /** The group's id, as a reference in the same stack. */
  readonly securityGroupId: Ref;
  /** The HTTPS-to-the-internet egress rule, when `internetEgress` opts in (what its relaxation is stamped on). */
  readonly internetEgressRule?: PlannedResource;
  private readonly who: string;

  constructor(scope: Construct, id: string, props: PodSecurityGroupProps) {
    super(scope, id);
    const who = `${props.namespace}/${props.workload}`;
    const sg = Addresses.assign(new PlannedResource(this, 'Default', {
      type: 'aws_security_group',
      body: {
        name_prefix: `${props.clusterName}-${props.namespace}-${props.workload}-`,
        description: `Pods of ${who} (security groups for pods)`,
        vpc_id: props.vpcId,
        tags: { Name: `${props.clusterName}-${props.namespace}-${props.workload}` },
      },
      lifecycle: { createBeforeDestroy: true },
    }), '');
    this.securityGroupId = sg.ref('id');
    const rule = (type: 'egress' | 'ingress', group: PlannedValue, id: string, key: string, r: Rule) =>
      Addresses.assign(new PlannedResource(this, id, { type: `aws_vpc_security_group_${type}_rule`, body: { security_group_id: group, ...r } }), key);
    const egress = (key: string, r: Rule) => rule('egress', this.securityGroupId, `egress-${key}`, key, r);
    const ingress = (group: PlannedValue, key: string, r: Rule) => rule('ingress', group, `ingress-${key}`, key, r);
    const tcp = (port: number) => ({ ip_protocol: 'tcp', from_port: port, to_port: port });
    const nodes = props.nodeSecurityGroupId;

    for (const proto of ['udp', 'tcp']) {
      egress(`dns-${proto}`, { ip_protocol: proto, from_port: 53, to_port: 53, referenced_security_group_id: nodes, description: `DNS (${proto}) to CoreDNS on the nodes` });
      ingress(nodes, `nodes-dns-${proto}-from-pods`, { ip_protocol: proto, from_port: 53, to_port: 53, referenced_security_group_id: this.securityGroupId, description: `CoreDNS answers DNS (${proto}) from the pods of ${who}` });
    }
    if (props.endpointSecurityGroupId !== undefined) {
      egress('aws-endpoints', { ...tcp(443), referenced_security_group_id: props.endpointSecurityGroupId, description: 'AWS APIs through the VPC interface endpoints' });
      ingress(props.endpointSecurityGroupId, 'endpoints-from-pods', { ...tcp(443), referenced_security_group_id: this.securityGroupId, description: `The VPC endpoints accept HTTPS from the pods of ${who}` });
    } else if (props.vpcCidr !== undefined) {
      egress('aws-endpoints', { ...tcp(443), cidr_ipv4: props.vpcCidr, description: 'AWS APIs through the VPC interface endpoints' });
    }
    if (props.s3PrefixListId !== undefined) egress('s3', { ...tcp(443), prefix_list_id: props.s3PrefixListId, description: 'S3 through the gateway endpoint' });
    if (props.internetEgress !== undefined) this.internetEgressRule = egress('to-internet-443', { ...tcp(443), cidr_ipv4: '0.0.0.0/0', description: ec2Description(`HTTPS to the internet through NAT (opt-out: ${props.internetEgress.reason})`) });
    // TCP keeps the key it always had; UDP carries its protocol (`from-nodes-udp-53`).
    const ingressKeys = new Map(props.ingressPorts.map((p) => [`${p.protocol.toLowerCase()}/${p.port}`, p]));
    for (const { port, protocol } of [...ingressKeys.values()].sort((a, b) => a.port - b.port || (a.protocol < b.protocol ? -1 : 1))) {
      const proto = protocol.toLowerCase();
      ingress(this.securityGroupId, proto === 'tcp' ? `from-nodes-${port}` : `from-nodes-${proto}-${port}`, { ip_protocol: proto, from_port: port, to_port: port, referenced_security_group_id: nodes, description: `Kubelet probes and declared clients behind the node group on ${port}${proto === 'tcp' ? '' : `/${proto}`}` });
    }
    const declared = [...props.egress].sort((a, b) => (`${a.toSecurityGroupId}/${a.port}/${a.protocol}/${a.cidr}` < `${b.toSecurityGroupId}/${b.port}/${b.protocol}/${b.cidr}` ? -1 : 1));
    for (const r of declared) {
      egress(`to-${r.toSecurityGroupId}-${r.protocol}-${r.port}`, { ip_protocol: r.protocol, from_port: r.port, to_port: r.port, referenced_security_group_id: r.toSecurityGroupId, description: r.description });
    }
    // The namespace denies egress by default: the same flows, port for port, to where the group's members live.
    if (declared.length > 0) {
      networkPolicy(this, 'security-group-egress', {
        namespace: props.namespace,
        name: `eksguard-${props.workload}-security-group-egress`,
        podSelector: workloadSelector(props.workload),
        types: ['Egress'],
        egress: declared.map((r) => ({ to: [{ ipBlock: { cidr: r.cidr } }], ports: [{ port: String(r.port), protocol: r.protocol.toUpperCase() }] })),
      });
    }
    this.who = who;
    Addresses.assign(new PlannedResource(this, 'Policy', { type: 'kubernetes_manifest', body: { manifest: securityGroupPolicyManifest({ workload: props.workload, namespace: props.namespace, groupIds: [this.securityGroupId] }) as { [key: string]: PlannedValue } } }), 'security-groups');
  }

  /**
   * A declared flow from these pods to a server: egress here, and ingress on the server's group
   * (its own security group, or the node group when it has none). Keyed by this workload.
   */
  flowTo(server: { readonly name: string; readonly key: string; readonly groupId: PlannedValue; readonly behindNodes: boolean }, port: number, protocol = 'TCP'): void {
    // TCP keeps the key it always had; UDP carries its protocol (`flow-dns-udp-53`).
    const proto = protocol.toLowerCase();
    const flow = proto === 'tcp' ? `${server.name}-${port}` : `${server.name}-${proto}-${port}`;
    const key = `flow-${flow}`;
    // Construct ids name the server by namespace and name (`server.key`), so two servers sharing a
    // name never collide as constructs; their addresses do, which synth reports as a problem line.
    const id = `${server.key}-${proto}-${port}`;
    const ports = { ip_protocol: proto, from_port: port, to_port: port };
    Addresses.assign(new PlannedResource(this, `flow-out:${id}`, {
      type: 'aws_vpc_security_group_egress_rule',
      body: { security_group_id: this.securityGroupId, ...ports, referenced_security_group_id: server.groupId, description: `Declared flow to ${server.name} on ${port}${proto === 'tcp' ? '' : `/${proto}`}` },
    }), key);
    Addresses.assign(new PlannedResource(this, `flow-in:${id}`, {
      type: 'aws_vpc_security_group_ingress_rule',
      body: { security_group_id: server.groupId, ...ports, referenced_security_group_id: this.securityGroupId, description: `${server.behindNodes ? 'Pods behind the node group' : server.name} accept ${this.who} on ${port}${proto === 'tcp' ? '' : `/${proto}`}` },
    }), `${key}-in`);
  }
}
