/**
 * Constructs compose: their Terraform addresses derive from construct ids and scopes, so any number
 * of clusters, roles and endpoint sets share one stack; two elements that would still share an
 * address are a synth error naming both construct paths (cdktf would merge them silently).
 */
import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { App, TerraformResource, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { PodIdentityAssociation, WorkloadServiceAccount, EksGuardChecks, ClusterAddons, ClusterSecurityGroups, EksCluster, NodeGroup, OidcProvider, ServiceRole, VpcEndpoints, WorkloadRole, Addresses } from '../../src';
import { serviceTrust } from '../../src/policy/cluster';

const ctx = { partition: 'aws', region: 'us-east-1', accountId: '123456789012' };

/** A user's own construct: one hardened cluster with its network, nodes and one workload role. */
class Platform extends Construct {
  constructor(scope: Construct, id: string, name: string) {
    super(scope, id);
    const groups = new ClusterSecurityGroups(this, 'network', { clusterName: name, vpcId: 'vpc-0123456789abcdef0', webhookPorts: [] });
    new VpcEndpoints(this, 'endpoints', { ctx, clusterName: name, vpcId: 'vpc-0123456789abcdef0', services: ['sts', 's3'], subnetIds: ['subnet-0aaa1111', 'subnet-0bbb2222'], routeTableIds: ['rtb-0aaa1111'], securityGroupId: groups.endpointGroupId });
    const eks = new EksCluster(this, 'eks', { ctx, name, kubernetesVersion: '1.33', subnetIds: ['subnet-0aaa1111', 'subnet-0bbb2222'], securityGroupId: groups.clusterGroupId, logTypes: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'], logRetentionDays: 90, keyAdministratorArns: ['arn:aws:iam::123456789012:role/admin'], rolePath: '/' });
    const provider = new OidcProvider(this, 'oidc', { issuerUrl: eks.issuerUrl });
    const nodes = new ServiceRole(this, 'nodes', { roleName: `${name}-nodes`, trust: serviceTrust('aws', 'ec2', ['sts:AssumeRole']) });
    const cni = new ServiceRole(this, 'vpc-cni', { roleName: `${name}-vpc-cni`, trust: serviceTrust('aws', 'pods.eks', ['sts:AssumeRole', 'sts:TagSession']) });
    new ClusterAddons(this, 'addons', { clusterName: eks.name, cniRole: { roleArn: cni.roleArn, identity: 'pod-identity' } });
    new NodeGroup(this, 'general', { clusterName: eks.name, name: 'general', kubernetesVersion: '1.33', nodeRoleArn: nodes.roleArn, subnetIds: ['subnet-0aaa1111'], securityGroupId: groups.nodeGroupId, instanceTypes: ['m6i.large'], scaling: { min: 1, desired: 2, max: 3 }, amiType: 'AL2023_x86_64_STANDARD', capacityType: 'ON_DEMAND', diskSizeGiB: 50 });
    const api = new WorkloadRole(this, 'payments-api', { identity: 'irsa', namespace: 'payments', serviceAccount: 'api', provider, accountId: ctx.accountId, clusterArn: eks.arn, roleName: `${name}-payments-api` });
    new WorkloadServiceAccount(this, 'payments-api-sa', { namespace: 'payments', name: 'api', identity: api });
    const worker = new WorkloadRole(this, 'orders-worker', { identity: 'pod-identity', namespace: 'orders', serviceAccount: 'worker', provider, accountId: ctx.accountId, clusterArn: eks.arn, roleName: `${name}-orders-worker` });
    new PodIdentityAssociation(this, 'orders-worker-association', { clusterName: eks.name, namespace: 'orders', serviceAccount: 'worker', roleArn: worker.roleArn });
  }
}

function synth(build: (stack: TerraformStack) => void): { doc: any; stack: TerraformStack } {
  const app = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'eksguard-compose-')), stackTraces: false });
  const stack = new TerraformStack(app, 'platform');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  new KubernetesProvider(stack, 'kubernetes', {});
  build(stack);
  app.synth();
  return { doc: JSON.parse(readFileSync(path.join(app.outdir, 'stacks', 'platform', 'cdk.tf.json'), 'utf8')), stack };
}

