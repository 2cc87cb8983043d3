/** Reading Terraform JSON from disk for the rule pack: a cdktf.out directory, a stack directory or a file. */
import { createHash } from 'crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import * as path from 'path';
import { documentOf, TfDocument } from './model';

/**
 * Every `*.tf.json` under the paths (cdktf.out/stacks/<stack>/cdk.tf.json gives stack names), sorted,
 * each with the SHA-256 of the bytes it was read from (`digest`).
 */
export function loadTerraform(paths: readonly string[]): TfDocument[] {
  const files: string[] = [];
  const walk = (p: string) => {
    if (!existsSync(p)) throw new Error(`${p} does not exist`);
    if (statSync(p).isDirectory()) {
      for (const entry of readdirSync(p).sort()) {
        if (entry === 'node_modules' || entry.startsWith('.')) continue;
        walk(path.join(p, entry));
      }
    } else if (p.endsWith('.tf.json')) files.push(p);
  };
  paths.forEach(walk);
  return [...new Set(files)].sort().map((file) => {
    const bytes = readFileSync(file);
    let json: unknown;
    try {
      json = JSON.parse(bytes.toString('utf8'));
    } catch (e) {
      throw new Error(`${file} is not valid JSON: ${(e as Error).message}`);
    }
    const dir = path.basename(path.dirname(file));
    const stack = path.basename(file) === 'cdk.tf.json' ? dir : path.basename(file).replace(/\.tf\.json$/, '');
    return { ...documentOf(json, stack, file), digest: sha256(bytes) };
  });
}

/** `sha256:<hex>` of some bytes: how eksguard-report.json names the exact content of a stack file. */
export function sha256(bytes: Buffer): string {
  // A view, not a copy; typed as a plain Uint8Array (@types/node 20's Buffer predates TS 5.7's typed-array generics).
  return `sha256:${createHash('sha256').update(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)).digest('hex')}`;
}
