/**
 * A `//` property of a block is a comment in Terraform's JSON syntax: cdktf writes each block's
 * construct path there, so moving a construct (same address, same body) changes only the comment.
 * Review lists it as neutral, never as an unclassified (widening) change; the body beside it is
 * still judged.
 */
import { review } from '../../src/review/review';
import { documentOf } from '../../src/rules';
import { exampleInput, stackJson, synthTo } from '../support/synth';

const S = 'production-cluster';
const out = synthTo(exampleInput());
const doc = (edit: (j: any) => void) => {
  const j = stackJson(out, S);
  edit(j);
  return [documentOf(j, S, `${S}/cdk.tf.json`)];
};
const moved = (j: any) => {
  for (const byName of Object.values<any>(j.resource)) for (const body of Object.values<any>(byName)) if (body['//']?.metadata?.path !== undefined) body['//'].metadata.path = `moved/${body['//'].metadata.path}`;
};

describe('review of cdktf comments', () => {
  test('a construct path that moved is neutral, for every kind of block', () => {
    const r = review(doc(() => undefined), doc(moved));
    expect(r.changes.filter((c) => c.broadening)).toEqual([]);
    expect(r.changes.length).toBeGreaterThan(0);
    expect(r.changes.every((c) => c.classification === 'neutral' && c.detail.includes('comment'))).toBe(true);
  });

  test('fails when the block beside a moved comment changed too: the change is still judged', () => {
    const r = review(doc(() => undefined), doc((j) => {
      moved(j);
      j.resource.aws_eks_cluster['production-cluster'].vpc_config.endpoint_public_access = true;
    }));
    expect(r.changes.filter((c) => c.broadening).map((c) => c.resource)).toEqual([`${S}/aws_eks_cluster.production-cluster`]);
  });
});
