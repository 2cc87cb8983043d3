/** Reading Terraform JSON from disk for the rule pack: a cdktf.out directory, a stack directory or a file. */
import { createHash } from 'crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, statSync } from 'fs';
import * as path from 'path';
import { documentOf, TfDocument } from './model';

/**
 * Every `*.tf.json` under the paths (cdktf.out/stacks/<stack>/cdk.tf.json gives stack names), sorted,
 * each with the SHA-256 of the bytes it was read from (`digest`).
 */
/** A single Terraform JSON file larger than this is refused (the fleet bench's largest stack is a few MiB). */
export const MAX_FILE_BYTES = 256 * 2 ** 20;

export function loadTerraform(paths: readonly string[]): TfDocument[] {
  const files: string[] = [];
  // Inside a directory, symlinks are not followed (a link to /dev/zero, or to a file outside what
  // is checked, is not Terraform of this tree); a path given explicitly may be one.
  const walk = (p: string, given: boolean) => {
    if (!existsSync(p)) throw new Error(`${p} does not exist`);
    if (!given && lstatSync(p).isSymbolicLink()) return;
    const stat = statSync(p);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(p).sort()) {
        if (entry === 'node_modules' || entry.startsWith('.')) continue;
        walk(path.join(p, entry), false);
      }
    } else if (p.endsWith('.tf.json')) {
      if (!stat.isFile()) throw new Error(`${p} is not a regular file`);
      if (stat.size > MAX_FILE_BYTES) throw new Error(`${p} is larger than ${MAX_FILE_BYTES / 2 ** 20} MiB, more than any Terraform JSON eksguard reads`);
      files.push(p);
    }
  };
  paths.forEach((p) => walk(p, true));
  return [...new Set(files)].sort().map((file) => {
    const bytes = readFileSync(file);
    let json: unknown;
    try {
      json = JSON.parse(bytes.toString('utf8'));
    } catch (e) {
      // Never echo the file's content: say where it breaks.
      const at = /position (\d+)/.exec((e as Error).message)?.[1];
      throw new Error(`${file} is not valid JSON${at === undefined ? '' : ` (at character ${at})`}`);
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
