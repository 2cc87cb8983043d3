/**
 * How the `eksguard` process tunes V8 for what it is: one short batch run (synth, check, review),
 * not a server that runs the same code for hours. bin/eksguard.js applies this before it loads the
 * CLI, and main.ts (the cdktf app `cdktf synth` runs) before it synthesizes; the benches' children
 * apply it too, so they measure what the command runs.
 *
 * V8 optimizes a hot function by compiling it with the functions it calls inlined, up to a
 * budget of bytecode per compilation (920 by default). That compilation runs on V8's own threads,
 * beside the main thread and the rule pack's thread, on the same cores. eksguard runs a large,
 * varied body of code (cdktf, the renderers, the rule pack) a few thousand times, so much of that
 * compilation is never paid back: at 1,000 workloads it was a third of the process's CPU time. A
 * quarter of the budget (measured on the 2-core machine, `bench/synth-scale.ts`, interleaved runs):
 * 1,000 workloads 14 % less wall time and 18 % less CPU, 5,000 workloads 10 % and 15 %, 10,000
 * workloads 1 % and 4 %; `check` of 80,000 blocks 7 % faster. What the code computes does not
 * change: inlining is an optimization the compiler may always decline.
 *
 * Only the `eksguard` process: a library user's process (a cdktf app importing eksguard's
 * constructs) keeps V8's defaults.
 */
import { setFlagsFromString } from 'v8';

/** V8 flags the `eksguard` process runs with. */
export const BATCH_V8_FLAGS: readonly string[] = ['--max-inlined-bytecode-size-cumulative=230'];

/** Apply BATCH_V8_FLAGS to this process (they govern compilations from now on). */
export function tuneForBatch(): void {
  for (const flag of BATCH_V8_FLAGS) setFlagsFromString(flag);
}
