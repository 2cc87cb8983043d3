/**
 * A cdktf app that uses eksguard as a package, through its public exports only: one cluster with its
 * workloads, composed into the app's own App. test/package/consumer.test.ts packs eksguard, installs
 * the tarball here (next to the newest constructs), compiles this file with strict flags
 * (noUncheckedIndexedAccess, exactOptionalPropertyTypes) and synthesizes it with plain node.
 */
import { App } from 'cdktf';
import { ClusterStack, formatProblem, planPlatform, validateConfig, WorkloadsStack, type PlatformConfigInput } from 'eksguard';

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
for (const plan of plans) {
  const cluster = config.clusters[plan.clusterIndex];
  if (cluster === undefined) throw new Error(`no cluster at index ${plan.clusterIndex}`);
  const clusterStack = new ClusterStack(app, cluster.name, { platform: config, cluster, outdir });
  const provider = clusterStack.oidcProvider;
  const issuerUrl = clusterStack.issuerUrl;
  const workloads = new WorkloadsStack(app, `${cluster.name}-workloads`, {
    platform: config,
    cluster,
    plans: plan.identities,
    outdir,
    ...(provider !== undefined && issuerUrl !== undefined ? { oidcProvider: { arn: provider.arn, issuerUrl } } : {}),
    ...(clusterStack.nodeSecurityGroupId !== undefined ? { nodeSecurityGroupId: clusterStack.nodeSecurityGroupId } : {}),
    ...(clusterStack.endpointSecurityGroupId !== undefined ? { endpointSecurityGroupId: clusterStack.endpointSecurityGroupId } : {}),
    ...(clusterStack.s3PrefixListId !== undefined ? { s3PrefixListId: clusterStack.s3PrefixListId } : {}),
  });
  workloads.addDependency(clusterStack);
}
app.synth();
