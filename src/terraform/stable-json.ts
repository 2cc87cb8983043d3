/**
 * cdktf writes each stack's `cdk.tf.json` with json-stable-stringify 1.x (`{ space: 2 }`: keys
 * sorted, two-space indentation). `stableJson` writes the same bytes for the same value, without
 * that library's per-node costs (an indentation string rebuilt for every value, a comparator
 * wrapper, a linear scan of the ancestors for cycles): at 10,000 workloads it was one of the
 * largest single costs of synthesis. `writeStacksStably` makes eksguard's own stacks use it.
 * Pinned against the installed json-stable-stringify by test/terraform/stable-json.test.ts.
 */
import { writeFileSync } from 'fs';
import * as path from 'path';
import type { App, TerraformStack } from 'cdktf';

/** json-stable-stringify 1.x of `value` with `{ space }`: its output, byte for byte. */
export function stableJson(value: unknown, space = 2): string {
  const pad = ' '.repeat(space);
  const indents: string[] = [];
  const indentAt = (level: number): string => (indents[level] ??= space > 0 ? `\n${pad.repeat(level)}` : '');
  const colon = space > 0 ? ': ' : ':';
  const ancestors = new Set<object>();
  const write = (node: unknown, level: number): string | undefined => {
    if (node !== null && typeof node === 'object' && typeof (node as { toJSON?: unknown }).toJSON === 'function') node = (node as { toJSON(): unknown }).toJSON();
    if (node === undefined) return undefined;
    if (typeof node !== 'object' || node === null) return JSON.stringify(node);
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
