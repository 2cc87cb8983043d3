/**
 * stableJson writes what json-stable-stringify (the serialiser cdktf writes stacks with, resolved
 * from cdktf as cdktf resolves it) writes, byte for byte; writeStacksStably leaves cdktf's synthesis
 * as it is but for the writer.
 */
import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { stableJson, writeStacksStably } from '../../src/terraform/stable-json';

const cdktfStringify: (value: unknown, opts: { space: number }) => string = require(require.resolve('json-stable-stringify', { paths: [path.dirname(require.resolve('cdktf/package.json'))] }));

/** A deterministic pseudo-random generator (no flaky seeds). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const KEYS = ['a', 'B', '_', 'Z9', 'é', '日本', '//', '', ' sp', 'a"b', 'x\\y', '10', '2', 'line\nbreak', '\u2028', 'aa', 'a-b', '$${x}'];
const STRINGS = ['', 'plain', 'quote " and \\ back', 'tab\tnew\nline', '\u0000\u001f', 'emoji 😀', 'lone \ud800', '${aws_iam_role.x.arn}', '</script>'];

function randomValue(next: () => number, depth: number): unknown {
  const r = next();
  if (depth > 4 || r < 0.35) {
    const leaf = Math.floor(next() * 9);
    return [null, true, false, 0, -1.5e-7, 123456789012, STRINGS[Math.floor(next() * STRINGS.length)], 1e21, undefined][leaf];
  }
  if (r < 0.6) return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(next, depth + 1));
  const out: Record<string, unknown> = {};
  for (let i = Math.floor(next() * 5); i > 0; i--) out[KEYS[Math.floor(next() * KEYS.length)]] = randomValue(next, depth + 1);
  return out;
}

describe('stableJson', () => {
  test.each([
    ['an empty object', {}],
    ['an empty array', []],
    ['nested empties', { a: {}, b: [], c: [[], {}], d: { e: { f: {} } } }],
    ['undefined: left out of objects, null in arrays', { a: undefined, b: [undefined, 1], c: () => 1, d: [() => 1] }],
    ['scalars', [null, true, false, 0, -0, 1.5, 1e21, -1e-7, NaN, Infinity, 'x']],
    ['keys in code-unit order', { b: 1, a: 2, B: 3, é: 4, '10': 5, '2': 6, '': 7, _: 8 }],
    ['a Date (toJSON)', { when: new Date(0) }],
    ['a top-level string', 'text'],
    ['a stack-like document', { '//': { metadata: { version: '0.21.0' } }, resource: { aws_iam_role: { x: { name: 'x', tags: { b: 'c', a: 'd' } } } }, output: { o: { value: '${aws_iam_role.x.arn}' } } }],
  ])('%s: the bytes json-stable-stringify writes', (_name, value) => {
    for (const space of [2, 0, 4]) expect(stableJson(value, space)).toBe(cdktfStringify(value, { space }));
  });

  test('600 generated values (every kind, hostile keys and strings): the same bytes', () => {
    const next = rng(42);
    for (let i = 0; i < 600; i++) {
      const value = randomValue(next, 0);
      expect({ i, out: stableJson(value) }).toEqual({ i, out: cdktfStringify(value, { space: 2 }) });
    }
  });

  /** A value JSON.stringify may write itself: keys sorted, nothing empty, only JSON scalars (then mutated at random). */
  function sortedValue(next: () => number, depth: number): unknown {
    const r = next();
    if (depth > 4 || r < 0.3) return [null, true, false, 0, -0, -1.5e-7, 1e21, NaN, STRINGS[Math.floor(next() * STRINGS.length)]][Math.floor(next() * 9)];
    if (r < 0.55) return Array.from({ length: 1 + Math.floor(next() * 3) }, () => sortedValue(next, depth + 1));
    const keys = [...new Set(Array.from({ length: 1 + Math.floor(next() * 5) }, () => KEYS[Math.floor(next() * KEYS.length)]))].sort();
    return Object.fromEntries(keys.map((k) => [k, sortedValue(next, depth + 1)]));
  }

  test('values written by JSON.stringify where it gives the same bytes: 600 generated, some spoiled deep inside', () => {
    const next = rng(7);
    const spoilers: Array<(o: Record<string, unknown>) => void> = [
      (o) => (o.zz = {}),
      (o) => (o.zz = []),
      (o) => (o.zz = undefined),
      (o) => (o.zz = new Date(0)),
      (o) => (o.zz = { toJSON: () => ({ b: 1, a: 2 }) }),
      (o) => (o.A = 1),
      (o) => (o['0'] = 'integer key first'),
      (o) => (o.zz = Object.assign(Object.create(null), { b: 1, a: 1 })),
      (o) => (o.zz = [1, undefined]),
      (o) => (o.zz = () => 1),
    ];
    for (let i = 0; i < 600; i++) {
      const value = { doc: sortedValue(next, 0), more: { inner: sortedValue(next, 1) } } as Record<string, unknown>;
      let target: unknown = value;
      while (i % 2 === 1 && target !== null && typeof target === 'object') {
        const items = Object.values(target as Record<string, unknown>).filter((x) => x !== null && typeof x === 'object' && !Array.isArray(x));
        if (items.length === 0 || next() < 0.3) break;
        target = items[Math.floor(next() * items.length)];
      }
      if (i % 2 === 1) spoilers[i % spoilers.length](target as Record<string, unknown>);
      for (const space of [2, 0, 4, 12]) expect({ i, space, out: stableJson(value, space) }).toEqual({ i, space, out: cdktfStringify(value, { space }) });
    }
  });

  test('integer-like keys, which JSON.stringify writes first, and an object shared at two depths', () => {
    const shared = { a: { b: ['x', 'y'] }, c: 1 };
    for (const value of [{ '10': 1, '9': 2 }, { '1': 1, '2': 2, a: { '1': 'x' } }, { a: shared, b: { c: shared, d: [shared, [shared]] } }, [[['deep', 1]]]]) {
      expect(stableJson(value)).toBe(cdktfStringify(value, { space: 2 }));
    }
  });

  test('a shared (not circular) object is written twice; a cycle throws as json-stable-stringify does', () => {
    const shared = { z: 1 };
    expect(stableJson({ a: shared, b: [shared] })).toBe(cdktfStringify({ a: shared, b: [shared] }, { space: 2 }));
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = { back: cyclic };
    expect(() => stableJson(cyclic)).toThrow(TypeError);
    expect(() => cdktfStringify(cyclic, { space: 2 })).toThrow(TypeError);
  });
});

