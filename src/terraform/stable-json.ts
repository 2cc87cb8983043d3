/**
 * cdktf writes each stack's `cdk.tf.json` with json-stable-stringify 1.x (`{ space: 2 }`: keys
 * sorted, two-space indentation). `stableJson` writes the same bytes for the same value, without
 * that library's per-node costs (an indentation string rebuilt for every value, a comparator
 * wrapper, a linear scan of the ancestors for cycles): at 10,000 workloads it was one of the
 * largest single costs of synthesis. A value JSON.stringify can write in the same bytes (nothing
 * empty, nothing undefined: every workloads stack) is handed to it once, as a view with its
 * objects' keys in sorted order (planned elements render theirs sorted, so only the document's
 * own levels are copied); the rest is written node by node, each subtree JSON.stringify can write
 * in one call. `writeStacksStably` makes eksguard's own stacks use it.
 * Pinned against the installed json-stable-stringify by test/terraform/stable-json.test.ts.
 */
import { writeFileSync } from 'fs';
import * as path from 'path';
import type { App, TerraformStack } from 'cdktf';

/** json-stable-stringify 1.x of `value` with `{ space }`: its output, byte for byte. */
export function stableJson(value: unknown, space = 2): string {
  // Most stack documents: one native call on a view of the value with its objects' keys in order.
  const view = space <= 10 ? sortedView(value) : NOT_NATIVE;
  if (view !== NOT_NATIVE) return JSON.stringify(view, null, space);
  const pad = ' '.repeat(space);
  // JSON.stringify indents by at most 10 spaces.
  const native = space <= 10 ? nativeJson() : { ok: () => false };
  const indents: string[] = [];
  const indentAt = (level: number): string => (indents[level] ??= space > 0 ? `\n${pad.repeat(level)}` : '');
  const colon = space > 0 ? ': ' : ':';
  const ancestors = new Set<object>();
  const write = (node: unknown, level: number): string | undefined => {
    if (node !== null && typeof node === 'object' && typeof (node as { toJSON?: unknown }).toJSON === 'function') node = (node as { toJSON(): unknown }).toJSON();
    if (node === undefined) return undefined;
    if (typeof node !== 'object' || node === null) return JSON.stringify(node);
    // Most of a stack document is written here: a value JSON.stringify writes in the same bytes, shifted to this level.
    if (native.ok(node)) {
      const text = JSON.stringify(node, null, space);
      return level === 0 || space === 0 ? text : text.replaceAll('\n', indentAt(level));
    }
    const inner = indentAt(level + 1);
    const close = indentAt(level);
    if (Array.isArray(node)) {
      let out = '[';
      for (let i = 0; i < node.length; i++) out += `${i > 0 ? ',' : ''}${inner}${write(node[i], level + 1) || 'null'}`;
      return `${out}${close}]`;
    }
    if (ancestors.has(node)) throw new TypeError('Converting circular structure to JSON');
    ancestors.add(node);
    const keys = Object.keys(node).sort();
    let out = '{';
    let first = true;
    for (const key of keys) {
      const v = write((node as Record<string, unknown>)[key], level + 1);
      if (!v) continue;
      out += `${first ? '' : ','}${inner}${JSON.stringify(key)}${colon}${v}`;
      first = false;
    }
    ancestors.delete(node);
    return `${out}${close}}`;
  };
  return write(value, 0) as string;
}

const NOT_NATIVE = Symbol('not native');

/** Deeper than any document eksguard writes; a deeper value (or a cycle) takes the node-by-node path. */
const VIEW_DEPTH = 200;

/**
 * `value` as JSON.stringify(value, null, space) writes it in json-stable-stringify's bytes: the
 * value itself where its objects' keys are already in sorted order, otherwise a copy of each
 * object whose keys are not (its keys inserted in sorted order) and of the objects and arrays
 * holding one; NOT_NATIVE when JSON.stringify cannot write it in those bytes at all: an empty
 * object or array (json-stable-stringify writes it over two lines), an undefined, function,
 * symbol or bigint anywhere, an object that is not plain or has `toJSON`, integer-like keys out of
 * code-unit order (an object lists those first whatever the insertion order), deeper than
 * VIEW_DEPTH (a cycle reaches it).
 */
