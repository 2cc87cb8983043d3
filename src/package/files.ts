/**
 * Files the package reads at run time (the embedded example, the help text, the JSON Schema), found
 * from wherever this module runs: the sources (`src/package/files.ts` under tsx or jest), the compiled
 * JavaScript (`dist/src/package/files.js`) or an installed tarball (`node_modules/eksguard/dist/...`).
 * The package root is the nearest directory above this file whose package.json names eksguard.
 */
import { readFileSync } from 'fs';
import * as path from 'path';

let root: string | undefined;

/** The package's root directory (the one holding its package.json). */
export function packageRoot(): string {
  if (root !== undefined) return root;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown };
      if (manifest.name === 'eksguard') return (root = dir);
    } catch {
      // No package.json here (or not JSON): keep climbing.
    }
    if (path.dirname(dir) === dir) throw new Error(`eksguard: no package.json of eksguard above ${__dirname}; the package is incomplete`);
  }
}

/** A file shipped with the package, by its path from the package root (`examples/platform.yaml`). */
export function packageFile(...segments: string[]): string {
  return path.join(packageRoot(), ...segments);
}

/** The package's version, from its package.json. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string }).version;
}
