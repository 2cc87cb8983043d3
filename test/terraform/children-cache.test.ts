/**
 * withCachedChildren (src/terraform/children-cache.ts): each construct's children listed once and
 * listed again after every change, exactly what constructs lists.
 */
import { Construct, ConstructOrder, Node } from 'constructs';
import { App, TerraformStack } from 'cdktf';
import { withCachedChildren } from '../../src/terraform/children-cache';

const ids = (c: Construct) => c.node.children.map((x) => x.node.id);

describe('the children cache', () => {
  test('lists what constructs lists, after every add and removal, and hands out one frozen list between changes', () => {
    const root = new Construct(undefined as unknown as Construct, 'root');
    new Construct(root, 'a');
    const on = withCachedChildren();
    try {
      const first = root.node.children;
      expect(root.node.children).toBe(first);
      expect(Object.isFrozen(first)).toBe(true);
      expect(() => (first as Construct[]).push(root)).toThrow(TypeError);
      new Construct(root, 'b');
      expect(ids(root)).toEqual(['a', 'b']);
      expect(root.node.children).not.toBe(first);
      expect(root.node.tryRemoveChild('a')).toBe(true);
      expect(ids(root)).toEqual(['b']);
      expect(root.node.tryRemoveChild('missing')).toBe(false);
      // A tree walk sees every construct, each child under its own parent.
      const leaf = new Construct(root.node.findChild('b') as Construct, 'leaf');
      expect(root.node.findAll().map((c) => c.node.path)).toEqual(['root', 'root/b', 'root/b/leaf']);
      expect(leaf.node.children).toEqual([]);
      // constructs' own checks still apply.
      expect(() => new Construct(root, 'b')).toThrow(/There is already a Construct with name 'b'/);
    } finally {
      on.restore();
    }
    expect(Object.getOwnPropertyDescriptor(Node.prototype, 'children')?.get?.toString()).toContain('Object.values');
  });

  test("findAll lists what constructs lists after a change anywhere below, in either order, one frozen list between changes", () => {
    const root = new Construct(undefined as unknown as Construct, 'root');
    const a = new Construct(root, 'a');
    new Construct(a, 'a1');
    const paths = (order?: ConstructOrder) => root.node.findAll(order).map((c) => c.node.path);
    const on = withCachedChildren();
    try {
      const first = root.node.findAll();
      expect(root.node.findAll()).toBe(first);
      expect(Object.isFrozen(first)).toBe(true);
      expect(paths()).toEqual(['root', 'root/a', 'root/a/a1']);
      expect(paths(ConstructOrder.POSTORDER)).toEqual(['root/a/a1', 'root/a', 'root']);
      // A change deep below (not a child of root itself) is seen.
      const deep = new Construct(a.node.findChild('a1') as Construct, 'deep');
      expect(paths()).toEqual(['root', 'root/a', 'root/a/a1', 'root/a/a1/deep']);
      expect(paths(ConstructOrder.POSTORDER)).toEqual(['root/a/a1/deep', 'root/a/a1', 'root/a', 'root']);
      expect(a.node.findAll().map((c) => c.node.id)).toEqual(['a', 'a1', 'deep']);
      deep.node.scope!.node.tryRemoveChild('deep');
      expect(paths()).toEqual(['root', 'root/a', 'root/a/a1']);
    } finally {
      on.restore();
    }
    expect(root.node.findAll()).not.toBe(root.node.findAll());
  });

  test('a later run never reads a list kept by an earlier one; nested runs restore once', () => {
    const root = new Construct(undefined as unknown as Construct, 'root');
    new Construct(root, 'a');
    const first = withCachedChildren();
    expect(ids(root)).toEqual(['a']);
    expect(root.node.findAll()).toHaveLength(2);
    first.restore();
    // Changed while the cache was off (nothing kept the list current).
    new Construct(root, 'b');
    const second = withCachedChildren();
    const inner = withCachedChildren();
    try {
      expect(ids(root)).toEqual(['a', 'b']);
      expect(root.node.findAll()).toHaveLength(3);
      inner.restore();
      new Construct(root, 'c');
      expect(ids(root)).toEqual(['a', 'b', 'c']);
    } finally {
      second.restore();
    }
    expect(root.node.children).not.toBe(root.node.children);
  });

  test('a cdktf app synthesizes the same with it', () => {
    const build = () => {
      const app = new App({ outdir: require('fs').mkdtempSync(require('path').join(require('os').tmpdir(), 'eksguard-children-')), stackTraces: false });
      const stack = new TerraformStack(app, 's');
      new Construct(stack, 'x');
      return { app, stack };
    };
    const plain = build();
    plain.app.synth();
    const on = withCachedChildren();
    let cached: ReturnType<typeof build>;
    try {
      cached = build();
      cached.app.synth();
    } finally {
      on.restore();
    }
    const read = (a: App) => require('fs').readFileSync(require('path').join(a.outdir, 'stacks', 's', 'cdk.tf.json'), 'utf8');
    expect(read(cached!.app)).toBe(read(plain.app));
  });
});
