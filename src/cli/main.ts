/**
 * `eksguard <command>`: synth, check, review, schema and migrate-aws-auth. Problems go to stderr, one line each; exit 1 on a bad
 * config (nothing written), 2 on bad usage.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import { z } from 'zod';
import { ConfigError, formatProblem, formatWarning, type Problem } from '../config/problems';
import { platformSchema } from '../config/schema';
import { EXAMPLE_CONFIG_PATH, loadConfigFile } from '../config/load';
import { GuardrailError, REPORT_FILE, reportAcknowledgements, type ReportAcknowledgements } from '../app/guardrails';
import { planOutput } from '../app/output-dir';
import { synthesize } from '../app/synth';
import { Finding, loadInputs, planSides, resourceCount, RuleRun, RULES, runRules, TfDocument } from '../rules';
import { MAX_FILE_BYTES } from '../rules/load';
import { isPlan } from '../rules/input/plan';
import { ConfigLines } from '../rules/input/config-lines';
import { formatFinding, formatJson, formatMarkdown, formatMultiple, formatSarif, formatStale, formatText } from '../rules/format';
import { review, reviewMarkdown } from '../review/review';
import { migrateAwsAuth, renderMigration } from '../migrate/aws-auth';
import { lineOf, sarifTargetProblem, synthSarif, writeSarif } from './sarif';
import { packageFile, packageVersion } from '../package/files';
import { formatRules, formatRulesJson } from './rules';

const HELP_FILE = packageFile('help');

/** What one command accepts: its options (all long, `--name`), for `node:util` parseArgs. */
interface CommandSpec {
  readonly options: Readonly<Record<string, { readonly type: 'string' | 'boolean' }>>;
  /** Whether it takes positional arguments. */
  readonly positionals: boolean;
}

const str = { type: 'string' } as const;
const bool = { type: 'boolean' } as const;

/** Every command and its options; `--help` (`-h`) is accepted by each. The `help` file documents them. */
export const COMMANDS: Readonly<Record<string, CommandSpec>> = {
  synth: { options: { config: str, out: str, hcl: bool, sarif: str }, positionals: false },
  check: { options: { format: str, 'trust-policy-max-chars': str, 'no-acknowledgements': bool, 'allow-empty': bool }, positionals: true },
  review: { options: { base: str, head: str, plan: str, format: str, 'fail-on': str, 'allow-empty-base': bool }, positionals: true },
  rules: { options: { format: str }, positionals: false },
  schema: { options: {}, positionals: false },
  'migrate-aws-auth': { options: {}, positionals: true },
  help: { options: {}, positionals: true },
};

interface Parsed {
  command: string;
  flags: Map<string, string>;
  positional: string[];
  /** `<command> --help` (or `-h`). */
  help: boolean;
}

class UsageError extends Error {}

/**
 * The command line, read by `node:util` parseArgs against the command's options. Every problem is a
 * UsageError (exit 2): an unknown command or option, a value given to a switch, a missing value.
 */
