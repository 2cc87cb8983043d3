/**
 * A cdktf app that uses eksguard as a package, through its public exports only.
 * test/package/consumer.test.ts packs eksguard, installs the tarball here (next to the newest
 * constructs), compiles this file with strict flags (noUncheckedIndexedAccess,
 * exactOptionalPropertyTypes) and synthesizes it with plain node, several times:
 *
 * - stacks `shop` and `shop-workloads`: eksguard's own stacks, rendered from a validated config;
 * - stack `fleet`: the app's own composition, two clusters (`blue`, `green`) with their workloads
 *   (one IRSA, one Pod Identity each) in ONE stack, from eksguard's constructs;
 * - the `EksGuardChecks` Aspect on `fleet`: an error finding there fails the synth.
 *
 * The test drives two switches (both off by default, so the app synthesizes clean):
 * - `CONSUMER_PLANT=1` adds, inside `green`, an IAM role anyone may assume (`fleet/green/planted`);
 * - `CONSUMER_ACK=<construct path below fleet>` (e.g. `green/planted`, or `blue`) acknowledges the
 *   planted role's rules, with a reason, on that construct.
 */
import { App, Aspects, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import {
  ClusterAddons,
  ClusterSecurityGroups,
  ClusterStack,
  EksCluster,
  EksGuardChecks,
  formatProblem,
  OidcProvider,
  permissionPolicy,
  planPlatform,
  PodIdentityAssociation,
  s3Grants,
  ServiceRole,
  serviceTrust,
  validateConfig,
  VpcEndpoints,
  WorkloadRole,
  WorkloadServiceAccount,
  WorkloadsStack,
  type PlatformConfigInput,
} from 'eksguard';

const input: PlatformConfigInput = {
  region: 'eu-west-1',
  accountId: '210987654321',
  backend: { type: 'local' },
  clusters: [
    {
      name: 'shop',
      kubernetesVersion: '1.33',
      network: {
        vpcId: 'vpc-0123456789abcdef0',
        vpcCidr: '10.20.0.0/16',
        privateSubnetIds: ['subnet-0aaa1111', 'subnet-0bbb2222'],
        privateRouteTableIds: ['rtb-0aaa1111'],
      },
      endpointAccess: { public: false },
      secretsEncryption: { keyAdministratorArns: ['arn:aws:iam::210987654321:role/terraform-deployer'] },
      nodeGroups: [{ name: 'general', instanceTypes: ['m6i.large'], scaling: { min: 2, desired: 2, max: 4 } }],
      workloads: [
        {
          name: 'orders',
          namespace: 'shop',
          serviceAccount: 'orders',
          identity: 'irsa',
          s3: [{ bucket: 'shop-orders-archive', prefixes: ['orders/'], access: 'read-write' }],
        },
        { name: 'catalog', namespace: 'shop', serviceAccount: 'catalog', identity: 'pod-identity', s3: [{ bucket: 'shop-catalog', access: 'read' }] },
      ],
    },
  ],
};

const validated = validateConfig(input);
if (validated.config === undefined) {
  for (const p of validated.problems) console.error(formatProblem(p));
  process.exit(1);
}
const config = validated.config;
const outdir = process.env.CDKTF_OUTDIR ?? 'cdktf.out';
const app = new App({ outdir });
const { plans, problems } = planPlatform(config);
if (problems.length > 0) {
  for (const p of problems) console.error(formatProblem(p));
  process.exit(1);
}
// Each cluster's plan, rendered: the stacks read only the plan (stack names, shards, settings).
for (const plan of plans) {
  const clusterStack = new ClusterStack(app, plan.stacks.cluster, { plan, outdir });
  const clusterReferences = clusterStack.workloadReferences; // a created cluster's: its OIDC provider and security groups
  for (const shard of plan.shards) {
    const workloads = new WorkloadsStack(app, shard.name, { plan, shard, outdir, ...(clusterReferences !== undefined ? { clusterReferences } : {}) });
    workloads.addDependency(clusterStack);
  }
}

// The app's own stack: two clusters and their workloads side by side.
const ctx = { partition: 'aws', region: 'eu-west-1', accountId: '210987654321' };

interface FleetClusterProps {
  readonly vpcId: string;
  readonly subnetIds: string[];
  readonly routeTableIds: string[];
}

/** One hardened cluster, its private endpoints and add-ons, with an IRSA workload (`orders`) and a Pod Identity workload (`catalog`). */
class FleetCluster extends Construct {
  readonly eks: EksCluster;

  constructor(scope: Construct, id: string, props: FleetClusterProps) {
    super(scope, id);
    const name = `fleet-${id}`;
    const groups = new ClusterSecurityGroups(this, 'network', { clusterName: name, vpcId: props.vpcId, webhookPorts: [] });
    new VpcEndpoints(this, 'endpoints', {
      ctx,
      clusterName: name,
      vpcId: props.vpcId,
      services: ['ec2', 'ecr.api', 'ecr.dkr', 'eks-auth', 'logs', 's3', 'sts'],
      subnetIds: props.subnetIds,
      routeTableIds: props.routeTableIds,
      securityGroupId: groups.endpointGroupId,
    });
    this.eks = new EksCluster(this, 'eks', {
      ctx,
      name,
      kubernetesVersion: '1.33',
      subnetIds: props.subnetIds,
      securityGroupId: groups.clusterGroupId,
      logTypes: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'],
      logRetentionDays: 90,
      keyAdministratorArns: ['arn:aws:iam::210987654321:role/terraform-deployer'],
      rolePath: '/',
    });
    const oidc = new OidcProvider(this, 'oidc', { issuerUrl: this.eks.issuerUrl });
    // The managed add-ons (the Pod Identity agent among them), the VPC CNI on its own role.
    const cni = new ServiceRole(this, 'vpc-cni', { roleName: `${name}-vpc-cni`, trust: serviceTrust('aws', 'pods.eks', ['sts:AssumeRole', 'sts:TagSession']) });
    new ClusterAddons(this, 'addons', { clusterName: this.eks.name, cniRole: { roleArn: cni.roleArn, identity: 'pod-identity' } });
    // Each cluster's service accounts go to that cluster's API, through its own provider.
    const kubernetes = new KubernetesProvider(this, 'kubernetes', { alias: id, host: this.eks.cluster.endpoint });

    const orders = new WorkloadRole(this, 'orders', {
      identity: 'irsa',
      namespace: 'shop',
      serviceAccount: 'orders',
      provider: oidc,
      accountId: ctx.accountId,
      clusterArn: this.eks.arn,
      roleName: `${name}-orders`,
      permissions: permissionPolicy(s3Grants(ctx, { bucket: `${name}-orders-archive`, prefixes: ['orders/'], access: 'read-write' })),
    });
    new WorkloadServiceAccount(this, 'orders-sa', { namespace: 'shop', name: 'orders', identity: orders }).resource.provider = kubernetes;

    const catalog = new WorkloadRole(this, 'catalog', {
      identity: 'pod-identity',
      namespace: 'shop',
      serviceAccount: 'catalog',
      provider: oidc,
      accountId: ctx.accountId,
      clusterArn: this.eks.arn,
      roleName: `${name}-catalog`,
      permissions: permissionPolicy(s3Grants(ctx, { bucket: `${name}-catalog`, access: 'read' })),
    });
    new WorkloadServiceAccount(this, 'catalog-sa', { namespace: 'shop', name: 'catalog' }).resource.provider = kubernetes;
    new PodIdentityAssociation(this, 'catalog-association', { clusterName: this.eks.name, namespace: 'shop', serviceAccount: 'catalog', roleArn: catalog.roleArn });
  }
}

const fleet = new TerraformStack(app, 'fleet');
new AwsProvider(fleet, 'aws', { region: ctx.region });
new FleetCluster(fleet, 'blue', { vpcId: 'vpc-0123456789abcdef0', subnetIds: ['subnet-0aaa1111', 'subnet-0bbb2222'], routeTableIds: ['rtb-0aaa1111'] });
const green = new FleetCluster(fleet, 'green', { vpcId: 'vpc-0fedcba987654321f', subnetIds: ['subnet-0ccc3333', 'subnet-0ddd4444'], routeTableIds: ['rtb-0ccc3333'] });

if (process.env.CONSUMER_PLANT === '1') {
  // A role anyone may assume: an error finding of the rule pack on construct fleet/green/planted.
  new IamRole(green, 'planted', {
    name: 'fleet-green-planted',
    assumeRolePolicy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] }),
  });
}
const ackPath = process.env.CONSUMER_ACK;
if (ackPath !== undefined && ackPath !== '') {
  const target = fleet.node.findAll().find((c) => c.node.path === `fleet/${ackPath}`);
  if (target === undefined) throw new Error(`CONSUMER_ACK: no construct fleet/${ackPath}`);
  EksGuardChecks.acknowledge(target, [
    { rule: 'CKV_AWS_60', reason: 'consumer test: the planted role is never deployed' },
    { rule: 'AA-TRUST-WILDCARD', reason: 'consumer test: the planted role is never deployed' },
  ]);
}

// The rule pack on the app's own stack, at synth. (`eksguard synth` checks the stacks it builds from a
// config with the config's acknowledgements, and across its stacks; the Aspect checks each stack alone.)
Aspects.of(fleet).add(new EksGuardChecks());
app.synth();
