/**
 * The rule pack at synth: run it on the freshly synthesized stacks, accept what the config
 * acknowledges (explicitly, or through a relaxation that carries a reason), fail on the rest, and
 * write the report beside the stacks.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as path from 'path';
import * as os from 'os';
import { HIDDEN_CHARACTER, type PlatformConfig } from '../config/schema';
import { workloadsStackName } from '../naming';
import { AppStamps, collectStamps } from '../terraform/stamps';
import { buildApp } from './build';
import { acknowledge, Acknowledgement, Finding, isTargetProblem, parseTarget, RULES, RuleRun, TfDocument } from '../rules';
import { checkCluster, reportPath, type ClusterCheck, type ClusterCheckJob } from './cluster-check';

export const REPORT_FILE = 'eksguard-report.json';

/** Findings that stop a synth. */
export class GuardrailError extends Error {
  constructor(readonly findings: Finding[], readonly run: RuleRun) {
    super(`${findings.length} guardrail finding(s)`);
  }
}

/**
 * What each relaxation with a reason accepts, so its findings are acknowledged, not errors: read
 * from what the constructs that render relaxations stamped on their resources (src/terraform/stamps.ts),
 * never rebuilt from config names. Every target is one exact `<stack>/<address>`: the resource the
 * relaxation itself writes, in the stack it is written to (a workload's shard), so no relaxation
 * reaches another resource, shard or cluster. Builds the whole App: synth collects the same stamps
 * from the apps it builds anyway (`applyGuardrails`' `stamps`).
 */
export function relaxationAcknowledgements(config: PlatformConfig): Acknowledgement[] {
  return stampsOf(config).acknowledgements;
}

