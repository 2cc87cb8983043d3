import { validateConfig } from '../../src/config';
import { shardOf, workloadsStackName } from '../../src/naming';
import { exampleInput, filesOf, generatedInput, stackJson, synthTo } from '../support/synth';

const SHARDS = 4;
const sharded = (n: number) => {
  const input = generatedInput(n);
  input.clusters[0].sharding = { shards: SHARDS, maxWorkloadsPerStack: 500 };
  return input;
};
const stackOf = (out: string) => {
  const where = new Map<string, string>();
  for (let i = 0; i < SHARDS; i++) {
    const stack = workloadsStackName('production-cluster', i, SHARDS);
    for (const role of Object.keys(stackJson(out, stack).resource?.aws_iam_role ?? {})) where.set(role, stack);
  }
  return where;
};

describe('sharding workloads across stacks', () => {
  const input = sharded(40);
  const out = synthTo(input);

  test('every workload lands in exactly one stack, chosen by a hash of its namespace and name', () => {
    const where = stackOf(out);
    expect(where.size).toBe(40);
    for (const w of input.clusters[0].workloads) {
      expect(where.get(`${w.namespace}_${w.name}`)).toBe(workloadsStackName('production-cluster', shardOf(w.namespace, w.name, SHARDS), SHARDS));
    }
    expect(new Set(where.values()).size).toBe(SHARDS);
    expect(Object.keys(filesOf(out)).filter((f) => f.endsWith('cdk.tf.json')).length).toBe(2 + SHARDS);
  });

  test('adding a workload never moves another, and leaves the other stacks byte for byte as they were', () => {
    const more = sharded(40);
    more.clusters[0].workloads.push({ name: 'newcomer', namespace: 'team-3', s3: [{ bucket: 'new-bucket', access: 'read' }] });
    const after = synthTo(more);
    const [before, now] = [stackOf(out), stackOf(after)];
    for (const [role, stack] of before) expect(now.get(role)).toBe(stack);
    const target = workloadsStackName('production-cluster', shardOf('team-3', 'newcomer', SHARDS), SHARDS);
    const [a, b] = [filesOf(out), filesOf(after)];
    for (let i = 0; i < SHARDS; i++) {
      const file = `stacks/${workloadsStackName('production-cluster', i, SHARDS)}/cdk.tf.json`;
      if (file.includes(target)) expect(b[file]).not.toEqual(a[file]);
      else expect(b[file]).toEqual(a[file]);
    }
  });

  test('each shard reads the cluster stack and waits for the cluster and platform stacks', () => {
    const manifest = JSON.parse(filesOf(out)['manifest.json']);
    for (let i = 0; i < SHARDS; i++) {
      const name = workloadsStackName('production-cluster', i, SHARDS);
      expect(manifest.stacks[name].dependencies.sort()).toEqual(['production-cluster', 'production-cluster-platform']);
      expect(stackJson(out, name).data.terraform_remote_state['cross-stack-reference-input-production-cluster']).toBeDefined();
    }
  });

  test('a stack over maxWorkloadsPerStack is a config problem naming the fix', () => {
    const big = generatedInput(20);
    big.clusters[0].sharding = { shards: 1, maxWorkloadsPerStack: 10 };
    const [p] = validateConfig(big).problems;
    expect(p).toMatchObject({ path: 'clusters[0].sharding', message: 'stack production-cluster-workloads would hold 20 workloads, over maxWorkloadsPerStack 10' });
    expect(p.fix).toMatch(/Raise sharding.shards/);
  });

  test('a flow between two workloads with their own security groups must not cross stacks', () => {
    const input = exampleInput();
    const c = input.clusters[0];
    c.sharding = { shards: 16 };
    const myApp = c.workloads.find((w: any) => w.name === 'my-app');
    myApp.securityGroup = { egress: [] };
    const crosses = shardOf('production', 'my-app', 16) !== shardOf('orders', 'orders-api', 16);
    expect(crosses).toBe(true); // the example's flow orders-api → my-app, with 16 shards
    expect(validateConfig(input).problems.map((p) => p.path)).toEqual(['clusters[0].workloads[1].network.ingress[0]']);
  });
});
