/**
 * Reading Terraform from disk for the rule pack: Terraform JSON (`*.tf.json`), HCL (`*.tf`) and plan
 * JSON (`terraform show -json`, recognised by its content whatever the file is named), from a
 * cdktf.out directory, a module directory or files.
 *
 * All configuration files of one directory form one module, as in Terraform: one TfDocument whose
 * blocks each keep their own `file`, so a reference in one file finds its target in another. A plan
 * is a document of its own, with literal values. Inside a directory, `node_modules`, dot-entries
 * (`.terraform`, `.git`) and symlinks are not entered, and every other file is reported as skipped.
 * loadInputs also reads each local module a call names (`source = "./x"`, `"../x"`), wherever it is.
 */
import { createHash } from 'crypto';
import { closeSync, existsSync, lstatSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync } from 'fs';
import * as path from 'path';
import { ConfigShapeError, NormalConfig, normaliseConfig } from './input/config';
import { parseTerraformJson, repeatedKey } from './input/json';
import { hclToJson } from './input/hcl';
import { isPlan, planDocument } from './input/plan';
import { documentOf, FILE_CALL, TfBlock, TfDocument } from './model';

/** The file marking an eksguard output directory (src/app/output-dir.ts). */
const OUTPUT_MARKER = '.eksguard-output';

/** A single file larger than this is refused (the fleet bench's largest stack is a few MiB). */
export const MAX_FILE_BYTES = 256 * 2 ** 20;

export interface LoadOptions {
  /** Called once for each file or directory that is not read, with why (`not Terraform`). */
  readonly onSkip?: (file: string, why: string) => void;
  /**
   * The stack name of the module in a directory given as a path itself (default: the directory's
   * name, or a lone file's). `review` names both sides' root modules alike, so the same resource
   * in `base/` and `head/` has the same key.
   */
  readonly rootName?: string;
  /**
   * The JSON files were written by this process, serialised from objects (eksguard's own synth
   * output, read back at once from its temporary directory), so no key can repeat in them: the
   * scan for repeated keys (input/json) is skipped. Never for files someone else may have written.
   */
  readonly serialised?: boolean;
  /**
   * How documents, their blocks and their digests name each file read (loadTerraform; default: the
   * path as read). Synth reads its temporary output under the names the files will have in the
   * final one, so findings name those. Files are still read, and file() paths resolved, where they are.
   */
  readonly nameFile?: (file: string) => string;
}

type Read =
  | { readonly kind: 'config'; readonly file: string; readonly digest: string; readonly json?: unknown; readonly hcl?: string; readonly vars?: boolean }
  | { readonly kind: 'plan'; readonly file: string; readonly digest: string; readonly json: unknown };

