/**
 * constructs' `node.children` makes a new array of a construct's children (`Object.values`) on
 * every read, and synthesis reads it in every walk of the tree: cdktf's aspects, validations, its
 * element lists (the prepare pass, the document, moves), backends and providers, and eksguard's
 * stamps, shared-address check and inert strings. At 10,000 workloads a cluster's tree is walked
 * about ten times over tens of thousands of constructs.
 *
 * While this is on, each construct's children are listed once and the same (frozen) array is
 * handed out until a child is added or removed (`addChild`, `tryRemoveChild`, the only ways
 * constructs changes them), when it is listed again. A caller that tried to edit the list would
 * throw instead of changing what others read. Only while eksguard synthesizes (src/app/synth.ts).
 */
import { Node } from 'constructs';

type Patched = {
  addChild(...args: unknown[]): unknown;
  tryRemoveChild(...args: unknown[]): unknown;
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
  type Cached = { [cache]?: readonly unknown[] };
  const { addChild, tryRemoveChild } = proto;
  Object.defineProperty(Node.prototype, 'children', {
    configurable: true,
    enumerable: children.enumerable,
    get(this: Cached) {
      return (this[cache] ??= Object.freeze(list.call(this) as unknown[]));
    },
  });
  proto.addChild = function (this: Cached, ...args: unknown[]) {
    this[cache] = undefined;
    return addChild.apply(this, args);
  };
  proto.tryRemoveChild = function (this: Cached, ...args: unknown[]) {
    this[cache] = undefined;
    return tryRemoveChild.apply(this, args);
  };
  proto[ON] = true;
  return {
    restore: () => {
      Object.defineProperty(Node.prototype, 'children', children);
      proto.addChild = addChild;
      proto.tryRemoveChild = tryRemoveChild;
      delete proto[ON];
    },
  };
}
