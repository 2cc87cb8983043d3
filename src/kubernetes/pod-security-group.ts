import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { Construct } from 'constructs';
import { securityGroupPolicyManifest } from './objects';

export interface PodSecurityGroupProps {
  readonly clusterName: string;
  readonly namespace: string;
  readonly workload: string;
  readonly vpcId: string;
  /** The VPC CIDR: HTTPS to the interface endpoints. */
  readonly vpcCidr?: string;
  /** The nodes' security group: CoreDNS runs there, and kubelet probes come from there. */
  readonly nodeSecurityGroupId: string;
  readonly egress: ReadonlyArray<{ toSecurityGroupId: string; port: number; protocol: string; description: string }>;
}

/**
 * Security groups for pods: the workload's own security group (DNS to the nodes, kubelet probes
 * from the nodes, HTTPS to the VPC endpoints, and the declared egress, each rule described) and the
 * SecurityGroupPolicy that binds it to the workload's pods.
 *
 * Terraform addresses: `aws_security_group.<id>`, `aws_vpc_security_group_{ingress,egress}_rule.<id>_<rule>`,
 * `kubernetes_manifest.<id>_security-groups`.
 */
export class PodSecurityGroup extends Construct {
  readonly securityGroupId: string;

  constructor(scope: Construct, id: string, props: PodSecurityGroupProps) {
    super(scope, id);
    const sg = new SecurityGroup(this, 'Default', {
      namePrefix: `${props.clusterName}-${props.namespace}-${props.workload}-`,
      description: `Pods of ${props.namespace}/${props.workload} (security groups for pods)`,
      vpcId: props.vpcId,
      tags: { Name: `${props.clusterName}-${props.namespace}-${props.workload}` },
      lifecycle: { createBeforeDestroy: true },
    });
    sg.overrideLogicalId(id);
    this.securityGroupId = sg.id;
    const egress = (key: string, rule: Omit<ConstructorParameters<typeof VpcSecurityGroupEgressRule>[2], 'securityGroupId'>) =>
      new VpcSecurityGroupEgressRule(this, `egress-${key}`, { securityGroupId: sg.id, ...rule }).overrideLogicalId(`${id}_${key}`);
    egress('dns-udp', { ipProtocol: 'udp', fromPort: 53, toPort: 53, referencedSecurityGroupId: props.nodeSecurityGroupId, description: 'DNS to CoreDNS on the nodes' });
    egress('dns-tcp', { ipProtocol: 'tcp', fromPort: 53, toPort: 53, referencedSecurityGroupId: props.nodeSecurityGroupId, description: 'DNS over TCP to CoreDNS on the nodes' });
    if (props.vpcCidr !== undefined) {
      egress('aws-endpoints', { ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIpv4: props.vpcCidr, description: 'AWS APIs through the VPC interface endpoints' });
    }
    for (const r of [...props.egress].sort((a, b) => (`${a.toSecurityGroupId}/${a.port}/${a.protocol}` < `${b.toSecurityGroupId}/${b.port}/${b.protocol}` ? -1 : 1))) {
      egress(`to-${r.toSecurityGroupId}-${r.protocol}-${r.port}`, { ipProtocol: r.protocol, fromPort: r.port, toPort: r.port, referencedSecurityGroupId: r.toSecurityGroupId, description: r.description });
    }
    new VpcSecurityGroupIngressRule(this, 'probes', {
      securityGroupId: sg.id,
      ipProtocol: 'tcp',
      fromPort: 1,
      toPort: 65535,
      referencedSecurityGroupId: props.nodeSecurityGroupId,
      description: 'Kubelet liveness and readiness probes from the nodes',
    }).overrideLogicalId(`${id}_probes-from-nodes`);
    new Manifest(this, 'Policy', { manifest: securityGroupPolicyManifest({ workload: props.workload, namespace: props.namespace, groupIds: [sg.id] }) }).overrideLogicalId(`${id}_security-groups`);
  }
}
