/**
 * cdktf 0.21 resolves each element's JSON node by node, twice (the prepare pass that finds
 * cross-stack references, then the pass that writes): for every object key, array item and string
 * it makes a resolution context (closures, a copy of its options, a longer path), then tests the
 * value against its token patterns. Nearly every node eksguard writes is plain data that holds no
 * token, and resolves to a copy of itself.
 *
 * While this is on, cdktf/lib/_tokens.js `resolve(scope, obj, preparing)` (which cdktf's stacks
 * call through the module's exports for each element) walks plain data itself and hands cdktf's
 * resolve, with the same scope and `preparing`, only the sub-values that may hold a token:
 *
 * - a string holding a `TfToken[` marker (string, list and map tokens), equal to one of cdktf's map
 *   token values, or holding text cdktf decodes as a number token;
 * - a number that is not a finite number far below cdktf's token range (token doubles are about
 *   1e289 and beyond), or cdktf's number map token value;
 * - an array with such a string or number as an item (cdktf resolves it as a list token);
 * - an object that is not a plain object (a token, an IResolvable, a Date, a class instance), a
 *   plain one with such a key, a `resolve` function (cdktf treats it as a token) or a construct's
 *   fields; a function.
 *
 * Everything else comes out as cdktf's resolve gives it (keys in order, keys with an undefined value
 * and undefined array items dropped), but an object or array in which nothing is resolved or dropped
 * is returned itself, not copied: cdktf's callers only read what resolve returns (a stack merges each
 * element's JSON into its document by copying objects and replacing arrays, and writes the
 * document), and eksguard's element JSON is made once per element (inert-strings.ts) and never
 * edited, so the copies cdktf makes (three per node: two element passes and the document's) were
 * garbage. Resolving a sub-value alone is
 * what cdktf does for it inside the whole: the context it makes for a plain object's or array's
 * children carries only the scope and `preparing` (and the path, used in error messages). So that
 * errors read exactly as cdktf's, any error (and a value nested deeper than cdktf's limit) resolves
 * the whole value again with cdktf's function, which throws its own error.
 *
 * Pinned by test/terraform/fast-resolve.test.ts against the installed cdktf.
 */

import { TOKEN_MARKER } from './escape';

/** cdktf's `resolve(scope, obj, preparing)` from cdktf/lib/_tokens.js. */
type Resolve = (scope: unknown, obj: unknown, preparing?: boolean) => unknown;

const FAST = Symbol.for('eksguard.fast-resolve');

/** cdktf's map token values (cdktf/lib/tokens/token.js), which its resolve rejects in a scalar. */
const STRING_MAP_TOKEN_VALUE = 'String Map Token Value';
const ANY_MAP_TOKEN_VALUE = 'Any Map Token Value';
const NUMBER_MAP_TOKEN_VALUE = -123456789;

/** Below every double cdktf encodes a token in (sign and exponent bits 0xfdff or 0xfbff: |x| > 1e288). */
const PLAIN_NUMBER_LIMIT = 1e280;

/** cdktf stops at a path longer than 200; deeper than this, cdktf resolves the whole value (and throws). */
const MAX_DEPTH = 190;

/** Thrown inside the walk to hand the whole value to cdktf. */
const WHOLE = Symbol('whole');

/** Everything the walk needs to decide a string is plain. */
export type NumberTokenText = (text: string) => string | undefined;

function plainString(s: string, numberTokenText: NumberTokenText): boolean {
  return !s.includes('TfToken[') && s !== STRING_MAP_TOKEN_VALUE && s !== ANY_MAP_TOKEN_VALUE && numberTokenText(s) === undefined;
}

function plainNumber(x: number): boolean {
  return Number.isFinite(x) && Math.abs(x) < PLAIN_NUMBER_LIMIT && x !== NUMBER_MAP_TOKEN_VALUE;
}

/**
 * The value resolved: plain data walked here (returned itself where nothing in it changes), anything
 * that may hold a token resolved by `cdktf` (cdktf's resolve applied to that sub-value with the
 * caller's scope and `preparing`).
 */
