/**
 * What app teams read from the workloads stacks: per workload its role ARN, service account,
 * namespace and (with EKS Pod Identity) the association id, as outputs named by the workload's
 * key (`<namespace>_<name>_<what>`), in every shard the workload is written to and no other.
 */
import { everyFeatureInput } from '../support/fixtures';
import { exampleInput, stackJson, synthTo } from '../support/synth';
import { tfName } from '../../src/naming';
import { shardOf, workloadsStackName } from '../../src/naming';

describe('per-workload outputs', () => {
  const input = exampleInput();
  const out = synthTo(input);
  const doc = stackJson(out, 'production-cluster-workloads');

  const table: Array<[string, any]> = input.clusters[0].workloads.map((w: any) => [`${w.namespace}/${w.name}`, w]);
  test.each(table)('%s has its role ARN, service account and namespace', (_name: string, w: any) => {
    const key = tfName(w.namespace, w.name);
    expect(doc.output[`${key}_role_arn`].value).toBe(`\${aws_iam_role.${key}.arn}`);
    expect(doc.output[`${key}_service_account`].value).toBe(w.serviceAccount ?? w.name);
    expect(doc.output[`${key}_namespace`].value).toBe(w.namespace);
    const podIdentity = (w.identity ?? 'irsa') !== 'irsa';
    if (podIdentity) expect(doc.output[`${key}_pod_identity_association_id`].value).toBe(`\${aws_eks_pod_identity_association.${key}.association_id}`);
    else expect(doc.output[`${key}_pod_identity_association_id`]).toBeUndefined();
  });

  test('no other outputs: four names per workload at most', () => {
    const keys = input.clusters[0].workloads.map((w: any) => tfName(w.namespace, w.name));
    for (const name of Object.keys(doc.output)) expect(keys.some((k: string) => name.startsWith(`${k}_`))).toBe(true);
  });

  test('a sharded workload has its outputs in its own shard only', () => {
    const every = everyFeatureInput();
    const dir = synthTo(every);
    const cluster = every.clusters[0];
    const { shards } = cluster.sharding;
    for (const w of cluster.workloads) {
      const key = tfName(w.namespace, w.name);
      const own = shardOf(w.namespace, w.name, shards);
      for (let shard = 0; shard < shards; shard++) {
        const outputs = stackJson(dir, workloadsStackName(cluster.name, shard, shards)).output ?? {};
        expect(outputs[`${key}_role_arn`] !== undefined).toBe(shard === own);
      }
    }
  });
});
