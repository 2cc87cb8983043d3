/**
 * Runs the GitHub Actions example (examples/github-actions/eksguard-review.yml) on this machine,
 * step by step, against a fixture repository that holds only a config: the same `run:` scripts with
 * bash, the same `if:` conditions, env, working directories, $GITHUB_ENV / $GITHUB_OUTPUT /
 * $GITHUB_STEP_SUMMARY files and continue-on-error, so a change to the workflow or to the CLI that
 * breaks the job fails here first. What needs GitHub is stood in for, and said so:
 * - `actions/checkout`: the head and base directories are copied to where the step puts them;
 * - `actions/setup-node`, `actions/cache`: this machine's Node.js; nothing cached;
 * - `github/codeql-action/upload-sarif`: the SARIF file is read and its shape checked (2.1.0, each
 *   result with a rule, a level, a message and a location);
 * - `gh pr comment`: a `gh` on PATH that records the comment body to `comment.md`;
 * - the install step: EKSGUARD is set to this checkout's `bin/eksguard.js`, which the step keeps.
 *
 *   npx tsx scripts/workflow-local.ts --head <dir> [--base <dir>] [--workflow FILE] [--eksguard CMD]
 *
 * prints each step's outcome and the job's result as JSON; exit 0 when the job succeeds, 1 when it fails.
 */
import { spawnSync } from 'child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '..');
export const WORKFLOW = path.join(ROOT, 'examples', 'github-actions', 'eksguard-review.yml');

export interface LocalRunOptions {
  /** The pull request's head: a directory holding the repository's files (a config). */
  readonly head: string;
  /** The base; absent or a directory without the config for a first pull request. */
  readonly base?: string;
  readonly workflow?: string;
  /** The eksguard command (default: this checkout's bin). */
  readonly eksguard?: string;
  /** A pull request from a fork (read-only token). */
  readonly fork?: boolean;
}

export interface StepResult {
  readonly name: string;
  readonly outcome: 'success' | 'failure' | 'skipped';
  readonly conclusion: 'success' | 'failure' | 'skipped';
  readonly output: string;
}

export interface LocalRun {
  readonly result: 'success' | 'failure';
  readonly steps: StepResult[];
  readonly workspace: string;
  /** The comment `gh pr comment` posted, if any. */
  readonly comment?: string;
  readonly summary: string;
  /** Problems with the uploaded SARIF, if one was uploaded (empty when valid). */
  readonly sarif?: { readonly results: number; readonly problems: string[] };
}

type Ctx = {
  env: Record<string, string>;
  steps: Record<string, { outputs: Record<string, string>; outcome: string; conclusion: string }>;
  failed: boolean;
  workspace: string;
  github: Record<string, unknown>;
  runner: Record<string, string>;
};