const addresses = (doc: any) => Object.entries<any>(doc.resource).flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`));

describe('two clusters in one stack', () => {
  const { doc, stack } = synth((s) => {
    new Platform(s, 'blue', 'blue-cluster');
    new Platform(s, 'green', 'green-cluster');
  });

  test('every resource construct keeps its own address: none merged', () => {
    const resources = stack.node.findAll().filter((c): c is TerraformResource => c instanceof TerraformResource);
    expect(addresses(doc)).toHaveLength(resources.length);
    expect(new Set(addresses(doc)).size).toBe(resources.length);
  });

  test('addresses are the id path below the stack', () => {
    for (const c of ['blue', 'green']) {
      expect(doc.resource.aws_eks_cluster[`${c}_eks`].name).toBe(`${c}-cluster`);
      expect(doc.resource.aws_iam_role[`${c}_eks_cluster`].name).toBe(`${c}-cluster-cluster`);
      expect(doc.resource.aws_kms_key[`${c}_eks_secrets`]).toBeDefined();
      expect(doc.resource.aws_cloudwatch_log_group[`${c}_eks_control-plane`]).toBeDefined();
      expect(doc.resource.aws_security_group[`${c}_network_nodes`]).toBeDefined();
      expect(doc.resource.aws_vpc_security_group_ingress_rule[`${c}_network_nodes_from-cluster-kubelet`]).toBeDefined();
      expect(doc.resource.aws_vpc_endpoint[`${c}_endpoints_s3`]).toBeDefined();
      expect(doc.resource.aws_eks_addon[`${c}_addons_vpc-cni`]).toBeDefined();
      expect(doc.resource.aws_eks_node_group[`${c}_general`]).toBeDefined();
      expect(doc.resource.aws_launch_template[`${c}_general`]).toBeDefined();
      expect(doc.resource.aws_iam_openid_connect_provider[`${c}_oidc`]).toBeDefined();
      expect(doc.locals[`${c}_oidc_issuer`]).toBeDefined();
      expect(doc.resource.kubernetes_service_account_v1[`${c}_payments-api-sa`].metadata.annotations['eks.amazonaws.com/role-arn']).toBe(`\${aws_iam_role.${c}_payments-api.arn}`);
      expect(doc.resource.aws_eks_pod_identity_association[`${c}_orders-worker-association`].role_arn).toBe(`\${aws_iam_role.${c}_orders-worker.arn}`);
    }
  });

  test('each cluster refers to its own parts', () => {
    expect(doc.resource.aws_eks_cluster.blue_eks.role_arn).toBe('${aws_iam_role.blue_eks_cluster.arn}');
    expect(doc.resource.aws_eks_cluster.green_eks.role_arn).toBe('${aws_iam_role.green_eks_cluster.arn}');
    expect(doc.resource.aws_eks_cluster.green_eks.encryption_config.provider.key_arn).toBe('${aws_kms_key.green_eks_secrets.arn}');
    const trust = JSON.parse(doc.resource.aws_iam_role['green_payments-api'].assume_role_policy.replace(/\$\{[^}]*\}/g, 'REF'));
    expect(trust.Statement[0].Principal.Federated).toBe('REF');
    expect(doc.resource.aws_iam_role['green_payments-api'].assume_role_policy).toContain('aws_iam_openid_connect_provider.green_oidc.arn');
  });
});

describe('two clusters under EksGuardChecks', () => {
  test('the rule pack finds no error in what the constructs write, at any address', () => {
    const checks = new EksGuardChecks({ reportFile: false });
    synth((s) => {
      new Platform(s, 'blue', 'blue-cluster');
      new Platform(s, 'green', 'green-cluster');
      checks.addTo(App.of(s));
    });
    const report = checks.report as any;
    expect(report.findings.filter((f: any) => f.severity === 'error')).toEqual([]);
    expect(report.acknowledged).toEqual([]);
  });
});

describe('shared addresses', () => {
  test('fails when two flat clusters would share their parts, naming both construct paths', () => {
    expect(() => synth((s) => {
      new Platform(s, Addresses.flat(s, 'blue'), 'blue-cluster');
      new Platform(s, Addresses.flat(s, 'green'), 'green-cluster');
    })).toThrow(/platform\/blue\/eks\/cluster\/Default and platform\/green\/eks\/cluster\/Default both have the Terraform address platform\/aws_iam_role.eks_cluster/);
  });

  test('fails when a resource of the user takes an address an eksguard construct has', () => {
    expect(() => synth((s) => {
      new ServiceRole(s, 'nodes', { roleName: 'nodes', trust: serviceTrust('aws', 'ec2', ['sts:AssumeRole']) });
      new IamRole(s, 'mine', { name: 'mine', assumeRolePolicy: '{}' }).overrideLogicalId('nodes');
    })).toThrow(/platform\/nodes\/Default and platform\/mine both have the Terraform address platform\/aws_iam_role.nodes/);
  });

  test('fails when Addresses.flat comes after the construct was made (its addresses are fixed)', () => {
    expect(() => synth((s) => {
      new Platform(s, 'blue', 'blue-cluster');
      Addresses.flat(s, 'blue');
    })).toThrow(/\[platform\] Addresses.flat\(scope, "blue"\) after blue was made/);
  });

  test('a flat scope names only its main resource: its parts take the parent scope', () => {
    const { doc } = synth((s) => {
      new Platform(s, Addresses.flat(s, 'blue'), 'blue-cluster');
    });
    expect(doc.resource.aws_eks_cluster.eks).toBeDefined();
    expect(doc.resource.aws_iam_role['payments-api']).toBeDefined();
    expect(doc.resource.aws_security_group.network_nodes).toBeDefined();
  });
});
