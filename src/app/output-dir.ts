/**
 * Which directories a synth may replace. An output directory is eksguard's only when it says so:
 * a marker file (`.eksguard-output`) lists the top-level entries a synth wrote, and the next synth
 * replaces exactly those and keeps everything else. A directory without the marker is replaced
 * only when it is empty or has the exact shape of an earlier eksguard's output; the working
 * directory, the config's directory, their ancestors, the filesystem root, the home directory and
 * anything inside `.git` are never an output. Every path is compared after resolving symlinks.
 */
import { lstatSync, readdirSync, readFileSync, realpathSync, Stats } from 'fs';
import { homedir } from 'os';
import * as path from 'path';
import type { Problem } from '../config/problems';
import type { PlatformConfig } from '../config/schema';
import { REPORT_FILE } from './guardrails';

/** The marker file at the root of every output. */
export const MARKER_FILE = '.eksguard-output';
/** The marker's format; a marker of another format is refused, never guessed at. */
export const MARKER_FORMAT = 1;
/** The only top-level entries a synth writes (besides the marker), and so the only ones a marker can claim. */
const OUTPUT_ENTRIES: ReadonlyMap<string, 'directory' | 'file'> = new Map([
  ['stacks', 'directory'],
  ['manifest.json', 'file'],
  [REPORT_FILE, 'file'],
]);
/** What cdktf writes into a stack directory; everything else there belongs to Terraform. */
export const SYNTHESIZED = new Set(['cdk.tf.json', 'cdk.tf', 'assets']);

export interface OutputTarget {
  /** Where the directory came from, named in problem lines: `--out`, `CDKTF_OUTDIR` (default `outdir`). */
  readonly source?: string;
  /** The config file; its directory and the directories above it are never an output. */
  readonly configFile?: string;
  /** A local backend's stateDir must lie outside the output. */
  readonly backend?: PlatformConfig['backend'];
}

export interface OutputPlan {
  /** The directory with every symlink resolved: the one synth replaces. */
  readonly real: string;
  /** absent: to be created; empty: an empty directory; marked: carries the marker; earlier: an earlier eksguard's output. */
  readonly state: 'absent' | 'empty' | 'marked' | 'earlier';
  /** Top-level entries eksguard wrote and may replace; every other entry is kept. */
  readonly owned: ReadonlySet<string>;
}

/** The marker a synth writes into its output, listing what it wrote (directories with a trailing /). */
export function markerText(entries: readonly string[]): string {
  const marker = {
    tool: 'eksguard',
    format: MARKER_FORMAT,
    entries: [...entries].sort(),
    note: 'Written by eksguard synth. The next synth replaces the entries listed here and keeps everything else in this directory.',
  };
  return `${JSON.stringify(marker, null, 2)}\n`;
}

/**
 * Decide whether `outdir` may receive a synth's output, before anything is written: every problem
 * found, and the plan when there are none.
 */