export function resolvePlainData(value: unknown, cdktf: (sub: unknown) => unknown, numberTokenText: NumberTokenText): unknown {
  const walk = (v: unknown, depth: number): unknown => {
    switch (typeof v) {
      case 'undefined':
      case 'boolean':
        return v;
      case 'string':
        return plainString(v, numberTokenText) ? v : cdktf(v);
      case 'number':
        return plainNumber(v) ? v : cdktf(v);
      case 'object': {
        if (v === null) return null;
        if (depth > MAX_DEPTH) throw WHOLE;
        // Marks are own properties of plain objects and arrays (an object made from a marked one is not one).
        const proto = Object.getPrototypeOf(v);
        const told = proto === Object.prototype || proto === Array.prototype ? known(v) : undefined;
        if (told === true) return v;
        if (told !== undefined) {
          // Only the keys that may hold something (markPartial); cdktf drops a key that resolves to undefined.
          const node = v as Record<string, unknown>;
          let out: Record<string, unknown> | undefined;
          for (const key of told) {
            const item = node[key];
            const r = walk(item, depth + 1);
            if (r === item && r !== undefined) continue;
            out ??= { ...node };
            if (r === undefined) delete out[key];
            else out[key] = r;
          }
          return out ?? node;
        }
        if (Array.isArray(v)) {
          // An item cdktf may read as a list token makes cdktf resolve the array as one.
          for (const item of v) {
            if ((typeof item === 'string' && !plainString(item, numberTokenText)) || (typeof item === 'number' && !plainNumber(item))) return cdktf(v);
          }
          // Unchanged (nothing resolved, nothing dropped): the array itself; otherwise a copy from the first change.
          let out: unknown[] | undefined;
          for (let i = 0; i < v.length; i++) {
            const item = v[i];
            const r = walk(item, depth + 1);
            if (out === undefined && (r !== item || r === undefined)) out = v.slice(0, i);
            if (out !== undefined && r !== undefined) out.push(r);
          }
          return out ?? v;
        }
        if (Object.getPrototypeOf(v) !== Object.prototype) return cdktf(v);
        const node = v as Record<string, unknown>;
        if (typeof node.resolve === 'function' || (node._children !== undefined && node._metadata !== undefined)) return cdktf(v);
        const keys = Object.keys(node);
        for (const key of keys) if (!plainString(key, numberTokenText)) return cdktf(v);
        let out: Record<string, unknown> | undefined;
        for (let i = 0; i < keys.length; i++) {
          const key = keys[i];
          const item = node[key];
          const r = walk(item, depth + 1);
          if (out === undefined && (r !== item || r === undefined)) {
            out = {};
            for (let j = 0; j < i; j++) out[keys[j]] = node[keys[j]];
          }
          if (out !== undefined && r !== undefined) out[key] = r;
        }
        return out ?? node;
      }
      default:
        // functions (cdktf throws), bigints and symbols (cdktf returns them): cdktf decides.
        return cdktf(v);
    }
  };
  return walk(value, 0);
}

/**
 * What the makers of values told the fast path: `true` for plain data that holds nothing to resolve,
 * returned as it is (see markResolved); the keys that may hold something for an object of which only
 * those are walked (see markPartial).
 */
const KNOWN = Symbol('eksguard.resolved');

/** What was told about `value` (a non-enumerable symbol property: copies, spreads, keys and JSON never see it). */
const known = (value: object): true | readonly string[] | undefined => (value as { [KNOWN]?: true | readonly string[] })[KNOWN];

function tell(value: object, what: true | readonly string[]): void {
  Object.defineProperty(value, KNOWN, { value: what, configurable: true });
}

/**
 * Mark a value its maker knows to be resolved already: plain data (plain objects, arrays, strings,
 * finite numbers, booleans) with no token, no text cdktf reads as a number token and no undefined
 * value, never edited afterwards (terraform/planned.ts renders its elements' JSON so, once). While
 * the fast path is on, resolve returns it itself without walking it, and a stack's merge of element
 * JSON into its document takes it as it is (sharingDeepMerge); otherwise cdktf resolves and copies
 * it as usual. `parts`: objects inside it to mark too (a stack's document holds them, not the
 * value). Returns the value.
 */
export function markResolved<T extends object>(value: T, ...parts: object[]): T {
  tell(value, true);
  for (const part of parts) tell(part, true);
  return value;
}

/**
 * Mark a plain object (plain keys: no token, no number-token text) of which only `keys` may hold
 * something to resolve: every other key's value is plain data that holds nothing to resolve and no
 * undefined value, as markResolved describes, and the object is never edited afterwards. While
 * the fast path is on, resolve walks only those keys (the object is returned itself if none of
 * them changes, otherwise a copy with their resolved values, in the same key order); otherwise
 * cdktf resolves it as usual. Returns the object.
 */
export function markPartial<T extends object>(value: T, keys: readonly string[]): T {
  tell(value, keys);
  return value;
}

/** The keys given to markPartial for `value`, if it was marked so. */
export function partialKeys(value: unknown): readonly string[] | undefined {
  const told = value !== null && typeof value === 'object' ? known(value) : undefined;
  return told === undefined || told === true ? undefined : told;
}

