/**
 * SARIF for GitHub code scanning, from `check` and from `synth --sarif FILE`. URIs are relative to
 * the working directory (run from the repository root, they are repository paths), and a finding
 * that comes from a config field points at that field's line first. `synth --sarif` writes a valid
 * log whatever happens: config problems and guardrail errors become results at their config lines
 * (nothing else was written), so a failing head still shows in code scanning.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'fs';
import * as path from 'path';
import type { Problem } from '../config/problems';
import { ConfigLines } from '../rules/input/config-lines';
import { EMPTY_RUN, formatSarif, SarifProblem } from '../rules/format';
import { Finding, RuleRun, RULES } from '../rules';

/** A path as a SARIF URI relative to the working directory, with `/` separators. */
export const sarifUri = (file: string): string => (path.relative(process.cwd(), file) || file).split(path.sep).join('/');

/** The line of a resource's block in a Terraform JSON, HCL or plan file (1 when not found). */
export function lineOf(file: string, address: string): number {
  const text = readFileSync(file, 'utf8');
  const plan = text.indexOf(`"address": ${JSON.stringify(address)}`);
  if (plan >= 0) return text.slice(0, plan).split('\n').length;
  const [type, name] = address.startsWith('data.') ? address.split('.').slice(1) : address.split('.');
  const escape = (x = '') => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const hcl = new RegExp(`^[ \\t]*(?:resource|data)[ \\t]+"${escape(type)}"[ \\t]+"${escape(name)}"`, 'm').exec(text);
  if (hcl !== null) return text.slice(0, hcl.index).split('\n').length;
  const typeAt = text.indexOf(`"${type}": {`);
  const at = typeAt < 0 ? -1 : text.indexOf(`"${name}": {`, typeAt);
  return at < 0 ? 1 : text.slice(0, at).split('\n').length;
}

/**
 * SARIF of a synth: `run` is the rule pack's run on what was synthesized (or would have been, when
 * its errors stopped the synth), `problems` the config's problems when it never got that far.
 */
export function synthSarif(configFile: string, outcome: { readonly run?: RuleRun; readonly problems?: readonly Problem[] }): string {
  const lines = new ConfigLines();
  const config = sarifUri(configFile);
  const at = (configPath: string | undefined) => {
    const line = configPath === undefined ? undefined : lines.line(configFile, configPath);
    return line === undefined ? undefined : { uri: config, line };
  };
  const locate = (f: Finding) => {
    const field = at(f.configPath);
    // A stack file exists only when the synth wrote it; otherwise the address alone locates the resource.
    const written = existsSync(f.file);
    return {
      ...(written ? { uri: sarifUri(f.file), line: lineOf(f.file, f.address) } : {}),
      ...(field !== undefined ? { config: { ...field, path: f.configPath! } } : {}),
    };
  };
  const problems: SarifProblem[] = (outcome.problems ?? []).map((p) => {
    const field = at(p.path);
    return { path: p.path, message: p.message, fix: p.fix, ...(field !== undefined ? { config: field } : {}) };
  });
  return formatSarif(outcome.run ?? EMPTY_RUN, RULES, locate, problems);
}

/**
 * Write a SARIF log to FILE, which must be new or an earlier SARIF log: `--sarif platform.yaml`
 * must never replace the config (or any file eksguard did not write). Returns a problem, or undefined.
 */
export function writeSarif(file: string, text: string): string | undefined {
  const refused = sarifTargetProblem(file);
  if (refused !== undefined) return refused;
  try {
    writeFileSync(file, text);
  } catch (e) {
    return `--sarif ${file} cannot be written: ${(e as Error).message}`;
  }
  return undefined;
}

/** Why FILE may not receive a SARIF log (it exists and is not one), or undefined. Checked before a synth writes anything. */
export function sarifTargetProblem(file: string): string | undefined {
  const stat = statSync(file, { throwIfNoEntry: false });
  if (stat !== undefined) {
    if (!stat.isFile()) return `--sarif ${file} is not a regular file; name a new file such as eksguard.sarif`;
    let earlier: unknown;
    try {
      earlier = stat.size <= 64 * 2 ** 20 ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
    } catch {
      earlier = undefined;
    }
    const isSarif = typeof earlier === 'object' && earlier !== null && (earlier as { version?: unknown }).version === '2.1.0' && Array.isArray((earlier as { runs?: unknown }).runs);
    if (!isSarif) return `--sarif ${file} exists and is not a SARIF log eksguard would replace; name a new file such as eksguard.sarif`;
  }
  return undefined;
}
