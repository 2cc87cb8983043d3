/**
 * `check` is linear in the number of blocks: counted, not timed. Every read of a block body's
 * property (at any depth) is counted while the whole rule pack runs on generated Terraform JSON of
 * n and 2n blocks of each type; a rule that scans the blocks of a type per block reads n² bodies
 * and the count grows about 4x, an indexed one about 2x.
 */
import { documentOf, RULES, runRules, TfDocument } from '../../src/rules';
import { scaleInput } from '../../bench/check-scale';

function counted(doc: TfDocument): { doc: TfDocument; reads: () => number } {
  let reads = 0;
  const wrap = (v: unknown): unknown =>
    v === null || typeof v !== 'object'
      ? v
      : new Proxy(v as object, {
          get(target, prop, receiver) {
            reads++;
            return wrap(Reflect.get(target, prop, receiver));
          },
        });
  return { doc: { ...doc, blocks: doc.blocks.map((b) => ({ ...b, body: wrap(b.body) })) }, reads: () => reads };
}

const readsFor = (blocks: number) => {
  const { doc, reads } = counted(documentOf(scaleInput(blocks), 'scale', 'scale.tf.json'));
  runRules(RULES, [doc]);
  return reads();
};

test('the rule pack reads block bodies a number of times proportional to the blocks (2x blocks: under 2.3x reads)', () => {
  const small = readsFor(4_000);
  const large = readsFor(8_000);
  expect(small).toBeGreaterThan(4_000);
  expect(large / small).toBeLessThan(2.3);
});

test('a scan of every block per block would be seen: the count is not blind to quadratic reads', () => {
  const { doc, reads } = counted(documentOf(scaleInput(2_000), 'scale', 'scale.tf.json'));
  const { doc: doc2, reads: reads2 } = counted(documentOf(scaleInput(4_000), 'scale', 'scale.tf.json'));
  const scan = (d: TfDocument) => d.blocks.forEach((b) => d.blocks.filter((o) => o.type === b.type && o.body.name === b.body.name));
  scan(doc);
  scan(doc2);
  expect(reads2() / reads()).toBeGreaterThan(3.5);
});