/** The files under the paths, read and classified, sorted; what is not Terraform goes to onSkip. */
function collect(paths: readonly string[], report: (file: string, why: string) => void, roots: Set<string> = new Set(), serialised = false): Read[] {
  const files = new Map<string, string>();
  // An eksguard output's own files (its marker, report and manifest) are known: not listed when not read.
  const own = new Set<string>();
  const onSkip = (file: string, why: string) => (own.has(path.resolve(file)) ? undefined : report(file, why));
  // Inside a directory, symlinks are not followed (a link to /dev/zero, or to a file outside what
  // is checked, is not Terraform of this tree); a path given explicitly may be one.
  const walk = (p: string, given: boolean, root: string) => {
    if (!existsSync(p)) {
      if (!given && lstatSync(p, { throwIfNoEntry: false })?.isSymbolicLink() === true) return onSkip(p, 'a symbolic link to nothing');
      throw new Error(`${p} does not exist`);
    }
    if (!given && lstatSync(p).isSymbolicLink()) {
      // Terraform reads a linked configuration file as its own, so a link is not a way to hide one:
      // one to a file inside the tree checked is read; one to anything else is refused, naming it.
      const target = realpathSync(p);
      const terraformFile = isHclName(p) || isJsonConfigName(p) || isVars(p);
      if (!terraformFile || statSync(target).isDirectory()) return onSkip(p, 'a symbolic link, not followed inside a directory');
      const inside = target === root || target.startsWith(`${root}${path.sep}`);
      if (!inside || !statSync(target).isFile()) throw new Error(`${p} is a symbolic link to ${target}, outside ${root}; Terraform would read it, so check that file explicitly (or replace the link with the file)`);
    }
    const stat = statSync(p);
    if (stat.isDirectory()) {
      if (given) roots.add(path.resolve(p));
      const entries = readdirSync(p).sort();
      if (entries.includes(OUTPUT_MARKER)) for (const f of [OUTPUT_MARKER, 'eksguard-report.json', 'manifest.json']) own.add(path.resolve(p, f));
      for (const entry of entries) {
        const child = path.join(p, entry);
        if (entry === 'node_modules' || entry.startsWith('.')) {
          onSkip(child, lstatSync(child).isDirectory() ? 'directory not entered' : 'not Terraform');
          continue;
        }
        walk(child, false, root);
      }
      return;
    }
    const terraformNamed = isHclName(p) || p.endsWith('.json') || isVars(p);
    if (!stat.isFile()) {
      if (terraformNamed || given) throw new Error(`${p} is not a regular file`);
      return onSkip(p, 'not a regular file');
    }
    // Any other name is read only if it starts like JSON: a plan is a plan whatever it is called.
    if (!terraformNamed && !given) {
      if (!startsLikeJson(p)) return onSkip(p, 'not Terraform');
      if (stat.size > MAX_FILE_BYTES) return onSkip(p, `not read (larger than ${MAX_FILE_BYTES / 2 ** 20} MiB)`);
    }
    if (stat.size > MAX_FILE_BYTES) throw new Error(`${p} is larger than ${MAX_FILE_BYTES / 2 ** 20} MiB, more than any Terraform file eksguard reads`);
    files.set(path.resolve(p), p);
  };
  paths.forEach((p) => walk(p, true, existsSync(p) ? realpathSync(p) : p));
  refuseToolPairs([...files.values()]);
  const out: Read[] = [];
  for (const file of [...new Set(files.values())].sort()) {
    const bytes = readFileSync(file);
    const digest = sha256(bytes);
    const text = bytes.toString('utf8');
    const looksJson = /^\s*[{[]/.test(text);
    if (isVars(file)) {
      // Variable values Terraform reads by itself: they replace the defaults the configuration declares.
      if (!file.endsWith('.json')) out.push({ kind: 'config', file, digest, hcl: text, vars: true });
      else {
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch (e) {
          const at = /position (\d+)/.exec((e as Error).message)?.[1];
          throw new Error(`${file} is not valid JSON${at === undefined ? '' : ` (at character ${at})`}`);
        }
        out.push({ kind: 'config', file, digest, json, vars: true });
      }
      continue;
    }
    if (file.endsWith('.json') || looksJson) {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (e) {
        if (!isJsonConfigName(file) && !isHclName(file)) {
          onSkip(file, 'not Terraform (not valid JSON)');
          continue;
        }
        if (isHclName(file)) {
          out.push({ kind: 'config', file, digest, hcl: text });
          continue;
        }
        // Never echo the file's content: say where it breaks.
        const at = /position (\d+)/.exec((e as Error).message)?.[1];
        throw new Error(`${file} is not valid JSON${at === undefined ? '' : ` (at character ${at})`}`);
      }
      // A plan is a plan whatever its name (renamed to .tf.json it would otherwise read as an empty configuration).
      if (isPlan(json)) out.push({ kind: 'plan', file, digest, json });
      // A repeated key is kept, as Terraform keeps it (input/json), never dropped as JSON.parse drops it.
      else if (isJsonConfigName(file) || isHclName(file)) out.push({ kind: 'config', file, digest, json: serialised || repeatedKey(text) === undefined ? json : parseTerraformJson(text) });
      else onSkip(file, 'not Terraform (JSON that is neither a .tf.json file nor a plan)');
    } else if (isHclName(file)) out.push({ kind: 'config', file, digest, hcl: text });
    else onSkip(file, 'not Terraform');
  }
  return out;
}

/** Configuration file names: Terraform's `.tf` / `.tf.json` and OpenTofu's `.tofu` / `.tofu.json`. */
const isHclName = (file: string) => file.endsWith('.tf') || file.endsWith('.tofu');
const isJsonConfigName = (file: string) => file.endsWith('.tf.json') || file.endsWith('.tofu.json');

/**
 * OpenTofu reads `x.tofu` instead of `x.tf` (and `x.tofu.json` instead of `x.tf.json`); Terraform
 * ignores `.tofu` files. A directory that holds both is two different configurations depending on
 * the tool, so it is refused, naming the pair, rather than read as either.
 */
function refuseToolPairs(files: readonly string[]): void {
  const set = new Set(files.map((f) => path.resolve(f)));
  const tfDirs = new Set(files.filter((f) => /\.tf(\.json)?$/.test(f)).map((f) => path.dirname(path.resolve(f))));
  for (const f of files) {
    const tf = path.resolve(f).replace(/\.tofu(\.json)?$/, '.tf$1');
    if (tf === path.resolve(f)) continue;
    if (set.has(tf)) throw new Error(`${f} and ${path.basename(tf)}: OpenTofu reads the .tofu file and Terraform the .tf file, so the directory is a different configuration for each; check each tool's files in a directory of their own`);
    // Terraform ignores every .tofu file; OpenTofu reads it with the .tf files (an override among them).
    if (tfDirs.has(path.dirname(path.resolve(f)))) throw new Error(`${f} sits among .tf files: OpenTofu reads it and Terraform does not, so the directory is a different configuration for each; keep each tool's files in a directory of their own`);
  }
}

/** Whether a file's first bytes are `{` or `[` after whitespace (read without reading the whole file). */
function startsLikeJson(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(4096);
    const n = readSync(fd, new Uint8Array(head.buffer, head.byteOffset, head.byteLength), 0, head.byteLength, 0);
    return /^\s*[{[]/.test(head.subarray(0, n).toString('utf8'));
  } finally {
    closeSync(fd);
  }
}

/**
 * Files of variable values Terraform loads without being asked, in the order it applies them (a
 * later one wins): `terraform.tfvars`, `terraform.tfvars.json`, then `*.auto.tfvars[.json]` by name.
 */
const isVars = (file: string) => /^(terraform|.+\.auto)\.tfvars(\.json)?$/.test(path.basename(file));
const varsOrder = (file: string) => { const b = path.basename(file); return b === 'terraform.tfvars' ? '0' : b === 'terraform.tfvars.json' ? '1' : `2${b}`; };

const isOverride = (file: string) => /(^|_)override\.(tf|tofu)(\.json)?$/.test(path.basename(file));

/** Every block of a normalised configuration by address (`data.` for data sources, `module.` for module calls), with its body. */
function* addresses(config: NormalConfig): Generator<[string, Record<string, unknown>]> {
  for (const kind of ['resource', 'data'] as const) {
    for (const [type, byName] of Object.entries(config[kind])) for (const [name, body] of Object.entries(byName)) yield [kind === 'data' ? `data.${type}.${name}` : `${type}.${name}`, body];
  }
  for (const [name, body] of Object.entries(config.module)) yield [`module.${name}`, body];
}

/** Own properties copied as data (a key `__proto__` is a key, never the prototype). */
function assign(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(source)) Object.defineProperty(target, k, { value: v, enumerable: true, writable: true, configurable: true });
}

const stem = (file: string) => path.basename(file).replace(/(\.tf|\.tofu)?\.json$|\.tf$|\.tofu$/, '');

/** One document per directory of configuration files, one per plan. */
function assemble(reads: readonly Read[], jsonOf: (r: Read & { kind: 'config' }) => unknown, root?: { readonly name: string; readonly dirs: Set<string> }, calls?: ReadonlyMap<string, ReadonlyArray<Record<string, unknown>>>, name: (file: string) => string = (file) => file): TfDocument[] {
  // Each document with the path it was read from: the order is the paths' (whatever nameFile names them).
  const docs: Array<[string, TfDocument]> = [];
  const modules = new Map<string, Array<Read & { kind: 'config' }>>();
  for (const r of reads) {
    if (r.kind === 'plan') docs.push([r.file, planDocument(r.json, stem(r.file), name(r.file), r.digest)]);
    else {
      const dir = path.dirname(path.resolve(r.file));
      const files = modules.get(dir);
      if (files === undefined) modules.set(dir, [r]);
      else files.push(r);
    }
  }
  for (const [resolved, files] of modules) {
    // One file keeps the name it always had (cdktf.out/stacks/<stack>/cdk.tf.json or, from synth --hcl, cdk.tf: the stack); a module of several, its directory's.
    const configFiles = files.filter((r) => r.vars !== true);
    const single = configFiles.length === 1 ? configFiles[0].file : undefined;
    const dir = path.dirname(files[0].file);
    const stack = root?.dirs.has(resolved) ? root.name : single !== undefined && !['cdk.tf.json', 'cdk.tf'].includes(path.basename(single)) ? stem(single) : path.basename(resolved);
    const blocks: TfBlock[] = [];
    const locals: Record<string, unknown> = Object.create(null);
    const digests: Record<string, string> = {};
    const configOf = (r: Read & { kind: 'config' }) => {
      try {
        return normaliseConfig(jsonOf(r));
      } catch (e) {
        if (e instanceof ConfigShapeError) throw new Error(`${r.file}: ${e.message}`);
        throw e;
      }
    };
    // As Terraform: override files (override.tf, *_override.tf[.json]) last, in name order, each
    // replacing the attributes (and nested blocks, by type) of a block another file declares.
    const primary = files.filter((r) => !isOverride(r.file) && r.vars !== true);
    const valueFiles = files.filter((r) => r.vars === true).sort((a, b) => (varsOrder(a.file) < varsOrder(b.file) ? -1 : 1));
    const variables: Record<string, unknown> = Object.create(null);
    const overrides = files.filter((r) => isOverride(r.file) && r.vars !== true).sort((a, b) => (path.basename(a.file) < path.basename(b.file) ? -1 : 1));
    const declared = new Map<string, { file: string; body: Record<string, unknown> }>();
    const read: Array<[Read & { kind: 'config' }, NormalConfig]> = [];
    // Addresses are indexed to find one declared by two files and the block an override file replaces: not needed for one file alone.
    const indexAddresses = primary.length > 1 || overrides.length > 0;
    for (const r of primary) {
      const config = configOf(r);
      if (indexAddresses) for (const [address, body] of addresses(config)) {
        const first = declared.get(address);
        if (first !== undefined) throw new Error(`${r.file}: ${address} is also declared in ${first.file}`);
        declared.set(address, { file: r.file, body });
      }
      for (const k of Object.keys(config.locals)) if (Object.hasOwn(locals, k)) throw new Error(`${r.file}: local.${k} is also declared in another file of ${dir}`);
      assign(locals, config.locals);
      for (const k of Object.keys(config.variables)) if (Object.hasOwn(variables, k)) throw new Error(`${r.file}: var.${k} is also declared in another file of ${dir}`);
      assign(variables, config.variables);
      read.push([r, config]);
    }
    for (const r of overrides) {
      const config = configOf(r);
      for (const [address, body] of addresses(config)) {
        const target = declared.get(address);
        if (target === undefined) throw new Error(`${r.file}: overrides ${address}, which no other file of ${dir} declares`);
        assign(target.body, body);
      }
      assign(locals, config.locals);
      for (const [k, v] of Object.entries(config.variables)) if (v !== undefined) assign(variables, { [k]: v });
      digests[name(r.file)] = r.digest;
    }
    // Terraform reads tfvars files only for the root module: a called module's are not its values.
    const calledModule = calls?.has(realDir(resolved)) === true && root?.dirs.has(resolved) !== true;
    for (const r of calledModule ? [] : valueFiles) {
      const values = jsonOf(r);
      if (values === null || typeof values !== 'object' || Array.isArray(values)) throw new Error(`${r.file}: variable values are not an object`);
      assign(variables, values as Record<string, unknown>);
      digests[name(r.file)] = r.digest;
    }
    for (const [r, config] of read) {
      // One at a time: a spread of a large file's blocks would overflow the stack.
      for (const b of documentOf(config, stack, name(r.file)).blocks) blocks.push(b);
      digests[name(r.file)] = r.digest;
    }
    const called = calls?.get(realDir(resolved));
    if (called !== undefined && called.length > 0) applyCallArguments(variables, called);
    const fileDigests = filesRead(blocks, locals, path.resolve(dir));
    docs.push([single ?? dir, { stack, file: name(single ?? dir), blocks, locals, variables, digests, ...(Object.keys(fileDigests).length > 0 ? { files: fileDigests } : {}), ...(single !== undefined ? { digest: configFiles[0].digest } : {}) }]);
  }
  return docs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, d]) => d);
}

