/**
 * Synthesis that never leaves a half-written cdktf.out and never removes what it did not write:
 * check the output directory (output-dir.ts), synthesize into a fresh sibling temporary directory,
 * mark it, then swap it in. What the previous output holds besides eksguard's own files moves over:
 * Terraform's files in the stack directories (`.terraform/`, `.terraform.lock.hcl`, plans), so
 * `cdktf deploy` keeps its working state, and any file a user put there.
 */
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'fs';
import * as path from 'path';
import { ConfigError, type Warning } from '../config/problems';
import type { PlatformConfig } from '../config/schema';
import { TerraformStack } from 'cdktf';
import { BlockShapes, collectBlockShapes, renderHcl } from '../terraform/hcl';
import type { RuleRun } from '../rules';
import { buildApp, plannedOrThrow } from './build';
import { applyGuardrails, clusterCheckJob, REPORT_FILE } from './guardrails';
import { startClusterChecks, type ClusterChecks } from './cluster-checks';
import type { AppStamps } from '../terraform/stamps';
import { NumberTokenTextError, reuseElementJson } from '../terraform/inert-strings';
import { markTokens, withoutResolvedStackPass, withoutTokenStackTraces } from '../terraform/token-costs';
import { numberTokenText } from '../terraform/escape';
import { withCachedChildren } from '../terraform/children-cache';
import { withFastResolve } from '../terraform/fast-resolve';
import { stableJson, writeStacksStably } from '../terraform/stable-json';
import { MARKER_FILE, markerText, OutputPlan, planOutput, SYNTHESIZED } from './output-dir';

export interface StackSummary {
  readonly name: string;
  readonly resources: number;
  readonly dataSources: number;
}

export interface SynthResult {
  readonly outdir: string;
  readonly stacks: StackSummary[];
  readonly warnings: readonly Warning[];
  /** The rule pack's run: warnings, acknowledged findings, stale acknowledgements (errors throw). */
  readonly guardrails: RuleRun;
  /**
   * What the previous output held that eksguard did not write and that is not a live stack's
   * Terraform files, kept in the new output (paths relative to it): a user's files, and Terraform's
   * files of a stack no longer in the config.
   */
  readonly kept: string[];
}

export interface SynthOptions {
  /** Write cdk.tf (HCL) instead of cdk.tf.json. @default $SYNTH_HCL_OUTPUT */
  readonly hcl?: boolean;
  /** What supplied the output directory, named in problem lines (`--out`, `CDKTF_OUTDIR`). @default outdir */
  readonly source?: string;
  /** The config file: its directory, and every directory above it, is never the output. @default - none (a config given as an object) */
  readonly configFile?: string;
}

/**
 * Each stack of an output directory, with its resource and data source counts: those in `known`
 * (counted by the rule pack from the documents it read), the rest read from the stack's file.
 */
