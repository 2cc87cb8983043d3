/**
 * The rule pack on one cluster's freshly written stacks: what synth's guardrails need from each
 * cluster (findings, the blocks each rule read, the digest of each file, each stack's counts). Rules
 * only relate stacks of one cluster, so clusters are checked one at a time, and a fleet's JSON is
 * never all in memory. Plain data in and out (no cdktf), so a worker thread can run it
 * (cluster-checks.ts) while the next cluster is synthesized.
 */
import * as path from 'path';
import { evaluateRules, Finding, loadTerraform, resourceCount, RULES } from '../rules';

export interface ClusterCheckJob {
  /** The cluster's stack directories in the output being written. */
  readonly stackDirs: readonly string[];
  /** The output being written (a temporary directory). */
  readonly outdir: string;
  /** Where the output finally lives: findings and digests name files there. */
  readonly finalOutdir: string;
  readonly trustPolicyMaxChars: number;
  /** `<stack>/<address>` → config path, for the cluster's elements (what the constructs stamped). */
  readonly configPaths: ReadonlyArray<readonly [string, string]>;
}

export interface ClusterCheck {
  readonly findings: Finding[];
  /** How many blocks each rule read. */
  readonly checked: Record<string, number>;
  /** Report path of each stack file (relative to the final output, `/`-separated) → `sha256:<hex>`. */
  readonly digests: Record<string, string>;
  /** Each stack read: its resources (a role's inline policies not counted apart) and data sources. */
  readonly counts: Array<[string, { resources: number; dataSources: number }]>;
}

/** A file's path in the report: relative to the output directory, `/`-separated on every platform. */
export function reportPath(outdir: string, file: string): string {
  return path.relative(outdir, file).split(path.sep).join('/');
}

/** Run the pack on one cluster's stacks (read from disk, as Terraform will read them). */
export function checkCluster(job: ClusterCheckJob): ClusterCheck {
  const configPaths = new Map(job.configPaths);
  // Read in the temporary output, named as in the final one (findings name their block's file).
  // Once per file, not per block (a stack's blocks all name its one file).
  const finals = new Map<string, string>();
  const final = (file: string) => {
    let f = finals.get(file);
    if (f === undefined) finals.set(file, (f = path.join(job.finalOutdir, path.relative(job.outdir, file))));
    return f;
  };
  const docs = loadTerraform(job.stackDirs, { serialised: true, nameFile: final });
  const digests: Record<string, string> = {};
  for (const d of docs) for (const [f, digest] of Object.entries(d.digests ?? {})) digests[reportPath(job.finalOutdir, f)] = digest;
  // What synth's summary counts, from the documents just read (not read and parsed again).
  const counts = docs.map((d): [string, { resources: number; dataSources: number }] => [d.stack, { resources: resourceCount([d]), dataSources: d.blocks.filter((b) => b.kind === 'data').length }]);
  const { findings, checked } = evaluateRules(RULES, docs, { trustPolicyMaxChars: job.trustPolicyMaxChars, configPathOf: (stack, address) => configPaths.get(`${stack}/${address}`) });
  return { findings, checked, digests, counts };
}