/** The files a module's blocks and locals read, each path argument → the SHA-256 of the content (`(absent)`, `(not read: …)`). */
function filesRead(blocks: readonly TfBlock[], locals: Record<string, unknown>, dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      if (!v.includes('(')) return;
      for (const m of v.matchAll(FILE_CALL)) {
        const arg = m[1];
        if (arg in out) continue;
        // path.module, path.root and path.cwd are the module's directory when it is the root; any other interpolation only Terraform knows.
        const rel = arg.replace(/\$\{\s*path\.(module|root|cwd)\s*\}/g, '.');
        if (rel.includes('${')) {
          out[arg] = '(not read: the path is an expression)';
          continue;
        }
        const file = path.resolve(dir, rel);
        try {
          const stat = statSync(file);
          out[arg] = !stat.isFile() ? '(not a file)' : stat.size > MAX_FILE_BYTES ? '(not read: too large)' : sha256(readFileSync(file));
        } catch {
          out[arg] = '(absent)';
        }
      }
    } else if (Array.isArray(v)) {
      for (const x of v) visit(x);
    } else if (v !== null && typeof v === 'object') {
      for (const k of Object.keys(v)) visit((v as Record<string, unknown>)[k]);
    }
  };
  for (const b of blocks) visit(b.body);
  visit(locals);
  return out;
}