export function parseCommandLine(argv: readonly string[]): Parsed {
  const [first = 'help', ...rest] = argv;
  if (first === '--version' || first === '-v') {
    if (rest.length > 0) throw new UsageError(`--version takes nothing else (got ${rest[0]})`);
    return { command: 'version', flags: new Map(), positional: [], help: false };
  }
  const command = first === '--help' || first === '-h' ? 'help' : first;
  const spec = COMMANDS[command];
  if (spec === undefined || !Object.prototype.hasOwnProperty.call(COMMANDS, command)) {
    throw new UsageError(`unknown command "${command}"; commands: ${Object.keys(COMMANDS).join(', ')} (eksguard help, eksguard <command> --help)`);
  }
  const options = { ...spec.options, help: { type: 'boolean', short: 'h' } } as const;
  const allowed = () => Object.keys(options).map((o) => `--${o}`).join(', ');
  const { tokens } = parseArgs({ args: [...rest], options, strict: false, allowPositionals: true, tokens: true });
  const flags = new Map<string, string>();
  const positional: string[] = [];
  let help = false;
  for (const t of tokens) {
    if (t.kind === 'positional') positional.push(t.value);
    else if (t.kind === 'option-terminator') continue;
    else {
      const name = t.name;
      const type = Object.prototype.hasOwnProperty.call(options, name) ? options[name as keyof typeof options].type : undefined;
      if (type === undefined) throw new UsageError(`unknown option ${t.rawName} for ${command}; allowed: ${allowed()} (see eksguard ${command} --help)`);
      if (type === 'boolean') {
        if (t.value !== undefined) throw new UsageError(`${t.rawName} takes no value (got ${t.rawName}=${t.value})`);
        if (name === 'help') help = true;
        else flags.set(name, 'true');
      } else {
        // A value that looks like another option is a forgotten value (`--out --hcl`), unless written --out=--x.
        if (t.value === undefined || (!t.inlineValue && t.value.startsWith('--'))) throw new UsageError(`${t.rawName} needs a value (${t.rawName} VALUE or ${t.rawName}=VALUE)`);
        flags.set(name, t.value);
      }
    }
  }
  if (!spec.positionals && positional.length > 0 && !help) throw new UsageError(`${command} takes no positional arguments (got ${positional[0]}); see eksguard ${command} --help`);
  return { command, flags, positional, help };
}

/** The help file's section for one command: its usage line and description (the help file is the one source). */
export function commandHelp(command: string): string | undefined {
  const lines = readFileSync(HELP_FILE, 'utf8').split('\n');
  const start = lines.findIndex((l) => l.startsWith(`  ${command}`) && (l.length === command.length + 2 || l[command.length + 2] === ' '));
  if (start < 0) return undefined;
  const body: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('        ')) break;
    body.push(line);
  }
  return `Usage: eksguard ${lines[start].trim()}\n${body.join('\n')}\n  -h, --help  This text.\n`;
}

/** Everything on a readable stream (stdin for `-`), as UTF-8 text. */
async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  stream.setEncoding('utf8');
  let text = '';
  for await (const chunk of stream) text += chunk as string;
  return text;
}

