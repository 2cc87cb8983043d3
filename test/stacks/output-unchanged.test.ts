/**
 * Speed work must not change a byte: the full synthesized output (every file, JSON and HCL) of the
 * example, an existing cluster, the fixtures and a small sharded fleet is pinned in
 * test/data/synth-output/<config>.json, as written before the synthesis path was optimised
 * (per-cluster identity plans, the ingress index, token stack traces off, the token map pruned
 * per cluster). The temporary output directory is written as `<out>` wherever it appears.
 *
 * A deliberate output change: EKSGUARD_WRITE_SYNTH_OUTPUT=1 npx jest test/stacks/output-unchanged.test.ts
 * rewrites the files, and `git diff test/data/synth-output` shows exactly what changed.
 */
import { readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { synthesize } from '../../src/app/synth';
import { fleetInput } from '../../bench/generate';
import { everyFeatureInput, fixtureInputs } from '../support/fixtures';
import { exampleInput, existingClusterInput, filesOf, tempOut, valid } from '../support/synth';

const DIR = path.join(__dirname, '..', 'data', 'synth-output');

/** A fleet small enough for a unit test: 3 clusters of 12 workloads, 2 workload stacks each. */
function smallFleet(): any {
  return fleetInput(3, 12, 2);
}

const CONFIGS: Array<[string, () => unknown, boolean]> = [
  ['example', exampleInput, false],
  ['example-hcl', exampleInput, true],
  ['existing-cluster', existingClusterInput, false],
  ['every-feature', everyFeatureInput, false],
  ['every-feature-hcl', everyFeatureInput, true],
  ['s3-backend', () => fixtureInputs()['s3 backend'], false],
  ['cloud-backend', () => fixtureInputs()['cloud backend'], false],
  ['small-fleet', smallFleet, false],
];

function outputOf(input: unknown, hcl: boolean): Record<string, string> {
  const outdir = tempOut();
  synthesize(valid(input), outdir, [], { hcl });
  const files = filesOf(outdir);
  const parent = path.dirname(outdir);
  // A local backend's state path is relative from a stack directory to the working directory, which
  // differs between checkouts (and the report's digests of the stack files with it): both are written
  // as placeholders, so the pin holds wherever the repository is cloned.
  const toCwd = path.relative(path.join(outdir, 'stacks', 'stack'), process.cwd());
  const out: Record<string, string> = {};
  for (const [file, text] of Object.entries(files)) {
    const placed = text.split(outdir).join('<out>').split(parent).join('<out>/..').split(`${toCwd}/`).join('<cwd>/');
    out[file] = file === 'eksguard-report.json' ? placed.replace(/sha256:[0-9a-f]{64}/g, 'sha256:<digest>') : placed;
  }
  return out;
}

describe('synthesized output is unchanged by the speed work', () => {
  test.each(CONFIGS)('%s: every file, byte for byte', (name, input, hcl) => {
    const actual = outputOf(input(), hcl);
    const file = path.join(DIR, `${name}.json`);
    if (process.env.EKSGUARD_WRITE_SYNTH_OUTPUT === '1') writeFileSync(file, `${JSON.stringify(actual, null, 1)}\n`);
    const pinned: Record<string, string> = JSON.parse(readFileSync(file, 'utf8'));
    expect(Object.keys(actual)).toEqual(Object.keys(pinned));
    for (const f of Object.keys(pinned)) expect({ file: f, text: actual[f] }).toEqual({ file: f, text: pinned[f] });
  });
});