export function summarizeStacks(outdir: string, known: ReadonlyMap<string, Omit<StackSummary, 'name'>> = new Map()): StackSummary[] {
  const stacksDir = path.join(outdir, 'stacks');
  return readdirSync(stacksDir)
    .sort()
    .map((name) => {
      const counted = known.get(name);
      if (counted !== undefined) return { name, resources: counted.resources, dataSources: counted.dataSources };
      const doc = JSON.parse(readFileSync(path.join(stacksDir, name, 'cdk.tf.json'), 'utf8'));
      const count = (block: Record<string, Record<string, unknown>> | undefined) =>
        Object.values(block ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
      return { name, resources: count(doc.resource), dataSources: count(doc.data) };
    });
}

/**
 * Synthesize a validated config into `outdir`, then run the rule pack on it: error findings no
 * acknowledgement covers throw a GuardrailError, and an output directory synth may not replace (or
 * a local stateDir inside it) throws a ConfigError before anything is written. On any error the
 * previous output is untouched and every directory this run created is removed.
 */
export function synthesize(config: PlatformConfig, outdir: string, warnings: readonly Warning[] = [], options: SynthOptions = {}): SynthResult {
  const target = { source: options.source, configFile: options.configFile, backend: config.backend };
  const checked = planOutput(outdir, target);
  if (checked.plan === undefined) throw new ConfigError(checked.problems);
  const finalOut = checked.plan.real;
  // `cdktf synth --hcl` asks through SYNTH_HCL_OUTPUT, which cdktf itself reads.
  const hcl = options.hcl ?? ['true', '1'].includes(process.env.SYNTH_HCL_OUTPUT ?? '');
  const createdParent = mkdirSync(path.dirname(finalOut), { recursive: true });
  // Fresh, unique siblings: never a file of the user's, and the only paths this run removes.
  const created: string[] = [];
  const fresh = (kind: string) => {
    const dir = mkdtempSync(`${finalOut}.${kind}-${process.pid}-`);
    created.push(dir);
    return dir;
  };
  const sourceMaps = withoutSourceMaps();
  const tokenTraces = withoutTokenStackTraces();
  const stackPass = withoutResolvedStackPass(TerraformStack.isStack, numberTokenText);
  const fastResolve = withFastResolve(numberTokenText, TerraformStack);
  const cachedChildren = withCachedChildren();
  const hclEnv = process.env.SYNTH_HCL_OUTPUT;
  // The rule pack checks each cluster as soon as it is written: beside the synthesis of the next one on a large platform.
  const checks = startClusterChecks(config.clusters.reduce((n, c) => n + c.workloads.length, 0));
  let guardrails: RuleRun;
  let stacks: StackSummary[];
  let kept: string[];
  try {
    const tmpOut = fresh('tmp');
    let written = tmpOut;
    // Always JSON first: the rule pack and the summary read it.
    process.env.SYNTH_HCL_OUTPUT = 'false';
    const shapes: BlockShapes | undefined = hcl ? new Set() : undefined;
    const stamps = synthPerCluster(config, tmpOut, finalOut, checks, shapes);
    const counts = new Map<string, Omit<StackSummary, 'name'>>();
    guardrails = applyGuardrails(config, tmpOut, finalOut, options.configFile, stamps, counts, checks.results());
    stacks = summarizeStacks(tmpOut, counts);
    if (shapes !== undefined) {
      // The same stacks rendered from their JSON as HCL (cdk.tf) for reviewers; the report comes along.
      const hclOut = fresh('hcl');
      writeHcl(tmpOut, hclOut, shapes);
      renameSync(path.join(tmpOut, REPORT_FILE), path.join(hclOut, REPORT_FILE));
      written = hclOut;
    }
    writeMarker(written);
    // The directory may have changed while synth ran: decide again on what it holds now.
    const now = planOutput(outdir, target);
    if (now.plan === undefined) throw new ConfigError(now.problems);
    kept = swapIn(written, now.plan, fresh);
  } catch (err) {
    if (err instanceof StrandedError) throw err;
    for (const dir of created) rmSync(dir, { recursive: true, force: true });
    if (createdParent !== undefined) rmSync(createdParent, { recursive: true, force: true });
    throw err;
  } finally {
    if (hclEnv === undefined) delete process.env.SYNTH_HCL_OUTPUT;
    else process.env.SYNTH_HCL_OUTPUT = hclEnv;
    checks.close();
    sourceMaps.restore();
    tokenTraces.restore();
    fastResolve.restore();
    cachedChildren.restore();
    stackPass.restore();
  }
  // The swapped-in directory is no longer at its temporary name; what is left there is this run's.
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
  return { outdir: path.resolve(outdir), stacks, warnings, guardrails, kept };
}

/** The marker lists the top-level entries this synth wrote. */
function writeMarker(dir: string): void {
  const entries = readdirSync(dir).map((e) => (lstatSync(path.join(dir, e)).isDirectory() ? `${e}/` : e));
  writeFileSync(path.join(dir, MARKER_FILE), markerText(entries));
}

/**
 * Move everything of the previous output that eksguard did not write into the new one, then swap
 * the new one in; the previous output, now holding only eksguard's files, goes into a fresh sibling
 * that the caller removes. Any failure moves everything back.
 */
function swapIn(written: string, plan: OutputPlan, fresh: (kind: string) => string): string[] {
  const finalOut = plan.real;
  const moves: Array<[string, string]> = [];
  const move = (from: string, to: string) => {
    renameSync(from, to);
    moves.push([from, to]);
  };
  const kept: string[] = [];
  try {
    if (plan.state === 'marked' || plan.state === 'earlier') {
      for (const entry of readdirSync(finalOut).sort()) {
        if (entry === MARKER_FILE) continue;
        if (!plan.owned.has(entry)) {
          move(path.join(finalOut, entry), path.join(written, entry));
          kept.push(entry);
        } else if (entry === 'stacks') kept.push(...carryOverStackFiles(path.join(finalOut, 'stacks'), path.join(written, 'stacks'), move));
      }
    }
    if (plan.state !== 'absent') move(finalOut, path.join(fresh('old'), 'previous'));
    renameSync(written, finalOut);
  } catch (err) {
    const stranded: string[] = [];
    for (const [from, to] of moves.reverse()) {
      try {
        renameSync(to, from);
      } catch {
        stranded.push(`${to} (belongs at ${from})`);
      }
    }
    if (stranded.length > 0) throw new StrandedError(`${(err as Error).message}; moving back failed too, so nothing was removed: ${stranded.join(', ')}`);
    throw err;
  }
  return kept;
}

/** A failed swap that could not move everything back: its temporary directories hold the user's files and stay. */
class StrandedError extends Error {}

/**
 * Terraform's files in the previous stack directories (everything cdktf does not write) move to
 * the same stack in the new output; those of a stack no longer in the config are kept too, in a
 * stack directory of their own, and returned.
 */
function carryOverStackFiles(oldStacks: string, newStacks: string, move: (from: string, to: string) => void): string[] {
  const orphaned: string[] = [];
  for (const stack of readdirSync(oldStacks).sort()) {
    const target = path.join(newStacks, stack);
    const live = existsSync(target);
    for (const entry of readdirSync(path.join(oldStacks, stack)).sort()) {
      if (SYNTHESIZED.has(entry)) continue;
      if (!live) {
        mkdirSync(target, { recursive: true }); // inside the new output: removed with it on failure
        orphaned.push(`stacks/${stack}/${entry}`);
      }
      move(path.join(oldStacks, stack, entry), path.join(target, entry));
    }
  }
  return orphaned;
}

/**
 * One cdktf App per cluster (stacks only reference stacks of their own cluster), so a fleet's memory
 * is one cluster's at a time; the apps' manifests are merged into one.
 */
function synthPerCluster(config: PlatformConfig, outdir: string, finalOutdir: string, checks: ClusterChecks, shapes?: BlockShapes): AppStamps {
  // What the constructs stamped that the guardrails need once every app is written: the relaxations (each
  // cluster's config paths go with its check).
  const stamps: AppStamps = { acknowledgements: [], configPaths: new Map() };
  const manifest: { version?: string; stacks: Record<string, unknown> } = { stacks: {} };
  // Planned once for every cluster (every problem reported at once), then one app per cluster.
  // Each cluster's plan is let go once its app is built, so a fleet's plans shrink as it is written.
  const plans = new Map(plannedOrThrow(config).map((p) => [p.name, p]));
  for (const name of config.clusters.map((c) => c.name).sort()) {
    // This cluster's tokens are dropped from cdktf's process-wide map once its stacks are written.
    const tokens = markTokens();
    const own: AppStamps = { acknowledgements: [], configPaths: new Map() };
    let written: object;
    try {
      const plan = plans.get(name)!;
      plans.delete(name);
      const app = buildApp(config, { outdir, finalOutdir, clusters: [name], plans: [plan], stamps: own, inertAtSynth: true });
      writeStacksStably(app, TerraformStack.isStack);
      // The app's manifest is merged into one below, from memory: cdktf need not write it for each cluster.
      app.manifest.writeToFile = () => undefined;
      reuseElementJson(() => app.synth());
      written = app.manifest.buildManifest();
      // What the JSON alone does not say for HCL: which keys are nested blocks (see terraform/hcl).
      if (shapes !== undefined) for (const stack of app.node.children) if (TerraformStack.isStack(stack)) collectBlockShapes(stack, shapes);
    } catch (e) {
      if (!(e instanceof NumberTokenTextError)) throw e;
      throw new ConfigError([{
        path: own.configPaths.get(`${e.stack_}/${e.address}`) ?? `${e.stack_}/${e.address}`,
        message: `gives ${e.stack_}/${e.address} a string holding the text ${e.text} (from the names and values of the config, joined or shortened), which cdktf would read as an encoded Terraform reference`,
        fix: 'Rename the workload, namespace, group or prefix it comes from: a run of digits followed by "e" and more digits (such as 82e297) is what reads as one',
      }]);
    } finally {
      tokens.release();
      stamps.acknowledgements.push(...own.acknowledgements);
    }
    // As cdktf would have written it (sorted keys), read back.
    const part = JSON.parse(stableJson(written));
    manifest.version = part.version;
    Object.assign(manifest.stacks, part.stacks);
    // The cluster's config paths go with its check (the findings name them); the platform's stamps keep only the acknowledgements.
    checks.submit(clusterCheckJob(config, config.clusters.find((c) => c.name === name)!, outdir, finalOutdir, own.configPaths, true));
  }
  writeFileSync(path.join(outdir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return stamps;
}

/**
 * The JSON output rendered as HCL: each `stacks/<stack>/cdk.tf.json` becomes `cdk.tf` (terraform/hcl
 * renders it from the JSON, the source of truth), and the manifest points at the `.tf` files.
 */
function writeHcl(jsonOut: string, hclOut: string, shapes: BlockShapes): void {
  const stacksDir = path.join(jsonOut, 'stacks');
  for (const stack of readdirSync(stacksDir)) {
    const json = JSON.parse(readFileSync(path.join(stacksDir, stack, 'cdk.tf.json'), 'utf8'));
    mkdirSync(path.join(hclOut, 'stacks', stack), { recursive: true });
    writeFileSync(path.join(hclOut, 'stacks', stack, 'cdk.tf'), renderHcl(json, shapes));
  }
  const manifest = JSON.parse(readFileSync(path.join(jsonOut, 'manifest.json'), 'utf8'));
  for (const s of Object.values(manifest.stacks ?? {}) as Array<{ synthesizedStackPath?: string }>) {
    if (typeof s.synthesizedStackPath === 'string') s.synthesizedStackPath = s.synthesizedStackPath.replace(/\.tf\.json$/, '.tf');
  }
  writeFileSync(path.join(hclOut, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

/**
 * cdktf captures a full stack trace for every token it creates; with source maps enabled (tsx
 * enables them) each capture maps every frame, which was 40% of synth time at 1,000 workloads.
 * Off while synthesizing, restored after.
 */
function withoutSourceMaps(): { restore(): void } {
  const proc = process as NodeJS.Process & { sourceMapsEnabled?: boolean; setSourceMapsEnabled?: (on: boolean) => void };
  const was = proc.sourceMapsEnabled;
  if (was !== true || proc.setSourceMapsEnabled === undefined) return { restore: () => undefined };
  proc.setSourceMapsEnabled(false);
  return { restore: () => proc.setSourceMapsEnabled?.(true) };
}