/** Run the workflow's one job locally (see the module comment). */
export function runWorkflowLocally(options: LocalRunOptions): LocalRun {
  const workflow = parse(readFileSync(options.workflow ?? WORKFLOW, 'utf8'));
  const jobs = Object.values(workflow.jobs ?? {}) as any[];
  if (jobs.length !== 1) throw new Error('the workflow must have exactly one job');
  const job = jobs[0];
  const sandbox = mkdtempSync(path.join(tmpdir(), 'eksguard-workflow-'));
  const workspace = path.join(sandbox, 'workspace');
  const temp = path.join(sandbox, 'runner-temp');
  const bin = path.join(sandbox, 'bin');
  for (const d of [workspace, temp, bin]) mkdirSync(d, { recursive: true });
  // `gh` stands in for the GitHub API: it records the comment it would post.
  writeFileSync(path.join(bin, 'gh'), `#!/usr/bin/env bash\nset -e\nwhile [ $# -gt 0 ]; do case "$1" in --body-file) cp "$2" "${sandbox}/comment.md"; shift 2;; *) shift;; esac; done\n`);
  chmodSync(path.join(bin, 'gh'), 0o755);
  const summary = path.join(sandbox, 'summary.md');
  writeFileSync(summary, '');
  const repo = 'acme/platform';
  const ctx: Ctx = {
    env: {},
    steps: {},
    failed: false,
    workspace,
    runner: { temp, os: 'Linux' },
    github: {
      repository: repo,
      token: 'local-token',
      event: { pull_request: { number: 1, base: { sha: 'base' }, head: { repo: { full_name: options.fork === true ? 'someone/platform' : repo } } } },
    },
  };
  const eksguard = options.eksguard ?? `node ${path.join(ROOT, 'bin', 'eksguard.js')}`;
  const wrapper = path.join(bin, 'eksguard');
  writeFileSync(wrapper, `#!/usr/bin/env bash\nexec ${eksguard} "$@"\n`);
  chmodSync(wrapper, 0o755);
  const baseEnv: Record<string, string> = {
    PATH: `${bin}:${process.env.PATH ?? ''}`,
    HOME: process.env.HOME ?? sandbox,
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: temp,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_REPOSITORY: repo,
    CI: 'true',
    EKSGUARD: wrapper,
  };
  Object.assign(ctx.env, stringsOf(workflow.env, ctx), stringsOf(job.env, ctx));
  const steps: StepResult[] = [];
  let sarif: LocalRun['sarif'];
  for (const [i, step] of (job.steps as any[]).entries()) {
    const name: string = step.name ?? step.uses ?? `step ${i + 1}`;
    const condition = step.if === undefined ? 'success()' : String(step.if);
    const record = (outcome: StepResult['outcome'], output: string) => {
      const conclusion = outcome === 'failure' && step['continue-on-error'] === true ? 'success' : outcome;
      if (conclusion === 'failure') ctx.failed = true;
      steps.push({ name, outcome, conclusion, output });
      if (step.id !== undefined) ctx.steps[step.id] = { ...(ctx.steps[step.id] ?? { outputs: {} }), outcome, conclusion };
    };
    if (!truthy(evaluate(condition, ctx))) {
      record('skipped', '');
      continue;
    }
    const stepEnv = stringsOf(step.env, ctx);
    const cwd = path.join(workspace, step['working-directory'] === undefined ? '' : interpolate(String(step['working-directory']), ctx));
    if (step.uses !== undefined) {
      const action = String(step.uses).replace(/@.*$/, '');
      const inputs = stringsOf(step.with, ctx);
      if (action === 'actions/checkout') {
        // The head at the workspace root; the base (ref = the base sha) where `path` says.
        const source = inputs.ref === undefined ? options.head : options.base;
        const dest = path.join(workspace, inputs.path ?? '');
        mkdirSync(dest, { recursive: true });
        if (source !== undefined) cpSync(source, dest, { recursive: true });
        record('success', `checked out ${source ?? '(an empty base)'} into ${dest}`);
      } else if (action === 'actions/setup-node' || action === 'actions/cache') {
        record('success', `${action}: this machine's Node.js ${process.version}`);
      } else if (action === 'github/codeql-action/upload-sarif') {
        sarif = checkSarif(path.join(workspace, inputs.sarif_file ?? 'results.sarif'));
        record(sarif.problems.length === 0 ? 'success' : 'failure', sarif.problems.join('\n'));
      } else {
        throw new Error(`the local runner does not know the action ${action}`);
      }
      continue;
    }
    const output = path.join(sandbox, `output-${i}`);
    const envFile = path.join(sandbox, `env-${i}`);
    writeFileSync(output, '');
    writeFileSync(envFile, '');
    const script = interpolate(String(step.run), ctx);
    // As GitHub runs `run:` on Linux: bash --noprofile --norc -eo pipefail.
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
      cwd,
      env: { ...baseEnv, ...ctx.env, ...stepEnv, GITHUB_OUTPUT: output, GITHUB_ENV: envFile },
      encoding: 'utf8',
      timeout: 300_000,
    });
    if (step.id !== undefined) ctx.steps[step.id] = { outputs: keyValues(readFileSync(output, 'utf8')), outcome: '', conclusion: '' };
    Object.assign(ctx.env, keyValues(readFileSync(envFile, 'utf8')));
    record(r.status === 0 ? 'success' : 'failure', `${r.stdout ?? ''}${r.stderr ?? ''}`);
  }
  const commentFile = path.join(sandbox, 'comment.md');
  return {
    result: ctx.failed ? 'failure' : 'success',
    steps,
    workspace,
    summary: readFileSync(summary, 'utf8'),
    ...(existsSync(commentFile) ? { comment: readFileSync(commentFile, 'utf8') } : {}),
    ...(sarif !== undefined ? { sarif } : {}),
  };
}

/** `KEY=value` lines (GITHUB_OUTPUT / GITHUB_ENV; no multi-line values: the workflow writes none). */
function keyValues(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

function stringsOf(map: unknown, ctx: Ctx): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((map ?? {}) as Record<string, unknown>)) out[k] = interpolate(String(v), ctx);
  return out;
}

/** `${{ expr }}` in a string, each replaced by the expression's value as text. */
function interpolate(text: string, ctx: Ctx): string {
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_m, expr: string) => textOf(evaluate(expr, ctx)));
}

const textOf = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'boolean' ? String(v) : String(v));
const truthy = (v: unknown): boolean => v !== undefined && v !== null && v !== false && v !== '' && v !== 0;

/**
 * The subset of the GitHub expression language the workflow uses: context paths (`env.X`,
 * `steps.id.outputs.x`, `github.event...`, `runner.temp`), string literals, `==` / `!=`, `&&`,
 * `||`, `!`, parentheses, and the functions success(), failure(), always(), hashFiles(). Anything
 * else is an error, so the workflow cannot use what this runner does not check.
 */