/** The stack whose document TerraformStack.toTerraform() is building now (see withFastResolve). */
let building: unknown;

/** What a stack class looks like to the fast path: cdktf's TerraformStack. */
export interface StackClass {
  readonly prototype: { toTerraform(): unknown };
}

/**
 * Switch the fast path on (see above) until `restore()`. Nests: only the outermost restores.
 * `numberTokenText` is escape.ts's mirror of cdktf's number-token pattern.
 *
 * With `stackClass` (cdktf's TerraformStack), the last pass of `toTerraform()` is cut short too:
 * it resolves the stack's whole document once more, but the document is the stack's metadata
 * (`//`) merged with the element JSON this function has just resolved (cdktf's resolve leaves no
 * token behind: it resolves what a token gives again until none is left) and with the stack's
 * overrides. Only `//` and the top-level keys the overrides reach (every stack of eksguard's
 * overrides `terraform`) are walked; the rest is returned as it is.
 */
export function withFastResolve(numberTokenText: NumberTokenText, stackClass?: StackClass): { restore(): void } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require('cdktf/lib/_tokens') as { resolve: Resolve & { [FAST]?: true } };
  const was = mod.resolve;
  if (was[FAST]) return { restore: () => undefined };
  // Each string token marker's text as cdktf resolves it alone, per stack and pass (see `spliced`).
  const memo = [new WeakMap<object, Map<string, string>>(), new WeakMap<object, Map<string, string>>()];
  /**
   * A string made only of literal text and string token markers, resolved with each distinct
   * marker resolved once per stack and pass: cdktf splits such a string into its literals and its
   * tokens, resolves each token alone in the same context and joins the parts as strings, which is
   * what splicing the markers' resolved texts into the literals gives. Undefined (cdktf resolves
   * the whole string) when the literals hold `${` (cdktf's escapes then change how the tokens
   * resolve), a list or map marker, a marker cdktf does not resolve to a string, or when the result
   * holds text cdktf reads as a number token. A token resolves to the same text throughout a synth:
   * eksguard's are references, locals and Fn calls, and cdktf's cross-stack references rely on it.
   */
  const spliced = (scope: unknown, s: string, preparing: boolean): string | undefined => {
    if (scope === null || typeof scope !== 'object' || !s.includes('${TfToken[') || s.includes('#{TfToken[') || s.includes('&{TfToken[')) return undefined;
    const byScope = memo[preparing ? 1 : 0];
    let texts = byScope.get(scope);
    if (texts === undefined) byScope.set(scope, (texts = new Map()));
    let out = '';
    let last = 0;
    for (const m of s.matchAll(TOKEN_MARKER)) {
      const literal = s.slice(last, m.index);
      if (literal.includes('${')) return undefined;
      let text = texts.get(m[0]);
      if (text === undefined) {
        const r = was(scope, m[0], preparing);
        if (typeof r !== 'string') return undefined;
        texts.set(m[0], (text = r));
      }
      out += literal + text;
      last = m.index + m[0].length;
    }
    const tail = s.slice(last);
    if (tail.includes('${')) return undefined;
    out += tail;
    return numberTokenText(out) === undefined ? out : undefined;
  };
  const fast = Object.assign((scope: unknown, obj: unknown, preparing = false) => {
    if (obj === null || typeof obj !== 'object') return was(scope, obj, preparing);
    const proto = Object.getPrototypeOf(obj);
    if ((proto === Object.prototype || proto === Array.prototype) && known(obj) === true) return obj;
    const sub = (v: unknown) => (typeof v === 'string' ? spliced(scope, v, preparing) : undefined) ?? was(scope, v, preparing);
    try {
      const walked = !preparing && scope === building ? documentKeys(scope, obj, numberTokenText) : undefined;
      if (walked !== undefined) {
        // Only `//` and what the stack's overrides reach; the rest is element JSON resolved already.
        const doc = obj as Record<string, unknown>;
        let out: Record<string, unknown> | undefined;
        for (const key of walked) {
          const item = doc[key];
          const r = resolvePlainData(item, sub, numberTokenText);
          if (r === item && r !== undefined) continue;
          out ??= { ...doc };
          if (r === undefined) delete out[key];
          else out[key] = r;
        }
        return out ?? doc;
      }
      return resolvePlainData(obj, sub, numberTokenText);
    } catch {
      // cdktf's own error, worded with the path of the whole value (or cdktf's depth limit).
      return was(scope, obj, preparing);
    }
  }, { [FAST]: true as const });
  mod.resolve = fast;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const util = require('cdktf/lib/util') as { deepMerge: DeepMerge };
  const merge = util.deepMerge;
  util.deepMerge = sharingDeepMerge(merge);
  const proto = stackClass?.prototype;
  const toTerraform = proto?.toTerraform;
  if (proto !== undefined && toTerraform !== undefined) {
    proto.toTerraform = function (this: unknown) {
      const outer = building;
      building = this;
      try {
        return toTerraform.call(this);
      } finally {
        building = outer;
      }
    };
  }
  return {
    restore: () => {
      mod.resolve = was;
      util.deepMerge = merge;
      if (proto !== undefined && toTerraform !== undefined) proto.toTerraform = toTerraform;
    },
  };
}