function sortedView(value: unknown): unknown {
  const view = (node: unknown, depth: number): unknown => {
    switch (typeof node) {
      case 'string':
      case 'number':
      case 'boolean':
        return node;
      case 'object':
        break;
      default:
        throw NOT_NATIVE;
    }
    if (node === null) return null;
    if (depth > VIEW_DEPTH || typeof (node as { toJSON?: unknown }).toJSON === 'function') throw NOT_NATIVE;
    if (Array.isArray(node)) {
      if (node.length === 0) throw NOT_NATIVE;
      let copy: unknown[] | undefined;
      for (let i = 0; i < node.length; i++) {
        const v = view(node[i], depth + 1);
        if (v !== node[i]) (copy ??= node.slice())[i] = v;
      }
      return copy ?? node;
    }
    if (Object.getPrototypeOf(node) !== Object.prototype) throw NOT_NATIVE;
    const o = node as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 0) throw NOT_NATIVE;
    let sorted = true;
    for (let i = 1; i < keys.length && sorted; i++) sorted = keys[i - 1] < keys[i];
    let copy: Record<string, unknown> | undefined;
    if (!sorted) {
      keys.sort();
      copy = {};
      for (const k of keys) copy[k] = o[k];
      const listed = Object.keys(copy);
      for (let i = 0; i < keys.length; i++) if (listed[i] !== keys[i]) throw NOT_NATIVE;
    }
    for (const k of keys) {
      const v = view(o[k], depth + 1);
      if (v !== o[k]) (copy ??= { ...o })[k] = v;
    }
    return copy ?? node;
  };
  try {
    return view(value, 0);
  } catch (e) {
    if (e === NOT_NATIVE) return NOT_NATIVE;
    throw e;
  }
}

/**
 * Which values JSON.stringify(value, null, space) writes in json-stable-stringify's bytes, at the
 * top level (deeper, every line shifted by the indentation of the level: JSON strings hold no raw
 * line break): plain objects whose keys JSON.stringify already writes in sorted order (Object.keys
 * order, which puts integer-like keys first, is ascending by code unit), with no `toJSON` and no
 * key left empty; non-empty arrays; strings, booleans, null and numbers below, recursively.
 * json-stable-stringify writes an empty object or array over two lines, JSON.stringify as `{}` or
 * `[]`; undefined, functions, symbols and bigints are written differently or not at all: none of
 * them is ok. Each object's verdict is kept, so a value is checked once however it is reached (a
 * cycle is not ok: the value is in progress when it is reached again).
 */
function nativeJson(): { ok(node: object): boolean } {
  const verdicts = new Map<object, boolean>();
  const ok = (node: object): boolean => {
    const known = verdicts.get(node);
    if (known !== undefined) return known;
    verdicts.set(node, false);
    let good = true;
    if (typeof (node as { toJSON?: unknown }).toJSON === 'function') {
      good = false;
    } else if (Array.isArray(node)) {
      if (node.length === 0) good = false;
      for (let i = 0; good && i < node.length; i++) good = leaf(node[i]);
    } else if (Object.getPrototypeOf(node) !== Object.prototype) {
      good = false;
    } else {
      const keys = Object.keys(node);
      if (keys.length === 0) good = false;
      for (let i = 0; good && i < keys.length; i++) good = (i === 0 || keys[i - 1] < keys[i]) && leaf((node as Record<string, unknown>)[keys[i]]);
    }
    verdicts.set(node, good);
    return good;
  };
  const leaf = (v: unknown): boolean => {
    switch (typeof v) {
      case 'string':
      case 'number':
      case 'boolean':
        return true;
      case 'object':
        return v === null || ok(v);
      default:
        return false;
    }
  };
  return { ok };
}

/**
 * Make each stack of `app` write its `cdk.tf.json` with `stableJson` when the app synthesizes:
 * cdktf's own synthesizer still runs every step (aspects, validations, annotations, custom
 * synthesis, the manifest), is handed an empty document to write, and the stack's document is
 * then written over it. Only for eksguard's own apps (src/app/synth.ts), JSON output only.
 */
export function writeStacksStably(app: App, isStack: (x: unknown) => x is TerraformStack): void {
  for (const stack of app.node.children) {
    if (!isStack(stack)) continue;
    const synthesizer = stack.synthesizer;
    stack.synthesizer = {
      synthesize: (session) => {
        let document: unknown;
        const own = Object.getOwnPropertyDescriptor(stack, 'toTerraform');
        const real = stack.toTerraform;
        stack.toTerraform = () => {
          document = real.call(stack);
          return {};
        };
        try {
          synthesizer.synthesize(session);
        } finally {
          if (own === undefined) delete (stack as { toTerraform?: unknown }).toTerraform;
          else Object.defineProperty(stack, 'toTerraform', own);
        }
        if (document === undefined) return;
        const file = path.join(session.outdir, session.manifest.forStack(stack).synthesizedStackPath);
        writeFileSync(file, stableJson(document, 2));
      },
    };
  }
}
