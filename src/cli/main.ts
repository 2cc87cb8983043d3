/**
 * `eksguard <command>`: synth, schema and migrate-aws-auth. Problems go to stderr, one line each; exit 1 on a bad
 * config (nothing written), 2 on bad usage.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { z } from 'zod';
import { ConfigError, formatProblem, formatWarning } from '../config/problems';
import { platformSchema } from '../config/schema';
import { EXAMPLE_CONFIG_PATH, loadConfigFile } from '../config/load';
import { synthesize } from '../app/synth';
import { migrateAwsAuth, renderMigration } from '../migrate/aws-auth';

const HELP_FILE = path.join(__dirname, '..', '..', 'help');

interface Parsed {
  command: string;
  flags: Map<string, string>;
  positional: string[];
}

function parseArgs(argv: string[]): Parsed {
  const [command = 'help', ...rest] = argv;
  const flags = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      if (eq > 0) flags.set(arg.slice(2, eq), arg.slice(eq + 1));
      else if (i + 1 < rest.length && !rest[i + 1].startsWith('--')) flags.set(arg.slice(2), rest[++i]);
      else flags.set(arg.slice(2), 'true');
    } else positional.push(arg);
  }
  return { command, flags, positional };
}

class UsageError extends Error {}

function expectFlags(parsed: Parsed, allowed: string[]): void {
  for (const flag of parsed.flags.keys()) {
    if (!allowed.includes(flag)) throw new UsageError(`unknown option --${flag} for ${parsed.command}; allowed: ${allowed.map((f) => `--${f}`).join(', ') || 'none'}`);
  }
}

export function runSynth(parsed: Parsed, out: NodeJS.WritableStream, err: NodeJS.WritableStream): number {
  expectFlags(parsed, ['config', 'out']);
  const configFile = parsed.flags.get('config') ?? process.env.EKSGUARD_CONFIG ?? EXAMPLE_CONFIG_PATH;
  const outdir = parsed.flags.get('out') ?? process.env.CDKTF_OUTDIR ?? 'cdktf.out';
  const result = loadConfigFile(configFile);
  for (const w of result.warnings) err.write(`${formatWarning(w)}\n`);
  if (result.config === undefined) {
    for (const p of result.problems) err.write(`${formatProblem(p)}\n`);
    err.write(`eksguard: ${result.problems.length} problem(s) in ${configFile}; nothing was written.\n`);
    return 1;
  }
  try {
    const started = process.hrtime.bigint();
    const synth = synthesize(result.config, outdir, result.warnings);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    out.write(`eksguard: synthesized ${path.relative(process.cwd(), configFile) || configFile} into ${path.relative(process.cwd(), synth.outdir) || synth.outdir} in ${ms.toFixed(0)} ms\n`);
    for (const s of synth.stacks) out.write(`  ${s.name}: ${s.resources} resources, ${s.dataSources} data sources\n`);
    if (synth.warnings.length > 0) out.write(`  ${synth.warnings.length} warning(s): see above\n`);
    return 0;
  } catch (e) {
    if (e instanceof ConfigError) {
      for (const p of e.problems) err.write(`${formatProblem(p)}\n`);
      err.write(`eksguard: ${e.problems.length} problem(s) in ${configFile}; nothing was written.\n`);
      return 1;
    }
    throw e;
  }
}

export function runMigrateAwsAuth(parsed: Parsed, out: NodeJS.WritableStream, err: NodeJS.WritableStream): number {
  expectFlags(parsed, []);
  if (parsed.positional.length !== 1) throw new UsageError('migrate-aws-auth takes one file: the aws-auth ConfigMap (kubectl -n kube-system get configmap aws-auth -o yaml)');
  const file = parsed.positional[0];
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    err.write(`eksguard: cannot read ${file}: ${(e as Error).message}\n`);
    return 1;
  }
  let migration;
  try {
    migration = migrateAwsAuth(text);
  } catch (e) {
    err.write(`eksguard: ${file}: ${(e as Error).message}\n`);
    return 1;
  }
  for (const f of migration.findings) err.write(`finding [${f.path}] ${f.message}\n`);
  out.write(renderMigration(migration));
  err.write(`eksguard: ${migration.entries.length} access entr${migration.entries.length === 1 ? 'y' : 'ies'}, ${migration.findings.length} finding(s)\n`);
  return 0;
}

export function jsonSchema(): object {
  return z.toJSONSchema(platformSchema, { io: 'input', target: 'draft-2020-12' });
}

export function main(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): number {
  const parsed = parseArgs(argv);
  try {
    switch (parsed.command) {
      case 'synth':
        return runSynth(parsed, out, err);
      case 'migrate-aws-auth':
        return runMigrateAwsAuth(parsed, out, err);
      case 'schema':
        expectFlags(parsed, []);
        out.write(`${JSON.stringify(jsonSchema(), null, 2)}\n`);
        return 0;
      case 'help':
      case '--help':
      case '-h':
        out.write(readFileSync(HELP_FILE, 'utf8'));
        return 0;
      default:
        throw new UsageError(`unknown command "${parsed.command}"; run \`npm run eksguard -- help\``);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      err.write(`eksguard: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
