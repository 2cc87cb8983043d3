/**
 * `npm run bench`: first the example synth as the user runs it (the compiled bin under plain node,
 * a whole process) as a ratio to the floor, `node -e "require('cdktf')"`, both measured in this run
 * (median of BENCH_RATIO_RUNS, default 7; BENCH_RATIO_ONLY=1 stops there); then synth time and peak memory of the example and of generated platforms with 100
 * and 1,000 workloads, each in a fresh process (median of 3 runs), plus resources and data sources
 * per workload; then one run of a fleet of 20 clusters x 500 workloads (BENCH_FLEET=0 skips it); then
 * `check` on 10k to 80k generated blocks and its growth per doubling (bench/check-scale.ts;
 * BENCH_CHECK_SCALE=0 skips it); then synthesis against the plain-JSON floor at 1k/5k/10k workloads over
 * 20 clusters (bench/synth-scale.ts; BENCH_SYNTH_SCALE=0 skips it). Prints Markdown tables for the README. Not a timed test: nothing here fails on speed.
 */
import { execFileSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { checkScale, printCheckScale } from './check-scale';
import { printSynthScale, synthScale } from './synth-scale';
import { EXAMPLE_FILE, fleetInput, generatedInput } from './generate';

interface Run {
  loadMs: number;
  appMs: number;
  totalMs: number;
  maxRssMiB: number;
  checkMs: number;
  stacks: Array<{ name: string; resources: number; dataSources: number }>;
}

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const work = mkdtempSync(path.join(tmpdir(), 'eksguard-bench-'));
const ROOT = path.join(__dirname, '..');

/** Wall time of a whole process, in ms. */
function wallMs(args: string[], cwd: string): number {
  const started = process.hrtime.bigint();
  execFileSync(process.execPath, args, { cwd, stdio: 'pipe' });
  return Number(process.hrtime.bigint() - started) / 1e6;
}
const medianOf = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The example synth through the compiled bin (what `npx eksguard synth` runs) against the floor of loading cdktf. */
function ratioToFloor(): void {
  const runs = Number(process.env.BENCH_RATIO_RUNS ?? 7);
  const floor: number[] = [];
  const synth: number[] = [];
  // Interleaved, so a busy moment on the machine weighs on both alike.
  for (let i = 0; i < runs; i++) {
    floor.push(wallMs(['-e', "require('cdktf')"], ROOT));
    const out = path.join(work, `ratio-${i}`);
    synth.push(wallMs([path.join(ROOT, 'bin', 'eksguard.js'), 'synth', '--out', out], work));
    rmSync(out, { recursive: true, force: true });
  }
  const [f, s] = [medianOf(floor), medianOf(synth)];
  console.log(`eksguard bench: node ${process.version}; the example synth (node bin/eksguard.js synth, compiled) vs node -e "require('cdktf')", median of ${runs} whole processes each`);
  console.log(`  floor ${f.toFixed(0)} ms, example synth ${s.toFixed(0)} ms: ${(s / f).toFixed(2)}x the floor (target <= 3x)\n`);
}
ratioToFloor();
if (process.env.BENCH_RATIO_ONLY === '1') {
  rmSync(work, { recursive: true, force: true });
  process.exit(0);
}

function measure(configFile: string, runsWanted = RUNS): Run {
  const runs: Run[] = [];
  for (let i = 0; i < runsWanted; i++) {
    const outdir = path.join(work, `out-${i}`);
    const stdout = execFileSync(process.execPath, ['--require', 'tsx/cjs', path.join(__dirname, 'synth-once.ts'), configFile, outdir], { encoding: 'utf8' });
    runs.push(JSON.parse(stdout.trim().split('\n').pop()!));
    rmSync(outdir, { recursive: true, force: true });
  }
  const median = (f: (r: Run) => number) => runs.map(f).sort((a, b) => a - b)[Math.floor(runs.length / 2)];
  return { loadMs: median((r) => r.loadMs), appMs: median((r) => r.appMs), totalMs: median((r) => r.totalMs), maxRssMiB: median((r) => r.maxRssMiB), checkMs: median((r) => r.checkMs), stacks: runs[0].stacks };
}

function configFor(n: number): string {
  const file = path.join(work, `platform-${n}.json`);
  writeFileSync(file, JSON.stringify(generatedInput(n)));
  return file;
}

const cases: Array<{ label: string; workloads: number; file: string }> = [
  { label: 'example', workloads: 3, file: EXAMPLE_FILE },
  { label: '100 workloads', workloads: 100, file: configFor(100) },
  { label: '1,000 workloads', workloads: 1000, file: configFor(1000) },
];

const results = cases.map((c) => ({ ...c, run: measure(c.file) }));
// A fleet: 20 clusters of 500 workloads each, 4 workload stacks per cluster (one run: it is long).
const FLEET = { clusters: 20, perCluster: 500, shards: 4 };
const fleetFile = path.join(work, 'fleet.json');
writeFileSync(fleetFile, JSON.stringify(fleetInput(FLEET.clusters, FLEET.perCluster, FLEET.shards)));
const fleet = process.env.BENCH_FLEET === '0' ? undefined : measure(fleetFile, 1);
const totals = (r: Run) => r.stacks.reduce((acc, s) => ({ resources: acc.resources + s.resources, data: acc.data + s.dataSources }), { resources: 0, data: 0 });

console.log(`eksguard bench: node ${process.version}, ${RUNS} runs each (median), fresh process per run\n`);
console.log('| platform | app time (validate + synth + guardrails + write) | load eksguard | whole process | peak RSS | check (all rules) | resources | data sources |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of results) {
  const t = totals(r.run);
  console.log(`| ${r.label} | ${r.run.appMs.toFixed(0)} ms | ${r.run.loadMs.toFixed(0)} ms | ${r.run.totalMs.toFixed(0)} ms | ${r.run.maxRssMiB.toFixed(0)} MiB | ${r.run.checkMs.toFixed(0)} ms | ${t.resources} | ${t.data} |`);
}
const [, hundred, thousand] = results;
const perWorkload = (f: (t: { resources: number; data: number }) => number) => (f(totals(thousand.run)) - f(totals(hundred.run))) / (thousand.workloads - hundred.workloads);
console.log(`\nper workload: ${perWorkload((t) => t.resources).toFixed(2)} resources, ${perWorkload((t) => t.data).toFixed(2)} data sources, ` +
  `${((thousand.run.appMs - hundred.run.appMs) / 900).toFixed(2)} ms app time, ${((thousand.run.maxRssMiB - hundred.run.maxRssMiB) / 900 * 1024).toFixed(0)} KiB peak RSS, ` +
  `${((thousand.run.checkMs - hundred.run.checkMs) / 900).toFixed(2)} ms check`);
if (fleet !== undefined) {
  const t = totals(fleet);
  const largest = [...fleet.stacks].sort((a, b) => b.resources - a.resources)[0];
  console.log(`\nfleet: ${FLEET.clusters} clusters x ${FLEET.perCluster} workloads (${FLEET.shards} workload stacks each), one run: ` +
    `app time ${(fleet.appMs / 1000).toFixed(1)} s, whole process ${(fleet.totalMs / 1000).toFixed(1)} s, peak RSS ${fleet.maxRssMiB.toFixed(0)} MiB, ` +
    `check ${(fleet.checkMs / 1000).toFixed(1)} s, ${fleet.stacks.length} stacks, ${t.resources} resources, largest stack ${largest.name} with ${largest.resources} resources`);
}
if (process.env.BENCH_CHECK_SCALE !== '0') printCheckScale(checkScale());
// Synthesis against the plain-JSON floor (bench/synth-scale.ts; BENCH_SYNTH_SCALE=0 skips it, BENCH_SCALE_SIZES picks sizes).
if (process.env.BENCH_SYNTH_SCALE !== '0') printSynthScale(synthScale());
rmSync(work, { recursive: true, force: true });