/** The stamps of the whole App built from `config` (cdktf's App makes its output directory: a private temporary one, removed). */
function stampsOf(config: PlatformConfig): AppStamps {
  const outdir = mkdtempSync(path.join(os.tmpdir(), 'eksguard-stamps-'));
  try {
    return collectStamps(buildApp(config, { outdir }));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

export function configAcknowledgements(config: PlatformConfig): Acknowledgement[] {
  return config.acknowledgements.map((a, i) => ({ ...a, source: `acknowledgements[${i}]` }));
}

/**
 * What one cluster's check reads: its cluster, platform and workloads stacks, and its account
 * stacks that were written, with the config paths of their elements.
 */
export function clusterCheckJob(config: PlatformConfig, cluster: PlatformConfig['clusters'][number], outdir: string, finalOutdir: string, configPaths: ReadonlyMap<string, string>, onlyThisCluster = false): ClusterCheckJob {
  const stacks = [cluster.name, `${cluster.name}-platform`, ...Array.from({ length: cluster.sharding.shards }, (_, i) => workloadsStackName(cluster.name, i, cluster.sharding.shards))]
    .concat(Object.keys(config.accounts).map((a) => `${cluster.name}-account-${a}`).filter((s) => existsSync(path.join(outdir, 'stacks', s))));
  const own = new Set(stacks);
  return {
    stackDirs: stacks.map((s) => path.join(outdir, 'stacks', s)),
    outdir,
    finalOutdir,
    trustPolicyMaxChars: config.iam.trustPolicyMaxChars,
    // All of them when the map is this cluster's own (`onlyThisCluster`), otherwise those of its stacks.
    configPaths: onlyThisCluster ? [...configPaths] : [...configPaths].filter(([target]) => own.has(target.slice(0, target.indexOf('/')))),
  };
}

/**
 * Run the pack on a synthesized output directory. Throws GuardrailError on unacknowledged errors;
 * otherwise writes the report and returns the run. `stamps`: what the constructs of the apps that
 * wrote the output stamped (collectStamps): the relaxations' acknowledgements and the config paths.
 * `counts`, when given, receives each stack read: its resources (a role's inline policies not
 * counted apart) and data sources. `checks`: each cluster's check in cluster-name order, when synth
 * ran them as it wrote each cluster (cluster-checks.ts); run here, one cluster at a time, otherwise.
 */
export function applyGuardrails(config: PlatformConfig, outdir: string, finalOutdir: string, configFile: string | undefined, stamps: AppStamps, counts?: Map<string, { resources: number; dataSources: number }>, checks?: readonly ClusterCheck[]): RuleRun {
  const clusters = [...config.clusters].sort((a, b) => (a.name < b.name ? -1 : 1));
  const parts = checks ?? clusters.map((cluster) => checkCluster(clusterCheckJob(config, cluster, outdir, finalOutdir, stamps.configPaths)));
  if (parts.length !== clusters.length) throw new Error(`the rule pack checked ${parts.length} of ${clusters.length} clusters`);
  const findings: Finding[] = [];
  const checked: Record<string, number> = {};
  const digests: Record<string, string> = {};
  for (const part of parts) {
    findings.push(...part.findings);
    for (const [id, n] of Object.entries(part.checked)) checked[id] = (checked[id] ?? 0) + n;
    Object.assign(digests, part.digests);
    for (const [stack, count] of part.counts) counts?.set(stack, count);
  }
  const run: RuleRun = { ...acknowledge(findings, [...configAcknowledgements(config), ...stamps.acknowledgements], process.env.EKSGUARD_TODAY), checked };
  const errors = run.findings.filter((f) => f.severity === 'error');
  if (errors.length > 0) throw new GuardrailError(errors, run);
  writeFileSync(path.join(outdir, REPORT_FILE), `${JSON.stringify(reportOf(run, finalOutdir, digests, configFile), null, 2)}\n`);
  return run;
}

export { reportPath };

/**
 * The report: deterministic (no timestamps), paths relative to the output directory. `digests`
 * binds it to the exact bytes of each stack file the pack read (`stacks/<stack>/cdk.tf.json` →
 * `sha256:<hex>`): `eksguard check` applies its acknowledgements only to files that still match.
 * `config` is the config file synthesized, relative to the output: where SARIF points findings
 * that carry a `configPath`.
 */
export function reportOf(run: RuleRun, outdir: string, digests: Record<string, string> = {}, configFile?: string): object {
  const rel = (f: Finding) => ({ ...f, file: reportPath(outdir, f.file) });
  return {
    rules: RULES.length,
    ...(configFile !== undefined ? { config: reportPath(outdir, path.resolve(configFile)) } : {}),
    digests: Object.fromEntries(Object.entries(digests).sort(([a], [b]) => (a < b ? -1 : 1))),
    findings: run.findings.map(rel),
    acknowledged: run.acknowledged.map((a) => ({ ...rel(a), acknowledgement: a.acknowledgement })),
    stale: run.stale,
    multiple: run.multiple,
  };
}

/**
 * The one place an output's report is looked for, for a stack file: `<out>/stacks/<stack>/cdk.tf.json`
 * → `<out>/eksguard-report.json`. Any other file belongs to no report.
 */
export function reportLocation(file: string): { report: string; outdir: string } | undefined {
  const abs = path.resolve(file);
  const stacksDir = path.dirname(path.dirname(abs));
  if (path.basename(abs) !== 'cdk.tf.json' || path.basename(stacksDir) !== 'stacks') return undefined;
  const outdir = path.dirname(stacksDir);
  return { report: path.join(outdir, REPORT_FILE), outdir };
}

export interface ReportAcknowledgements {
  /** Each pinned to one (rule, file, stack, address) the report acknowledged, in a file whose bytes match its digest. */
  readonly acknowledgements: Acknowledgement[];
  /** `warning [<report>] not applied to <file>: why. fix`, one per report and file it was not applied to. */
  readonly warnings: string[];
  /**
   * For each file bound to a report: the config file the report names (resolved) and the config
   * path of each `<stack>/<address>` its findings and acknowledgements carry.
   */
  readonly configs: Array<{ readonly file: string; readonly configFile?: string; readonly paths: Map<string, string> }>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The acknowledgements `eksguard check` may honour for documents read from disk (loadTerraform, so
 * each carries its digest). A report applies to a file only when it sits at the root of the output
 * holding the file (reportLocation) and records the file's current SHA-256; each acknowledgement it
 * lists is pinned to the exact finding it covered at synth. A digest binds the report to bytes, not
 * to an author: the report is as trustworthy as whoever can write the output directory.
 */
export function reportAcknowledgements(docs: readonly TfDocument[], show: (file: string) => string = (f) => f): ReportAcknowledgements {
  const acknowledgements: Acknowledgement[] = [];
  const warnings: string[] = [];
  const configs: ReportAcknowledgements['configs'] = [];
  const reports = new Map<string, { parsed?: Record<string, unknown>; problem?: string }>();
  const read = (report: string) => {
    let r = reports.get(report);
    if (r === undefined) {
      try {
        const parsed: unknown = JSON.parse(readFileSync(report, 'utf8'));
        r = isRecord(parsed) ? { parsed } : { problem: 'it is not an eksguard report (not a JSON object)' };
      } catch (e) {
        r = { problem: `it cannot be read as JSON (${(e as Error).message})` };
      }
      reports.set(report, r);
    }
    return r;
  };
  const skip = (report: string, doc: { file: string }, why: string, fix: string) => warnings.push(`warning [${show(report)}] not applied to ${show(doc.file)}: ${why}. ${fix}.`);
  const again = 'Synthesize again to write a report bound to the current files, or fix the findings';
  // Per file: a document of several files (a module) is bound file by file.
  const files = docs.flatMap((d) => (d.digests !== undefined ? Object.entries(d.digests).map(([file, digest]) => ({ file, digest, stack: d.stack })) : [{ file: d.file, digest: d.digest, stack: d.stack }]));
  for (const doc of files) {
    const at = reportLocation(doc.file);
    if (at === undefined) {
      const beside = path.join(path.dirname(path.resolve(doc.file)), REPORT_FILE);
      if (existsSync(beside)) skip(beside, doc, 'a report applies only to the stack files of its own output (<output>/stacks/<stack>/cdk.tf.json), never to a file beside it', 'Fix the findings, or check the eksguard output directory the report belongs to');
      // synth --hcl: the report is bound to the JSON the pack read at synth, never to the HCL written from it.
      const hclOutput = reportLocation(path.join(path.dirname(path.resolve(doc.file)), 'cdk.tf.json'));
      if (path.basename(doc.file) === 'cdk.tf' && hclOutput !== undefined && existsSync(hclOutput.report)) {
        skip(hclOutput.report, doc, 'a report is bound to the JSON stack files (cdk.tf.json) the rule pack read at synth, not to the HCL written for reviewers', 'Check the JSON output (synth without --hcl) to apply its acknowledgements, or fix the findings');
      }
      continue;
    }
    if (!existsSync(at.report)) continue;
    const { parsed, problem } = read(at.report);
    if (parsed === undefined) {
      skip(at.report, doc, problem!, again);
      continue;
    }
    if (!isRecord(parsed.digests)) {
      skip(at.report, doc, 'it records no file digests, so nothing binds it to this file (written by an eksguard before digests, or not by eksguard)', again);
      continue;
    }
    const key = reportPath(at.outdir, path.resolve(doc.file));
    const recorded = parsed.digests[key];
    if (typeof recorded !== 'string') {
      skip(at.report, doc, `it records no digest for ${key}, so it was not written for this file`, again);
      continue;
    }
    if (recorded !== doc.digest) {
      skip(at.report, doc, `the file changed since synth (${doc.digest ?? 'no digest'} now, ${recorded} in the report)`, again);
      continue;
    }
    const paths = new Map<string, string>();
    for (const entry of [...(Array.isArray(parsed.findings) ? parsed.findings : []), ...(Array.isArray(parsed.acknowledged) ? parsed.acknowledged : [])]) {
      if (isRecord(entry) && entry.file === key && entry.stack === doc.stack && typeof entry.address === 'string' && typeof entry.configPath === 'string') paths.set(`${doc.stack}/${entry.address}`, entry.configPath);
    }
    configs.push({ file: doc.file, ...(typeof parsed.config === 'string' ? { configFile: path.resolve(at.outdir, parsed.config) } : {}), paths });
    for (const entry of Array.isArray(parsed.acknowledged) ? parsed.acknowledged : []) {
      if (!isRecord(entry) || !isRecord(entry.acknowledgement)) continue;
      const { ruleId, stack, address, file } = entry;
      const { reason, expires, source } = entry.acknowledgement;
      if (file !== key || stack !== doc.stack || typeof ruleId !== 'string' || typeof address !== 'string' || typeof reason !== 'string') continue;
      // A config cannot hold such a reason, so synth never writes one: it would only hide or forge
      // lines of check's output (ESC sequences, line breaks, bidi overrides).
      if (HIDDEN_CHARACTER.test(reason)) {
        skip(at.report, doc, `its acknowledgement of ${ruleId} on ${stack}/${address} has a reason with control or formatting characters, which eksguard never writes`, again);
        continue;
      }
      // Exactly the finding acknowledged at synth: never a pattern, whatever the report says.
      const target = parseTarget(`${stack}/${address}`);
      if (isTargetProblem(target) || target.glob) continue;
      acknowledgements.push({
        rule: ruleId,
        target: `${stack}/${address}`,
        reason,
        ...(typeof expires === 'string' ? { expires } : {}),
        source: `${show(at.report)}: ${typeof source === 'string' ? source : 'acknowledged'}`,
        file: doc.file,
      });
    }
  }
  return { acknowledgements, warnings, configs };
}
