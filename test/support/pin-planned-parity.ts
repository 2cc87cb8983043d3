/**
 * Writes test/data/planned-parity/<config>.json from the synthesize of another checkout (d27e29d,
 * the last commit before planned elements), for test/stacks/planned-parity.test.ts:
 *
 *   git worktree add /tmp/eksguard-d27e29d d27e29d && ln -s "$PWD/node_modules" /tmp/eksguard-d27e29d/
 *   npx tsx test/support/pin-planned-parity.ts /tmp/eksguard-d27e29d
 *
 * Run from this repository's root (the working directory is a placeholder in the pinned text).
 */
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { filesOf } from './synth';
import { existingShardsInput, flowsInput, identitiesInput, placedOutput } from './parity-inputs';

const root = path.resolve(process.argv[2] ?? '');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { synthesize } = require(path.join(root, 'src/app/synth'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { validateConfig } = require(path.join(root, 'src/config/validate'));
const configs: Array<[string, () => unknown, boolean]> = [
  ['flows', flowsInput, false],
  ['flows-hcl', flowsInput, true],
  ['identities', identitiesInput, false],
  ['existing-shards', existingShardsInput, false],
];
for (const [name, input, hcl] of configs) {
  const r = validateConfig(input());
  if (r.config === undefined) throw new Error(`${name}: ${JSON.stringify(r.problems)}`);
  const outdir = path.join(mkdtempSync(path.join(tmpdir(), 'eksguard-')), 'cdktf.out');
  const out = placedOutput(synthesize, r.config, outdir, hcl, filesOf);
  writeFileSync(path.join(__dirname, '..', 'data', 'planned-parity', `${name}.json`), `${JSON.stringify(out, null, 1)}\n`);
}
