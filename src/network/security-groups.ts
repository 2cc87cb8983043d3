import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';
import { ec2Description } from '../aws/text';
import { makeInert } from '../terraform/inert-strings';
import { Addresses } from '../terraform/addresses';

export interface ClusterSecurityGroupsProps {
  readonly clusterName: string;
  readonly vpcId: string;
  /** Webhook ports the control plane calls on nodes besides 443 and 10250. */
  readonly webhookPorts: readonly number[];
  /** Reasoned opt-out: nodes reach the internet on 443 (NAT). @default - no internet egress */
  readonly nodeInternetEgress?: { readonly reason: string };
}

type Peer = { referencedSecurityGroupId: string } | { prefixListId: string } | { cidrIpv4: string };

interface Rule {
  readonly key: string;
  readonly description: string;
  /** tcp port, or 'all' for every protocol and port. */
  readonly port: number | 'all';
  readonly peer: Peer;
}

/**
 * The three security groups of a cluster and the minimum rules between them, each rule its own
 * resource with a description: `cluster` (extra group on the control-plane ENIs), `nodes` (every
 * node, through the launch templates) and `endpoints` (the interface VPC endpoints). No ingress
 * from outside these groups; node egress to the internet only as a reasoned opt-out.
 *
 * Terraform addresses: `aws_security_group.<id>_<group>`, and
 * `aws_vpc_security_group_{ingress,egress}_rule.<id>_<group>_<rule>` (e.g. `<id>_nodes_from-cluster-kubelet`)
 * (`<id>` is the construct's id path below its stack, joined with `_`: see `Addresses`.)
 * (the cluster stack's is flat: `aws_security_group.nodes`).
 */
export class ClusterSecurityGroups extends Construct {
  readonly clusterGroupId: string;
  readonly nodeGroupId: string;
  readonly endpointGroupId: string;
  /** The nodes' HTTPS-to-the-internet egress rule, when `nodeInternetEgress` opts in (what its relaxation is stamped on). */
  readonly internetEgressRule?: VpcSecurityGroupEgressRule;
  private readonly groups: Record<'cluster' | 'nodes' | 'endpoints', SecurityGroup>;

  constructor(scope: Construct, id: string, props: ClusterSecurityGroupsProps) {
    super(scope, id);
    makeInert(this);
    const group = (key: 'cluster' | 'nodes' | 'endpoints', description: string) => {
      const sg = new SecurityGroup(this, key, {
        // A prefix, not a name: create_before_destroy must make the new group before the old one goes.
        namePrefix: `${props.clusterName}-${key}-`,
        description,
        vpcId: props.vpcId,
        tags: { Name: `${props.clusterName}-${key}` },
        lifecycle: { createBeforeDestroy: true },
      });
      Addresses.assign(sg, key);
      return sg;
    };
    this.groups = {
      cluster: group('cluster', `EKS control plane of ${props.clusterName}: API from nodes, calls to kubelets and webhooks`),
      nodes: group('nodes', `EKS nodes of ${props.clusterName}: traffic with the control plane, other nodes and VPC endpoints`),
      endpoints: group('endpoints', `Interface VPC endpoints of ${props.clusterName}: HTTPS from nodes and the control plane`),
    };
    this.clusterGroupId = this.groups.cluster.id;
    this.nodeGroupId = this.groups.nodes.id;
    this.endpointGroupId = this.groups.endpoints.id;
    const cluster = { referencedSecurityGroupId: this.clusterGroupId };
    const nodes = { referencedSecurityGroupId: this.nodeGroupId };
    const endpoints = { referencedSecurityGroupId: this.endpointGroupId };
    const webhooks = [...new Set(props.webhookPorts)].filter((p) => p !== 443 && p !== 10250).sort((a, b) => a - b);

    this.ingress('cluster', { key: 'from-nodes-443', port: 443, peer: nodes, description: 'Nodes and pods call the Kubernetes API' });
    this.egress('cluster', { key: 'to-nodes-443', port: 443, peer: nodes, description: 'Control plane calls admission webhooks on 443' });
    this.egress('cluster', { key: 'to-nodes-kubelet', port: 10250, peer: nodes, description: 'Control plane reaches kubelets (logs, exec, metrics)' });
    for (const p of webhooks) this.egress('cluster', { key: `to-nodes-webhook-${p}`, port: p, peer: nodes, description: `Control plane calls webhooks on ${p}` });

    this.ingress('nodes', { key: 'from-cluster-443', port: 443, peer: cluster, description: 'Control plane calls admission webhooks on 443' });
    this.ingress('nodes', { key: 'from-cluster-kubelet', port: 10250, peer: cluster, description: 'Control plane reaches kubelets (logs, exec, metrics)' });
    for (const p of webhooks) this.ingress('nodes', { key: `from-cluster-webhook-${p}`, port: p, peer: cluster, description: `Control plane calls webhooks on ${p}` });
    this.ingress('nodes', { key: 'from-nodes-all', port: 'all', peer: nodes, description: 'Node-to-node and pod-to-pod traffic (VPC CNI pods share the node group)' });
    this.egress('nodes', { key: 'to-nodes-all', port: 'all', peer: nodes, description: 'Node-to-node and pod-to-pod traffic (VPC CNI pods share the node group)' });
    this.egress('nodes', { key: 'to-cluster-443', port: 443, peer: cluster, description: 'Kubelets and pods call the Kubernetes API' });
    this.egress('nodes', { key: 'to-endpoints-443', port: 443, peer: endpoints, description: 'Nodes and pods call AWS through the interface VPC endpoints' });
    if (props.nodeInternetEgress !== undefined) {
      this.internetEgressRule = this.egress('nodes', { key: 'to-internet-443', port: 443, peer: { cidrIpv4: '0.0.0.0/0' }, description: ec2Description(`HTTPS to the internet through NAT (opt-out: ${props.nodeInternetEgress.reason})`) });
    }

    this.ingress('endpoints', { key: 'from-nodes-443', port: 443, peer: nodes, description: 'Nodes and pods call AWS services privately' });
    this.ingress('endpoints', { key: 'from-cluster-443', port: 443, peer: cluster, description: 'The control plane calls AWS services privately' });
  }

  /** Nodes reach an S3 gateway endpoint's prefix list on 443. */
  allowNodeEgressToPrefixList(key: string, prefixListId: string, description: string): void {
    this.egress('nodes', { key, port: 443, peer: { prefixListId }, description });
  }

  private ingress(group: keyof ClusterSecurityGroups['groups'], rule: Rule): void {
    const r = new VpcSecurityGroupIngressRule(this, `${group}_${rule.key}_in`, { securityGroupId: this.groups[group].id, description: rule.description, ...ports(rule.port), ...rule.peer });
    Addresses.assign(r, `${group}_${rule.key}`);
  }

  private egress(group: keyof ClusterSecurityGroups['groups'], rule: Rule): VpcSecurityGroupEgressRule {
    const r = new VpcSecurityGroupEgressRule(this, `${group}_${rule.key}_out`, { securityGroupId: this.groups[group].id, description: rule.description, ...ports(rule.port), ...rule.peer });
    return Addresses.assign(r, `${group}_${rule.key}`);
  }
}

function ports(port: number | 'all'): { ipProtocol: string; fromPort?: number; toPort?: number } {
  return port === 'all' ? { ipProtocol: '-1' } : { ipProtocol: 'tcp', fromPort: port, toPort: port };
}
