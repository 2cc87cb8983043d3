/**
 * Synthesis that never leaves a half-written cdktf.out: validate, synthesize into a sibling
 * temporary directory, then swap it in. Files Terraform left in the old stack directories
 * (`.terraform/`, `.terraform.lock.hcl`, plans) move over, so `cdktf deploy` keeps its working state.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'fs';
import * as path from 'path';
import type { Warning } from '../config/problems';
import type { PlatformConfig } from '../config/schema';
import { TERRAFORM_REQUIRED_VERSION } from '../providers/backend';
import type { RuleRun } from '../rules';
import { buildApp } from './build';
import { applyGuardrails, REPORT_FILE } from './guardrails';

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
}

/** What cdktf writes into a stack directory; everything else there belongs to Terraform. */
const SYNTHESIZED = new Set(['cdk.tf.json', 'cdk.tf', 'assets']);

function carryOverTerraformFiles(oldOut: string, newOut: string): void {
  const oldStacks = path.join(oldOut, 'stacks');
  if (!existsSync(oldStacks)) return;
  for (const stack of readdirSync(oldStacks)) {
    const target = path.join(newOut, 'stacks', stack);
    if (!existsSync(target)) continue; // the stack is gone from the config
    for (const entry of readdirSync(path.join(oldStacks, stack))) {
      if (SYNTHESIZED.has(entry)) continue;
      renameSync(path.join(oldStacks, stack, entry), path.join(target, entry));
    }
  }
}

export function summarizeStacks(outdir: string): StackSummary[] {
  const stacksDir = path.join(outdir, 'stacks');
  return readdirSync(stacksDir)
    .sort()
    .map((name) => {
      const doc = JSON.parse(readFileSync(path.join(stacksDir, name, 'cdk.tf.json'), 'utf8'));
      const count = (block: Record<string, Record<string, unknown>> | undefined) =>
        Object.values(block ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
      return { name, resources: count(doc.resource), dataSources: count(doc.data) };
    });
}

/**
 * Synthesize a validated config into `outdir`, then run the rule pack on it: error findings no
 * acknowledgement covers throw a GuardrailError. On any error the previous output is untouched
 * and the temporary directory is removed.
 */
export function synthesize(config: PlatformConfig, outdir: string, warnings: readonly Warning[] = [], options: { hcl?: boolean } = {}): SynthResult {
  const finalOut = path.resolve(outdir);
  const tmpOut = `${finalOut}.tmp-${process.pid}`;
  const hclOut = `${finalOut}.hcl-${process.pid}`;
  const oldOut = `${finalOut}.old-${process.pid}`;
  // `cdktf synth --hcl` asks through SYNTH_HCL_OUTPUT, which cdktf itself reads.
  const hcl = options.hcl ?? ['true', '1'].includes(process.env.SYNTH_HCL_OUTPUT ?? '');
  rmSync(tmpOut, { recursive: true, force: true });
  rmSync(hclOut, { recursive: true, force: true });
  mkdirSync(path.dirname(finalOut), { recursive: true });
  const sourceMaps = withoutSourceMaps();
  const hclEnv = process.env.SYNTH_HCL_OUTPUT;
  let guardrails: RuleRun;
  let stacks: StackSummary[];
  let written = tmpOut;
  try {
    // Always JSON first: the rule pack and the summary read it.
    process.env.SYNTH_HCL_OUTPUT = 'false';
    synthPerCluster(config, tmpOut, finalOut);
    guardrails = applyGuardrails(config, tmpOut, finalOut);
    stacks = summarizeStacks(tmpOut);
    if (hcl) {
      // The same app again, written as HCL (cdk.tf) for reviewers; the report comes along.
      process.env.SYNTH_HCL_OUTPUT = 'true';
      synthPerCluster(config, hclOut, finalOut);
      repairHclTerraformBlocks(hclOut);
      renameSync(path.join(tmpOut, REPORT_FILE), path.join(hclOut, REPORT_FILE));
      rmSync(tmpOut, { recursive: true, force: true });
      written = hclOut;
    }
    carryOverTerraformFiles(finalOut, written);
  } catch (err) {
    rmSync(tmpOut, { recursive: true, force: true });
    rmSync(hclOut, { recursive: true, force: true });
    throw err;
  } finally {
    if (hclEnv === undefined) delete process.env.SYNTH_HCL_OUTPUT;
    else process.env.SYNTH_HCL_OUTPUT = hclEnv;
    sourceMaps.restore();
  }
  if (existsSync(finalOut)) renameSync(finalOut, oldOut);
  renameSync(written, finalOut);
  rmSync(oldOut, { recursive: true, force: true });
  return { outdir: finalOut, stacks, warnings, guardrails };
}

/**
 * One cdktf App per cluster (stacks only reference stacks of their own cluster), so a fleet's memory
 * is one cluster's at a time; the apps' manifests are merged into one.
 */
function synthPerCluster(config: PlatformConfig, outdir: string, finalOutdir: string): void {
  const manifest: { version?: string; stacks: Record<string, unknown> } = { stacks: {} };
  for (const name of config.clusters.map((c) => c.name).sort()) {
    buildApp(config, { outdir, finalOutdir, clusters: [name] }).synth();
    const part = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
    manifest.version = part.version;
    Object.assign(manifest.stacks, part.stacks);
  }
  writeFileSync(path.join(outdir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

/**
 * cdktf 0.21's HCL renderer writes the terraform block's plain attributes by index
 * (`0 = "required_version"`, in hcl/render.js renderTerraform) instead of their values; put
 * `required_version` back so the HCL parses.
 */
function repairHclTerraformBlocks(outdir: string): void {
  const stacksDir = path.join(outdir, 'stacks');
  for (const stack of readdirSync(stacksDir)) {
    const file = path.join(stacksDir, stack, 'cdk.tf');
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace(/^\s*0 = "required_version"$/m, `  required_version = "${TERRAFORM_REQUIRED_VERSION}"`));
  }
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