describe('writeStacksStably', () => {
  function app(): { app: App; stack: TerraformStack } {
    const a = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'eksguard-stable-')), stackTraces: false });
    const stack = new TerraformStack(a, 's');
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    const role = new IamRole(stack, 'r', { name: 'r', assumeRolePolicy: '{}', tags: { b: '1', a: '2' } });
    new TerraformOutput(stack, 'arn', { value: role.arn });
    return { app: a, stack };
  }

  test("a stack's file is the one cdktf writes, and the stack's toTerraform is cdktf's again afterwards", () => {
    const plain = app();
    plain.app.synth();
    const stably = app();
    writeStacksStably(stably.app, TerraformStack.isStack);
    stably.app.synth();
    const read = (a: App) => readFileSync(path.join(a.outdir, 'stacks', 's', 'cdk.tf.json'), 'utf8');
    expect(read(stably.app)).toBe(read(plain.app));
    expect(Object.getOwnPropertyDescriptor(stably.stack, 'toTerraform')).toBeUndefined();
    expect(JSON.parse(read(stably.app)).resource.aws_iam_role.r.name).toBe('r');
  });

  test('a synthesis cdktf fails (an error annotation) writes no file and restores toTerraform', () => {
    const { app: a, stack } = app();
    stack.node.addValidation({ validate: () => ['planted'] });
    writeStacksStably(a, TerraformStack.isStack);
    expect(() => a.synth()).toThrow(/planted/);
    expect(Object.getOwnPropertyDescriptor(stack, 'toTerraform')).toBeUndefined();
    expect(() => readFileSync(path.join(a.outdir, 'stacks', 's', 'cdk.tf.json'))).toThrow();
  });
});