/** cdktf's `deepMerge(target, ...sources)` from cdktf/lib/util.js. */
type DeepMerge = (target: unknown, ...sources: unknown[]) => unknown;

/** A plain object marked resolved (markResolved): plain data, no undefined value, never edited. */
function resolvedObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype && known(v) === true;
}

/**
 * cdktf's deepMerge, which a stack calls to merge each element's resolved JSON into its document,
 * giving the same result without copying what is marked resolved: cdktf copies each object of a
 * source into the target (arrays it assigns or concatenates, and edits one only where an object
 * is merged into it: here always a copy), and a copy of a value marked resolved (plain data
 * without an undefined value) is that value; so where the target has no object at the key, the
 * value itself is put there. Such a value is never edited: where a later merge goes into one, it
 * is replaced by a shallow copy first (copy on write), and so is any object or array that copy
 * still shares with it, if a merge reaches it. Anything unusual (a resolvable target, a target or
 * source that is not an object, a null in the way) goes to cdktf's own deepMerge, for its own
 * result or error.
 */
function sharingDeepMerge(cdktf: DeepMerge): DeepMerge {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Tokenization } = require('cdktf') as typeof import('cdktf');
  // What copies of shared values still share (their objects and arrays), copied in turn before an edit.
  const borrowed = new WeakSet<object>();
  const mergeInto = (target: unknown, ...sources: unknown[]): unknown => {
    if (target === null || typeof target !== 'object' || Tokenization.isResolvable(target)) return cdktf(target, ...sources);
    for (const source of sources) {
      if (source === null || typeof source !== 'object') return cdktf(target, source);
      const into = target as Record<string, unknown>;
      for (const key of Object.keys(source)) {
        const value = (source as Record<string, unknown>)[key];
        if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
          if (typeof into[key] !== 'object') {
            if (resolvedObject(value)) {
              into[key] = value;
              continue;
            }
            into[key] = {};
          }
          if (Tokenization.isResolvable(value)) {
            into[key] = value;
            continue;
          }
          // Copy on write: a value marked resolved is shared, never edited; so is what a copy of one still shares,
          // and so is an array (put in as it is, as cdktf does, but here it may be a planned element's kept
          // rendering, which the fast path returned without the copy cdktf's resolve makes).
          const at = into[key] as object;
          if (Array.isArray(at) || resolvedObject(at) || borrowed.has(at)) {
            const copy = Array.isArray(at) ? at.slice() : { ...at };
            for (const child of Object.values(copy)) if (child !== null && typeof child === 'object') borrowed.add(child);
            into[key] = copy;
          }
          mergeInto(into[key], value);
        } else if (Array.isArray(value)) {
          into[key] = Array.isArray(into[key]) ? [...(into[key] as unknown[]), ...value] : value;
        } else if (value === undefined) {
          delete into[key];
        } else {
          into[key] = value;
        }
      }
    }
    return target;
  };
  return mergeInto;
}

/**
 * For the document a stack's toTerraform() resolves last (a plain object with `//` and plain
 * top-level keys), the keys that may hold something to resolve: `//` and the top-level keys of the
 * stack's overrides, which were merged into the resolved element JSON unresolved. Undefined for
 * anything else (walked whole).
 */
function documentKeys(stack: unknown, obj: object, numberTokenText: NumberTokenText): string[] | undefined {
  if (Array.isArray(obj) || Object.getPrototypeOf(obj) !== Object.prototype || !('//' in obj)) return undefined;
  const overrides = (stack as { rawOverrides?: unknown }).rawOverrides;
  if (overrides === null || typeof overrides !== 'object' || Object.getPrototypeOf(overrides) !== Object.prototype) return undefined;
  const keys = Object.keys(obj);
  if (!keys.every((k) => plainString(k, numberTokenText))) return undefined;
  const walked = new Set(['//', ...Object.keys(overrides)]);
  return keys.filter((k) => walked.has(k));
}