export function runSynth(parsed: Parsed, out: NodeJS.WritableStream, err: NodeJS.WritableStream): number {
  const sarif = parsed.flags.get('sarif');
  // Refused before anything is written: --sarif must not replace a file eksguard did not write (the config, say).
  const sarifRefused = sarif === undefined ? undefined : sarifTargetProblem(sarif);
  if (sarifRefused !== undefined) throw new UsageError(sarifRefused);
  const configFile = parsed.flags.get('config') ?? process.env.EKSGUARD_CONFIG ?? EXAMPLE_CONFIG_PATH;
  const outdir = parsed.flags.get('out') ?? process.env.CDKTF_OUTDIR ?? 'cdktf.out';
  // Problem lines about the output directory name what supplied it (the cdktf CLI sets CDKTF_OUTDIR).
  const source = !parsed.flags.has('out') && process.env.CDKTF_OUTDIR !== undefined ? 'CDKTF_OUTDIR' : '--out';
  const result = loadConfigFile(configFile);
  for (const w of result.warnings) err.write(`${formatWarning(w)}\n`);
  // Every problem at once: the config's, and the output directory's (with the config's backend when it is valid).
  const output = planOutput(outdir, { source, configFile, backend: result.config?.backend });
  // With --sarif FILE a valid SARIF log is written whatever the outcome (problems and guardrail errors included).
  const report = (outcome: Parameters<typeof synthSarif>[1], code: number): number => {
    if (sarif === undefined) return code;
    const failed = writeSarif(sarif, synthSarif(configFile, outcome));
    if (failed === undefined) return code;
    err.write(`eksguard: ${failed}\n`);
    return code === 0 ? 1 : code;
  };
  const refused = (problems: readonly Problem[]) => {
    report({ problems }, 1);
    for (const p of problems) err.write(`${formatProblem(p)}\n`);
    const ofOutput = problems.filter((p) => p.path === source).length;
    const where = [ofOutput < problems.length ? `in ${configFile}` : undefined, ofOutput > 0 ? `${ofOutput < problems.length ? 'and ' : ''}with the output directory ${outdir}` : undefined];
    err.write(`eksguard: ${problems.length} problem(s) ${where.filter((w) => w !== undefined).join(' ')}; nothing was written.\n`);
    return 1;
  };
  if (result.config === undefined || output.plan === undefined) return refused([...result.problems, ...output.problems]);
  try {
    const started = process.hrtime.bigint();
    const synth = synthesize(result.config, outdir, result.warnings, { source, configFile, ...(parsed.flags.has('hcl') ? { hcl: true } : {}) });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    out.write(`eksguard: synthesized ${path.relative(process.cwd(), configFile) || configFile} into ${path.relative(process.cwd(), synth.outdir) || synth.outdir} in ${ms.toFixed(0)} ms\n`);
    for (const s of synth.stacks) out.write(`  ${s.name}: ${s.resources} resources, ${s.dataSources} data sources\n`);
    const g = synth.guardrails;
    for (const f of g.findings) err.write(`${formatFinding(f)}\n`);
    writeAcknowledgementWarnings(g, err);
    out.write(`  guardrails: ${g.findings.length} warning(s), ${g.acknowledged.length} acknowledged, ${g.stale.length} stale acknowledgement(s); report in ${path.join(path.relative(process.cwd(), synth.outdir) || synth.outdir, REPORT_FILE)}\n`);
    if (synth.kept.length > 0) out.write(`  kept ${synth.kept.length} entr${synth.kept.length === 1 ? 'y' : 'ies'} eksguard did not write: ${synth.kept.join(', ')}\n`);
    if (synth.warnings.length > 0) out.write(`  ${synth.warnings.length} warning(s): see above\n`);
    return report({ run: g }, 0);
  } catch (e) {
    if (e instanceof GuardrailError) {
      for (const f of e.findings) err.write(`${formatFinding(f)}\n`);
      // An acknowledgement refused for covering too much is why some of these are open: say so.
      writeAcknowledgementWarnings(e.run, err);
      err.write(`eksguard: ${e.findings.length} guardrail error(s); nothing was written${sarif !== undefined ? ` but ${sarif}` : ''}. Fix them, or acknowledge one with a reason under acknowledgements (rule, target, reason).\n`);
      return report({ run: e.run }, 1);
    }
    if (e instanceof ConfigError) return refused(e.problems);
    throw e;
  }
}

/** Acknowledgements covering several findings (on every run) and stale ones, one warning line each. */
function writeAcknowledgementWarnings(run: RuleRun, err: NodeJS.WritableStream): void {
  for (const m of run.multiple) err.write(`${formatMultiple(m)}\n`);
  for (const st of run.stale) err.write(`${formatStale(st)}\n`);
}

export async function runMigrateAwsAuth(parsed: Parsed, out: NodeJS.WritableStream, err: NodeJS.WritableStream, stdin: NodeJS.ReadableStream): Promise<number> {
  if (parsed.positional.length !== 1) throw new UsageError('migrate-aws-auth takes one file, or - for stdin: the aws-auth ConfigMap (kubectl -n kube-system get configmap aws-auth -o yaml)');
  const file = parsed.positional[0];
  let text: string;
  try {
    text = file === '-' ? await readAll(stdin) : readFileSync(file, 'utf8');
  } catch (e) {
    err.write(`eksguard: cannot read ${file === '-' ? 'stdin' : file}: ${(e as Error).message}\n`);
    return 1;
  }
  let migration;
  try {
    migration = migrateAwsAuth(text);
  } catch (e) {
    err.write(`eksguard: ${file === '-' ? 'stdin' : file}: ${(e as Error).message}\n`);
    return 1;
  }
  for (const f of migration.findings) err.write(`finding [${f.path}] ${f.message}\n`);
  out.write(renderMigration(migration));
  err.write(`eksguard: ${migration.entries.length} access entr${migration.entries.length === 1 ? 'y' : 'ies'}, ${migration.findings.length} finding(s)\n`);
  return 0;
}