/**
 * Terraform JSON and plans under the paths (synchronous: HCL needs loadInputs). Each document
 * carries the SHA-256 of the bytes of each file it was read from (`digests`; `digest` for one file).
 */
export function loadTerraform(paths: readonly string[], options: LoadOptions = {}): TfDocument[] {
  const roots = new Set<string>();
  const reads = collect(paths, options.onSkip ?? (() => undefined), roots, options.serialised === true);
  const jsonOf = (r: Read & { kind: 'config' }) => {
    if (r.hcl !== undefined) throw new Error(`${r.file} is HCL; read it with loadInputs`);
    return r.json;
  };
  return assemble(reads, jsonOf, options.rootName === undefined ? undefined : { name: options.rootName, dirs: roots }, undefined, options.nameFile);
}

/** Terraform JSON, HCL and plans under the paths: what `eksguard check` and `review` read. */
export async function loadInputs(paths: readonly string[], options: LoadOptions = {}): Promise<TfDocument[]> {
  const roots = new Set<string>();
  const onSkip = options.onSkip ?? (() => undefined);
  const reads = collect(paths, onSkip, roots);
  const converted = new Map<string, unknown>();
  const jsonOf = (r: Read & { kind: 'config' }) => (r.hcl !== undefined ? converted.get(r.file) : r.json);
  const readFiles = new Set(reads.map((r) => path.resolve(r.file)));
  // Local modules (`source = "./x"`, `"../x"`) are read too, wherever they are (a dot-directory, outside the
  // paths given): a module call would otherwise hide what it creates from check and review. A module
  // directory is known by its real path, so a call through a symbolic link is the same module.
  const entered = new Set(reads.map((r) => realDir(path.dirname(path.resolve(r.file)))));
  // Every module call of every directory read: its primary body, then its override files' (as Terraform merges them).
  const callBodies = new Map<string, Map<string, { base?: Record<string, unknown>; overrides: Array<[string, Record<string, unknown>]> }>>();
  let pending = reads;
  for (let round = 0; round < 32 && pending.length > 0; round++) {
    // One at a time: the converter is a single WebAssembly instance.
    for (const r of pending) if (r.kind === 'config' && r.hcl !== undefined) converted.set(r.file, await hclToJson(r.file, r.hcl));
    const dirs: string[] = [];
    const callers = new Set<string>();
    for (const r of pending) {
      if (r.kind !== 'config' || r.vars === true) continue;
      const caller = path.dirname(path.resolve(r.file));
      callers.add(caller);
      const byName = callBodies.get(caller) ?? new Map();
      callBodies.set(caller, byName);
      for (const [name, body] of moduleCalls(jsonOf(r))) {
        const entry = byName.get(name) ?? { overrides: [] };
        byName.set(name, entry);
        if (isOverride(r.file)) entry.overrides.push([r.file, body]);
        else entry.base = body;
      }
    }
    for (const caller of callers) {
      for (const [name, source] of mergedCalls(callBodies.get(caller)!)) {
        if (typeof source.source !== 'string') continue;
        if (path.isAbsolute(source.source)) {
          onSkip(`${caller}${path.sep}(module.${name})`, `module source ${source.source} is an absolute path, not read; check that directory explicitly`);
          continue;
        }
        if (!/^\.\.?\//.test(source.source) || source.source.includes('${')) continue;
        const dir = realDir(path.resolve(caller, source.source));
        if (entered.has(dir) || !existsSync(dir) || !statSync(dir).isDirectory()) continue;
        entered.add(dir);
        dirs.push(dir);
      }
    }
    pending = dirs.length === 0 ? [] : collect(dirs, onSkip).filter((r) => !readFiles.has(path.resolve(r.file)));
    for (const r of pending) {
      readFiles.add(path.resolve(r.file));
      entered.add(realDir(path.dirname(path.resolve(r.file))));
      reads.push(r);
    }
  }
  // The arguments each local module directory (real path) is called with, overrides merged.
  const calls = new Map<string, Array<Record<string, unknown>>>();
  for (const [caller, byName] of callBodies) {
    for (const [, merged] of mergedCalls(byName)) {
      if (typeof merged.source !== 'string' || !/^\.\.?\//.test(merged.source) || merged.source.includes('${')) continue;
      const { source, count: _c, for_each: _f, providers: _p, depends_on: _d, version: _v, ...args } = merged;
      const dir = realDir(path.resolve(caller, source as string));
      calls.set(dir, [...(calls.get(dir) ?? []), args]);
    }
  }
  return withModuleDigests(assemble(reads, jsonOf, options.rootName === undefined ? undefined : { name: options.rootName, dirs: roots }, calls));
}

/** A directory's real path (symbolic links resolved), or the path itself when it does not exist. */
function realDir(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return dir;
  }
}

/** Each module call of a directory: its primary body with its override files' bodies merged over it, in file-name order. */
function mergedCalls(byName: Map<string, { base?: Record<string, unknown>; overrides: Array<[string, Record<string, unknown>]> }>): Array<[string, Record<string, unknown>]> {
  return [...byName].map(([name, e]) => [name, Object.assign({}, e.base ?? {}, ...e.overrides.sort((a, b) => (path.basename(a[0]) < path.basename(b[0]) ? -1 : 1)).map(([, body]) => body))]);
}

/** Each document with the digest of every local module it calls (see TfDocument.modules). */
function withModuleDigests(docs: TfDocument[]): TfDocument[] {
  const all = docs.flatMap((d) => Object.entries(d.digests ?? {}).map(([file, digest]) => [path.join(realDir(path.dirname(path.resolve(file))), path.basename(file)), digest] as const)).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  return docs.map((d) => {
    const modules: Record<string, string> = {};
    for (const b of d.blocks) {
      const source = b.kind === 'module' ? b.body?.source : undefined;
      if (typeof source !== 'string' || !/^\.\.?\//.test(source)) continue;
      // The real directory: a call through a symbolic link digests what the link points at.
      const dir = realDir(path.resolve(path.dirname(b.file), source)) + path.sep;
      // Paths relative to the module's directory, so the same module on two sides has the same digest.
      const under = all.filter(([file]) => file.startsWith(dir)).map(([file, digest]) => `${path.relative(dir, file)} ${digest}`);
      modules[b.name] = sha256(Buffer.from(under.join('\n')));
    }
    return Object.keys(modules).length > 0 ? { ...d, modules } : d;
  });
}

/** The `source` of each module call of a configuration file that is a local path (`./x`, `../x`). */
function moduleCalls(json: unknown): Array<[string, Record<string, unknown>]> {
  let config: NormalConfig;
  try {
    config = normaliseConfig(json);
  } catch {
    return []; // assemble reports the shape error with the file's name
  }
  return Object.entries(config.module);
}

/**
 * A called module's variables as its calls set them: the value every call passes (or leaves to the
 * default) when they agree and it is literal; otherwise unknown, so what reads it is not analysable
 * rather than read through a default no call uses.
 */
function applyCallArguments(variables: Record<string, unknown>, calls: ReadonlyArray<Record<string, unknown>>): void {
  for (const name of Object.keys(variables)) {
    const values = calls.map((args) => (Object.hasOwn(args, name) ? args[name] : variables[name]));
    const texts = new Set(values.map((v) => JSON.stringify(v) ?? 'undefined'));
    const literal = values.every((v) => !(JSON.stringify(v) ?? '').includes('${'));
    variables[name] = texts.size === 1 && literal ? values[0] : undefined;
  }
}

/** Resources in the documents (a role's inline_policy and managed_policy_arns entries are part of the role). */
export function resourceCount(docs: readonly TfDocument[]): number {
  return docs.reduce((n, d) => n + d.blocks.filter((b) => b.kind === 'resource' && !/\.(inline_policy|managed_policy_arns)\[\d+\]$/.test(b.name)).length, 0);
}

/** `sha256:<hex>` of some bytes: how eksguard-report.json names the exact content of a stack file. */
export function sha256(bytes: Buffer): string {
  // A view, not a copy; typed as a plain Uint8Array (@types/node 20's Buffer predates TS 5.7's typed-array generics).
  return `sha256:${createHash('sha256').update(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)).digest('hex')}`;
}