export function planOutput(outdir: string, target: OutputTarget = {}): { plan?: OutputPlan; problems: Problem[] } {
  const source = target.source ?? 'outdir';
  const cwd = realpathSync.native(process.cwd());
  const real = physicalPath(outdir, cwd);
  const problems: Problem[] = [];
  const refuse = (message: string, fix = ownDirectory(source)) => problems.push({ path: source, message, value: outdir, fix });
  const resolved = (verb: string) => (real === path.resolve(cwd, outdir) ? verb : `resolves to ${real}, which ${verb}`);

  const danger = dangerOf(real, cwd, target.configFile);
  const stat = lstatOf(real);
  let plan: OutputPlan | undefined;
  if (stat?.isSymbolicLink()) refuse(resolved('is a symlink to nothing'));
  else if (stat !== undefined && !stat.isDirectory()) refuse(resolved('is a file, not a directory'));
  else if (danger !== undefined) refuse(resolved(danger));
  else if (stat === undefined) {
    const above = nearestExisting(real);
    if (!above.stat.isDirectory()) refuse(`is below ${above.path}, which is not a directory`);
    else plan = { real, state: 'absent', owned: new Set() };
  } else {
    let owned: ReturnType<typeof ownership>;
    try {
      owned = ownership(real);
    } catch (e) {
      owned = { problem: `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
    }
    if ('problem' in owned) refuse(resolved(owned.problem), owned.fix?.(source));
    else plan = { real, ...owned };
  }

  // Only once the directory itself is fine: a different one may well put the state outside.
  const backend = target.backend;
  // Terraform is handed the state path relative to a stack directory (src/providers/backend.ts
  // works it out lexically), and the system resolves it through symlinks: both readings stay out.
  const stateDir = backend?.type === 'local' ? backend.stateDir : undefined;
  const statePaths = stateDir === undefined ? [] : [physicalPath(stateDir, cwd), path.resolve(cwd, stateDir)];
  if (plan !== undefined && statePaths.some((p) => within(p, real) || within(p, path.resolve(cwd, outdir)))) {
    problems.push({ path: 'backend.stateDir', message: `is inside the output directory ${outdir}, which every synth replaces`, value: stateDir, fix: 'Keep state outside it, e.g. stateDir: . or state/' });
  }
  return problems.length > 0 ? { problems } : { plan, problems };
}

function ownDirectory(source: string): string {
  return source.startsWith('--') ? `Pass ${source} a directory of its own, e.g. ${source} cdktf.out` : `Set ${source} to a directory of its own, e.g. cdktf.out`;
}

/** Why a directory can never be an output, if it cannot. */
function dangerOf(real: string, cwd: string, configFile: string | undefined): string | undefined {
  const homes = homeDirectories();
  // The config file where it is named and, when that is a symlink, where it really is.
  const configs = configFile === undefined ? [] : [path.join(physicalPath(path.dirname(configFile), cwd), path.basename(configFile)), physicalPath(configFile, cwd)];
  if (path.parse(real).root === real) return 'is the filesystem root';
  if (real.split(path.sep).includes('.git')) return 'is inside a .git directory';
  if (real === cwd) return 'is the working directory';
  if (configs.some((config) => real === path.dirname(config))) return `is the directory of the config file ${configFile}`;
  if (homes.includes(real)) return 'is the home directory';
  if (within(cwd, real)) return 'contains the working directory';
  if (configs.some((config) => within(config, real))) return `contains the config file ${configFile}`;
  if (homes.some((home) => within(home, real))) return 'contains the home directory';
  return undefined;
}

/**
 * Whose an existing directory's entries are: what the marker claims (and is where eksguard puts it),
 * or, without a marker, everything when it is empty or shaped exactly like an earlier output.
 */
function ownership(dir: string): Omit<OutputPlan, 'real'> | { problem: string; fix?: (source: string) => string } {
  const entries = readdirSync(dir).sort();
  if (entries.length === 0) return { state: 'empty', owned: new Set() };
  const moveAway = (what: string) => (source: string) => `Move ${what} out of the directory, or ${lowerFirst(newOrEmpty(source))}`;
  if (!entries.includes(MARKER_FILE)) {
    if (isEarlierOutput(dir, entries)) return { state: 'earlier', owned: new Set(entries) };
    return {
      problem: `is a directory eksguard did not write (it has no ${MARKER_FILE} marker) and holds ${listed(dir, entries)}`,
      fix: (source) => `${newOrEmpty(source)}, or move what it holds away; an output of an earlier eksguard, holding only stacks/, manifest.json and eksguard-report.json, is replaced as it is`,
    };
  }
  const claimed = readMarker(path.join(dir, MARKER_FILE));
  if (typeof claimed === 'string') {
    return { problem: `has a ${MARKER_FILE} marker eksguard cannot read (${claimed})`, fix: (source) => `${newOrEmpty(source)}, or remove the directory yourself if it is an output you no longer need` };
  }
  // A marker claims only what a synth writes, and only where it is of the kind a synth writes.
  const owned = new Set(entries.filter((e) => claimed.has(e) && OUTPUT_ENTRIES.has(e) && kindOf(path.join(dir, e)) === OUTPUT_ENTRIES.get(e)));
  const foreign = entries.filter((e) => OUTPUT_ENTRIES.has(e) && !owned.has(e));
  if (foreign.length > 0) return { problem: `holds ${listed(dir, foreign)}, which its ${MARKER_FILE} marker does not list as eksguard's`, fix: moveAway(listed(dir, foreign)) };
  const strays = owned.has('stacks') ? strayStackEntries(dir) : [];
  if (strays.length > 0) return { problem: `holds ${strays.join(', ')} under stacks/, where eksguard writes only stack directories`, fix: moveAway(strays.map((s) => `stacks/${s}`).join(', ')) };
  return { state: 'marked', owned };
}

function newOrEmpty(source: string): string {
  return source.startsWith('--') ? `Pass ${source} a new or empty directory` : `Set ${source} to a new or empty directory`;
}

function lowerFirst(text: string): string {
  return `${text.charAt(0).toLowerCase()}${text.slice(1)}`;
}

/** The marker's claimed entry names, or why it cannot be read. */
function readMarker(file: string): ReadonlySet<string> | string {
  if (kindOf(file) !== 'file') return 'it is not a regular file';
  let marker: unknown;
  try {
    marker = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return 'it is not JSON';
  }
  const m = marker as { tool?: unknown; format?: unknown; entries?: unknown };
  if (typeof marker !== 'object' || marker === null || m.tool !== 'eksguard') return 'it does not name eksguard as its tool';
  if (m.format !== MARKER_FORMAT) return `format ${JSON.stringify(m.format)}, and this eksguard reads format ${MARKER_FORMAT}`;
  if (!Array.isArray(m.entries) || !m.entries.every((e) => typeof e === 'string')) return 'its entries are not a list of names';
  return new Set((m.entries as string[]).map((e) => e.replace(/\/$/, '')));
}

/**
 * An earlier eksguard (before the marker) wrote exactly stacks/ of stack directories each holding
 * cdk.tf.json or cdk.tf, manifest.json with its stacks, and maybe eksguard-report.json.
 */
function isEarlierOutput(dir: string, entries: readonly string[]): boolean {
  if (!entries.includes('stacks') || !entries.includes('manifest.json')) return false;
  if (!entries.every((e) => OUTPUT_ENTRIES.has(e) && kindOf(path.join(dir, e)) === OUTPUT_ENTRIES.get(e))) return false;
  if (strayStackEntries(dir).length > 0) return false;
  const stacks = readdirSync(path.join(dir, 'stacks'));
  if (!stacks.every((s) => ['cdk.tf.json', 'cdk.tf'].some((f) => kindOf(path.join(dir, 'stacks', s, f)) === 'file'))) return false;
  try {
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    return typeof manifest?.stacks === 'object' && manifest.stacks !== null;
  } catch {
    return false;
  }
}

/** Entries of stacks/ that are not real directories (files, symlinks). */
function strayStackEntries(dir: string): string[] {
  const stacks = path.join(dir, 'stacks');
  return readdirSync(stacks).sort().filter((s) => kindOf(path.join(stacks, s)) !== 'directory');
}

function kindOf(p: string): 'directory' | 'file' | 'other' | undefined {
  const stat = lstatOf(p);
  if (stat === undefined) return undefined;
  return stat.isDirectory() ? 'directory' : stat.isFile() ? 'file' : 'other';
}

/** The first few entries, directories with a trailing /. */
function listed(dir: string, entries: readonly string[]): string {
  const shown = entries.slice(0, 5).map((e) => (kindOf(path.join(dir, e)) === 'directory' ? `${e}/` : e));
  return entries.length > shown.length ? `${shown.join(', ')} and ${entries.length - shown.length} more` : shown.join(', ');
}

function lstatOf(p: string): Stats | undefined {
  try {
    return lstatSync(p);
  } catch {
    return undefined;
  }
}

function nearestExisting(p: string): { path: string; stat: Stats } {
  for (let dir = p; ; dir = path.dirname(dir)) {
    const stat = lstatOf(dir);
    if (stat !== undefined) return { path: dir, stat };
    if (path.dirname(dir) === dir) throw new Error(`no part of ${p} exists`);
  }
}

/**
 * The path the operating system would reach, relative to `base` (already real): each existing
 * component is resolved through its symlinks before the next `..` applies; what does not exist
 * yet is joined as written.
 */
export function physicalPath(raw: string, base: string): string {
  const root = path.isAbsolute(raw) ? path.parse(raw).root : '';
  let current = root === '' ? base : path.resolve(root);
  for (const segment of raw.slice(root.length).split(path.sep === '\\' ? /[\\/]+/ : /\/+/)) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      current = path.dirname(current);
      continue;
    }
    const next = path.join(current, segment);
    if (lstatOf(next) === undefined) current = next;
    else {
      try {
        current = realpathSync.native(next);
      } catch {
        current = next; // a symlink to nothing
      }
    }
  }
  return current;
}

/** Whether `child` is `parent` or below it. */
export function within(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/** The home directories: $HOME (what `~` means in a shell) and the account's, when they differ. */
function homeDirectories(): string[] {
  const homes = new Set<string>();
  for (const home of [process.env.HOME, homedir()]) {
    if (home === undefined || home === '') continue;
    try {
      homes.add(realpathSync.native(home));
    } catch {
      // a home that does not exist is no directory to protect
    }
  }
  return [...homes];
}
