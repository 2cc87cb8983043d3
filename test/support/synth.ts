/** Helpers to synthesize configs into temporary directories and read the output back. */
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { validateConfig } from '../../src/config/validate';
import type { PlatformConfig } from '../../src/config/schema';
import { synthesize } from '../../src/app/synth';

export const EXAMPLE_FILE = path.join(__dirname, '../../examples/platform.yaml');

export function exampleInput(): any {
  return parse(readFileSync(EXAMPLE_FILE, 'utf8'));
}

export function valid(input: unknown): PlatformConfig {
  const r = validateConfig(input);
  if (r.config === undefined) throw new Error(r.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return r.config;
}

export function tempOut(): string {
  return path.join(mkdtempSync(path.join(tmpdir(), 'eksguard-')), 'cdktf.out');
}

export function synthTo(input: unknown, outdir = tempOut()): string {
  synthesize(valid(input), outdir);
  return outdir;
}

/** Every file under a directory, as relative path → bytes. */
export function filesOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const entry of readdirSync(path.join(dir, rel)).sort()) {
      const r = path.join(rel, entry);
      if (statSync(path.join(dir, r)).isDirectory()) walk(r);
      else out[r] = readFileSync(path.join(dir, r), 'utf8');
    }
  };
  walk('');
  return out;
}

export function stackJson(outdir: string, stack: string): any {
  return JSON.parse(readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
}

/** `{ type: { name: body } }` → `[{ type, name, body }]` for resources (or data sources). */
export function blocks(doc: any, kind: 'resource' | 'data' = 'resource'): Array<{ type: string; name: string; body: any }> {
  return Object.entries(doc[kind] ?? {}).flatMap(([type, byName]) => Object.entries(byName as object).map(([name, body]) => ({ type, name, body })));
}

/** A config with `n` generated workloads in one cluster (used by tests and the bench). */
export function generatedInput(n: number): any {
  const base = exampleInput();
  const kinds = base.clusters[0].workloads;
  base.clusters[0].workloads = Array.from({ length: n }, (_, i) => ({ ...kinds[i % kinds.length], name: `svc-${String(i).padStart(4, '0')}`, namespace: `team-${i % 20}`, serviceAccount: `svc-${String(i).padStart(4, '0')}` }));
  return base;
}
