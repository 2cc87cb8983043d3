/** Helpers to synthesize configs into temporary directories and read the output back. */
import { spawnSync } from 'child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { validateConfig } from '../../src/config/validate';
import type { PlatformConfig } from '../../src/config/schema';
import { synthesize } from '../../src/app/synth';
import { liveTemplates } from '../../src/terraform/escape';

export { EXAMPLE_FILE, EXISTING_ISSUER_URL, exampleInput, existingClusterInput, generatedInput } from '../../bench/generate';

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

/** Output files without eksguard-report.json. */
export function withoutReport(files: Record<string, string>): Record<string, string> {
  const { 'eksguard-report.json': _report, ...rest } = files;
  return rest;
}

/** Every live template (`${...}`, `%{...}`) of every string and key in a JSON value, added to `into`. */
export function liveTemplatesIn(value: unknown, into: Set<string> = new Set()): Set<string> {
  const scan = (v: unknown) => {
    if (typeof v === 'string') liveTemplates(v).forEach((t) => into.add(t));
    else if (Array.isArray(v)) v.forEach(scan);
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) { liveTemplates(k).forEach((t) => into.add(t)); scan(x); }
  };
  scan(value);
  return into;
}

/** The message a synth of `app` fails with, or '' when it passes. */
export function synthMessage(app: { synth(): void }): string {
  try {
    app.synth();
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

/**
 * Whether the terraform CLI is on PATH. Without it, `what` is skipped with a loud line, and that
 * skip is a failure where CI asks for the real tools (EKSGUARD_REQUIRE_TERRAFORM=1).
 */
export function terraformOnPath(what: string): boolean {
  if (spawnSync('terraform', ['version'], { stdio: 'ignore' }).status === 0) return true;
  const line = `terraform is not on PATH: ${what} is skipped`;
  if (process.env.EKSGUARD_REQUIRE_TERRAFORM === '1') throw new Error(line);
  console.warn(`SKIPPED: ${line}`);
  return false;
}
