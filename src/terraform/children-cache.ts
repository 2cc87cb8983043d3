/**
 * constructs' `node.children` makes a new array of a construct's children (`Object.values`) on
 * every read, and synthesis reads it in every walk of the tree: cdktf's aspects, validations, its
 * element lists (the prepare pass, the document, moves), backends and providers, and eksguard's
 * stamps, shared-address check and inert strings. At 10,000 workloads a cluster's tree is walked
 * about ten times over tens of thousands of constructs.
 *
 * While this is on, each construct's children are listed once and the same (frozen) array is
 * handed out until a child is added or removed (`addChild`, `tryRemoveChild`, the only ways
 * constructs changes them), when it is listed again. `node.findAll(order)` likewise: a construct's
 * list of itself and everything below it is made once and handed out again until any construct
 * of the run gains or loses a child (cdktf asks a stack for it four times in a row while it
 * synthesizes the stack: the boundary, its validations, the duplicate-address check, its
 * annotations). A caller that tried to edit a list would throw instead of changing what others
 * read. Only while eksguard synthesizes (src/app/synth.ts).
 */
import { Node } from 'constructs';

type Patched = {
  addChild(...args: unknown[]): unknown;
  tryRemoveChild(...args: unknown[]): unknown;
  findAll(order?: unknown): unknown[];
};

const ON = Symbol.for('eksguard.children-cache');

/** Switch the cache on until `restore()`. Nests: only the outermost restores. */
export function withCachedChildren(): { restore(): void } {
  const proto = Node.prototype as unknown as Patched & { [ON]?: true };
  const children = Object.getOwnPropertyDescriptor(Node.prototype, 'children');
  if (proto[ON] || children?.get === undefined) return { restore: () => undefined };
  const list = children.get;
  // A key of this run's own: lists kept from an earlier run (when nothing kept them current) are never read.
  const cache = Symbol('children');
  const found = Symbol('findAll');
  type Cached = { [cache]?: readonly unknown[]; [found]?: { readonly version: number; readonly order: unknown; readonly list: readonly unknown[] } };
  const { addChild, tryRemoveChild, findAll } = proto;
  // Bumped on every change to any construct's children while the cache is on: findAll's lists hold whole subtrees.
  let version = 0;
  Object.defineProperty(Node.prototype, 'children', {
    configurable: true,
    enumerable: children.enumerable,
    get(this: Cached) {
      return (this[cache] ??= Object.freeze(list.call(this) as unknown[]));
    },
  });
  proto.addChild = function (this: Cached, ...args: unknown[]) {
    this[cache] = undefined;
    version++;
    return addChild.apply(this, args);
  };
  proto.tryRemoveChild = function (this: Cached, ...args: unknown[]) {
    this[cache] = undefined;
    version++;
    return tryRemoveChild.apply(this, args);
  };
  proto.findAll = function (this: Cached, order?: unknown) {
    const kept = this[found];
    if (kept !== undefined && kept.version === version && kept.order === order) return kept.list as unknown[];
    const list = Object.freeze(findAll.call(this, order));
    this[found] = { version, order, list };
    return list as unknown[];
  };
  proto[ON] = true;
  return {
    restore: () => {
      Object.defineProperty(Node.prototype, 'children', children);
      proto.addChild = addChild;
      proto.tryRemoveChild = tryRemoveChild;
      proto.findAll = findAll;
      delete proto[ON];
    },
  };
}