function evaluate(source: string, ctx: Ctx): unknown {
  const tokens = source.match(/\s*('(?:[^']|'')*'|==|!=|&&|\|\||!|\(|\)|,|[A-Za-z_][\w.-]*|\d+)/g)?.map((t) => t.trim()) ?? [];
  if (tokens.join('') !== source.replace(/\s+/g, '')) throw new Error(`the local runner cannot read the expression ${JSON.stringify(source)}`);
  let i = 0;
  const peek = () => tokens[i];
  const or = (): unknown => {
    let v = and();
    while (peek() === '||') {
      i++;
      const r = and();
      v = truthy(v) ? v : r;
    }
    return v;
  };
  const and = (): unknown => {
    let v = cmp();
    while (peek() === '&&') {
      i++;
      const r = cmp();
      v = truthy(v) ? r : v;
    }
    return v;
  };
  const cmp = (): unknown => {
    let v = unary();
    while (peek() === '==' || peek() === '!=') {
      const op = tokens[i++];
      const r = unary();
      // GitHub compares strings case-insensitively; a missing value is ''.
      const eq = textOf(v).toLowerCase() === textOf(r).toLowerCase();
      v = op === '==' ? eq : !eq;
    }
    return v;
  };
  const unary = (): unknown => {
    if (peek() === '!') {
      i++;
      return !truthy(unary());
    }
    return primary();
  };
  const primary = (): unknown => {
    const t = tokens[i++];
    if (t === undefined) throw new Error(`the expression ${JSON.stringify(source)} ends early`);
    if (t === '(') {
      const v = or();
      if (tokens[i++] !== ')') throw new Error(`unbalanced parentheses in ${JSON.stringify(source)}`);
      return v;
    }
    if (t.startsWith("'")) return t.slice(1, -1).replace(/''/g, "'");
    if (/^\d+$/.test(t)) return Number(t);
    if (peek() === '(') {
      i++;
      const args: unknown[] = [];
      while (peek() !== ')') {
        args.push(or());
        if (peek() === ',') i++;
      }
      i++;
      if (t === 'success') return !ctx.failed;
      if (t === 'failure') return ctx.failed;
      if (t === 'always') return true;
      if (t === 'hashFiles') return args.some((a) => existsSync(path.join(ctx.workspace, textOf(a)))) ? 'hash' : '';
      throw new Error(`the local runner does not know the function ${t}()`);
    }
    const [head, ...rest] = t.split('.');
    const roots: Record<string, unknown> = { env: ctx.env, steps: ctx.steps, github: ctx.github, runner: ctx.runner };
    if (!(head in roots)) throw new Error(`the local runner does not know the context ${head}`);
    return rest.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), roots[head]);
  };
  const v = or();
  if (i !== tokens.length) throw new Error(`unexpected ${tokens[i]} in ${JSON.stringify(source)}`);
  return v;
}

/** What code scanning needs of a SARIF log: version 2.1.0, a tool, and results with a rule, a level, a message and a location. */
function checkSarif(file: string): { results: number; problems: string[] } {
  if (!existsSync(file)) return { results: 0, problems: [`${file} does not exist`] };
  let log: any;
  try {
    log = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return { results: 0, problems: [`${file} is not JSON`] };
  }
  const problems: string[] = [];
  if (log?.version !== '2.1.0') problems.push('version is not 2.1.0');
  const runs = Array.isArray(log?.runs) ? log.runs : [];
  if (runs.length === 0) problems.push('no runs');
  let results = 0;
  for (const run of runs) {
    if (typeof run?.tool?.driver?.name !== 'string') problems.push('a run without tool.driver.name');
    const ids = new Set((run?.tool?.driver?.rules ?? []).map((r: any) => r.id));
    for (const r of run?.results ?? []) {
      results++;
      if (!ids.has(r.ruleId)) problems.push(`result rule ${r.ruleId} is not among the driver's rules`);
      if (!['error', 'warning', 'note', 'none'].includes(r.level)) problems.push(`result level ${r.level}`);
      if (typeof r.message?.text !== 'string' || r.message.text === '') problems.push('a result without a message');
      if (!Array.isArray(r.locations) || r.locations.length === 0) problems.push(`result ${r.ruleId} without a location`);
      for (const l of r.locations ?? []) {
        const uri = l.physicalLocation?.artifactLocation?.uri;
        if (uri !== undefined && (path.isAbsolute(uri) || uri.startsWith('..'))) problems.push(`result ${r.ruleId} points outside the checkout: ${uri}`);
      }
    }
  }
  return { results, problems };
}

if (require.main === module) {
  const { values } = parseArgs({ options: { head: { type: 'string' }, base: { type: 'string' }, workflow: { type: 'string' }, eksguard: { type: 'string' }, fork: { type: 'boolean' } } });
  if (values.head === undefined) {
    process.stderr.write('usage: npx tsx scripts/workflow-local.ts --head <dir> [--base <dir>] [--workflow FILE] [--eksguard CMD] [--fork]\n');
    process.exit(2);
  }
  const run = runWorkflowLocally({ head: values.head, ...(values.base !== undefined ? { base: values.base } : {}), ...(values.workflow !== undefined ? { workflow: values.workflow } : {}), ...(values.eksguard !== undefined ? { eksguard: values.eksguard } : {}), ...(values.fork === true ? { fork: true } : {}) });
  for (const s of run.steps) process.stdout.write(`${s.outcome.padEnd(8)} ${s.name}\n`);
  process.stdout.write(`job: ${run.result} (workspace ${run.workspace})\n`);
  process.exitCode = run.result === 'success' ? 0 : 1;
}