const FORMATS = ['text', 'json', 'markdown', 'sarif'] as const;

/** Read the inputs of check and review: each file not read is named on stderr, one line each. */
async function readInputs(paths: readonly string[], err: NodeJS.WritableStream, rootName?: string, stdinFile?: string): Promise<TfDocument[]> {
  const rel = (file: string) => (file === stdinFile ? '-' : path.relative(process.cwd(), file) || file);
  return loadInputs(paths, { onSkip: (file, why) => err.write(`skipped ${rel(file)}: ${why}\n`), ...(rootName !== undefined ? { rootName } : {}) });
}

/** `check <dir | file>...`: the rule pack on Terraform JSON, HCL and plan JSON; exit 1 on error findings or no resources. */
export async function runCheck(parsed: Parsed, out: NodeJS.WritableStream, err: NodeJS.WritableStream, stdin?: NodeJS.ReadableStream): Promise<number> {
  if (!parsed.positional.includes('-')) return checkPaths(parsed, parsed.positional, out, err);
  // `-`: one Terraform JSON, HCL or plan JSON document on stdin (`terraform show -json plan.out | eksguard check -`),
  // checked as a lone file named stdin in a private temporary directory, and named `-` in the output.
  if (parsed.positional.filter((p) => p === '-').length > 1) throw new UsageError('- (stdin) can be given once');
  if (stdin === undefined) throw new UsageError('- (stdin) is not available here');
  const text = await readAll(stdin);
  const dir = mkdtempSync(path.join(tmpdir(), 'eksguard-stdin-'));
  try {
    let json = true;
    try {
      JSON.parse(text);
    } catch {
      json = false;
    }
    const file = path.join(dir, json ? 'stdin.tf.json' : 'stdin.tf');
    writeFileSync(file, text, { mode: 0o600 });
    // Every line names stdin as `-`, never the temporary file it was read through (the directory's name is unique).
    const named = (stream: NodeJS.WritableStream) => ({ write: (chunk: string) => stream.write(chunk.split(file).join('-')) }) as NodeJS.WritableStream;
    return await checkPaths(parsed, parsed.positional.map((p) => (p === '-' ? file : p)), named(out), named(err), file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function checkPaths(parsed: Parsed, paths: readonly string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream, stdinFile?: string): Promise<number> {
  const format = (parsed.flags.get('format') ?? 'text') as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  if (parsed.positional.length === 0) throw new UsageError('check takes one or more directories (cdktf.out, a stack or module directory) or files (.tf, .tf.json, plan JSON)');
  const maxChars = parsed.flags.has('trust-policy-max-chars') ? Number(parsed.flags.get('trust-policy-max-chars')) : undefined;
  if (maxChars !== undefined && !(maxChars >= 2048 && maxChars <= 8192)) throw new UsageError('--trust-policy-max-chars must be 2048-8192');
  const ignoreAcknowledgements = parsed.flags.has('no-acknowledgements');
  let docs;
  try {
    docs = await readInputs(paths, err, undefined, stdinFile);
  } catch (e) {
    err.write(`eksguard: ${(e as Error).message}\n`);
    return 1;
  }
  const resources = resourceCount(docs);
  const files = docs.reduce((n, d) => n + Object.keys(d.digests ?? { [d.file]: '' }).length, 0);
  const checked = `eksguard check: ${resources} resource${resources === 1 ? '' : 's'} checked in ${files} file${files === 1 ? '' : 's'}`;
  if (resources === 0) {
    // Nothing checked is never a silent pass.
    err.write(`${checked}${parsed.flags.has('allow-empty') ? '' : ' (exit 1; pass --allow-empty if that is expected)'}\n`);
    if (!parsed.flags.has('allow-empty')) return 1;
  }
  const rel = (file: string) => (file === stdinFile ? '-' : path.relative(process.cwd(), file) || file);
  // An eksguard output's report acknowledges findings only in the files it is bound to, by digest.
  const fromReports = ignoreAcknowledgements ? { acknowledgements: [], warnings: [], configs: [] } : reportAcknowledgements(docs, rel);
  for (const w of fromReports.warnings) err.write(`${w}\n`);
  const run = runRules(RULES, docs, { acknowledgements: fromReports.acknowledgements, trustPolicyMaxChars: maxChars });
  if (format === 'json') out.write(formatJson(run));
  else if (format === 'markdown') out.write(formatMarkdown(run));
  else if (format === 'sarif') {
    const uri = (file: string) => rel(file).split(path.sep).join('/');
    const configLines = new ConfigLines();
    out.write(
      formatSarif(run, RULES, (f) => {
        const config = configOf(fromReports.configs, f);
        const line = config === undefined ? undefined : configLines.line(config.configFile, config.configPath);
        return {
          uri: uri(f.file),
          line: lineOf(f.file, f.address),
          ...(config !== undefined && line !== undefined ? { config: { uri: uri(config.configFile), line, path: config.configPath } } : {}),
        };
      }),
    );
  } else out.write(`${checked}\n${formatText(run)}`);
  return run.findings.some((f) => f.severity === 'error') ? 1 : 0;
}

/** The config field and file a finding comes from, when its file is bound to an eksguard report that records them. */
function configOf(configs: ReportAcknowledgements['configs'], f: Finding): { configFile: string; configPath: string } | undefined {
  const bound = configs.find((c) => c.file === f.file);
  const configPath = f.configPath ?? bound?.paths.get(`${f.stack}/${f.address}`);
  return bound?.configFile !== undefined && configPath !== undefined ? { configFile: bound.configFile, configPath } : undefined;
}

/** `review --base DIR --head DIR` (or `--plan plan.json`): the security diff of two Terraform inputs, or of a plan's before and after. */
export async function runReview(parsed: Parsed, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const emptyBase = parsed.flags.has('allow-empty-base');
  const base = parsed.flags.get('base');
  const head = parsed.flags.get('head');
  const plan = parsed.flags.get('plan');
  if (plan !== undefined && (base !== undefined || head !== undefined)) throw new UsageError('review takes either --plan FILE or --base DIR --head DIR, not both');
  if (plan === undefined && (base === undefined || head === undefined)) throw new UsageError('review needs --base DIR and --head DIR (two Terraform directories or cdktf.out outputs), or --plan FILE (terraform show -json)');
  if (parsed.positional.length > 0) throw new UsageError(`review takes no positional arguments (got ${parsed.positional[0]})`);
  const format = parsed.flags.get('format') ?? 'markdown';
  if (!['markdown', 'json'].includes(format)) throw new UsageError('--format must be markdown or json');
  const failOn = parsed.flags.get('fail-on');
  if (failOn !== undefined && failOn !== 'broadening') throw new UsageError('--fail-on takes broadening');
  let result;
  try {
    if (plan !== undefined) {
      const sides = readPlan(plan);
      result = review([sides.before], [sides.after]);
    } else {
      // The module at --base and the one at --head are one stack, named after the head's directory.
      const root = path.basename(path.resolve(head!)).replace(/(\.tf)?\.json$|\.tf$/, '');
      // --allow-empty-base: a base that does not exist or holds no Terraform (the first pull request, a base
      // that no longer synthesizes) is empty, so everything in the head is new. Never the head.
      const baseMissing = emptyBase && statSync(base!, { throwIfNoEntry: false }) === undefined;
      const [b, h] = [baseMissing ? [] : await readInputs([base!], err, root), await readInputs([head!], err, root)];
      if (emptyBase && b.length === 0) err.write(`eksguard: --base ${base} holds no Terraform; reviewing every resource of the head as new\n`);
      // An empty side (a typo) would read as "nothing changed".
      for (const [flag, docs] of [['--base', b], ['--head', h]] as const) if (docs.length === 0 && !(flag === '--base' && emptyBase)) throw new Error(`${flag} holds no Terraform (.tf, .tf.json or plan JSON)${flag === '--base' ? '; pass --allow-empty-base when the base has none yet' : ''}`);
      result = review(b, h);
    }
  } catch (e) {
    err.write(`eksguard: ${(e as Error).message}\n`);
    return 1;
  }
  out.write(format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : reviewMarkdown(result));
  return failOn === 'broadening' && result.broadening > 0 ? 3 : 0;
}

/** A plan file's before and after sides; anything else is refused, naming the file only. */
function readPlan(file: string): ReturnType<typeof planSides> {
  let json: unknown;
  const stat = statSync(file, { throwIfNoEntry: false });
  if (stat === undefined) throw new Error(`${file} does not exist`);
  if (!stat.isFile()) throw new Error(`${file} is not a regular file`);
  if (stat.size > MAX_FILE_BYTES) throw new Error(`${file} is larger than ${MAX_FILE_BYTES / 2 ** 20} MiB, more than any Terraform file eksguard reads`);
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new Error(`${file} is not valid JSON (--plan reads terraform show -json plan.out)`);
  }
  if (!isPlan(json) || !Array.isArray((json as { resource_changes?: unknown }).resource_changes)) throw new Error(`${file} is not a Terraform plan with resource_changes (--plan reads terraform show -json plan.out)`);
  return planSides(json, path.basename(file).replace(/(\.tf)?\.json$/, ''), file);
}

export function jsonSchema(): object {
  return z.toJSONSchema(platformSchema, { io: 'input', target: 'draft-2020-12' });
}

export async function main(
  argv: string[],
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
  stdin: NodeJS.ReadableStream = process.stdin,
): Promise<number> {
  try {
    const parsed = parseCommandLine(argv);
    if (parsed.help) {
      out.write(commandHelp(parsed.command) ?? readFileSync(HELP_FILE, 'utf8'));
      return 0;
    }
    switch (parsed.command) {
      case 'version':
        out.write(`${packageVersion()}\n`);
        return 0;
      case 'synth':
        return runSynth(parsed, out, err);
      case 'check':
        return await runCheck(parsed, out, err, stdin);
      case 'review':
        return await runReview(parsed, out, err);
      case 'migrate-aws-auth':
        return await runMigrateAwsAuth(parsed, out, err, stdin);
      case 'rules': {
        const format = parsed.flags.get('format') ?? 'text';
        if (format !== 'text' && format !== 'json') throw new UsageError('--format must be text or json');
        out.write(format === 'json' ? formatRulesJson(RULES) : formatRules(RULES));
        return 0;
      }
      case 'schema':
        out.write(`${JSON.stringify(jsonSchema(), null, 2)}\n`);
        return 0;
      default: {
        // help [command]
        const [topic] = parsed.positional;
        if (topic === undefined) out.write(readFileSync(HELP_FILE, 'utf8'));
        else {
          const text = Object.prototype.hasOwnProperty.call(COMMANDS, topic) ? commandHelp(topic) : undefined;
          if (text === undefined) throw new UsageError(`no help for "${topic}"; commands: ${Object.keys(COMMANDS).join(', ')}`);
          out.write(text);
        }
        return 0;
      }
    }
  } catch (e) {
    if (e instanceof UsageError) {
      err.write(`eksguard: ${e.message}\n`);
      return 2;
    }
    // A bug, never a verdict: its own exit code, so CI tells it from findings (1) and widening (3).
    err.write(`eksguard: internal error (a bug in eksguard; please report it with this text): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return EXIT_INTERNAL;
  }
}

/** Exit codes: 0 ok, 1 findings / invalid config / unreadable input, 2 bad usage, 3 widened access (review --fail-on broadening), 4 internal error. */
export const EXIT_INTERNAL = 4;

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
