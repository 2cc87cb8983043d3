/**
 * Terraform addresses are a contract: every address of every stack of the example, an existing
 * cluster and the every-feature fixture is pinned in test/data/addresses/<config>.json. A change
 * to one fails here; an address that must move ships a `moved` block (pinned in MOVED below).
 *
 * To see a change: EKSGUARD_WRITE_ADDRESSES=1 npx jest test/stacks/addresses.test.ts rewrites the
 * files, and `git diff test/data/addresses` shows exactly what moved.
 */
import { readdirSync, readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { everyFeatureInput } from '../support/fixtures';
import { exampleInput, existingClusterInput, stackJson, synthTo } from '../support/synth';

const DIR = path.join(__dirname, '..', 'data', 'addresses');

/** `<stack>` → every address it declares: resources, data sources, outputs, locals, providers, moved blocks. */
function addressesOf(outdir: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const stack of readdirSync(path.join(outdir, 'stacks')).sort()) {
    const doc = stackJson(outdir, stack);
    const list: string[] = [];
    for (const [type, byName] of Object.entries<any>(doc.resource ?? {})) for (const name of Object.keys(byName)) list.push(`${type}.${name}`);
    for (const [type, byName] of Object.entries<any>(doc.data ?? {})) for (const name of Object.keys(byName)) list.push(`data.${type}.${name}`);
    for (const name of Object.keys(doc.output ?? {})) list.push(`output.${name}`);
    for (const name of Object.keys(doc.locals ?? {})) list.push(`local.${name}`);
    for (const m of doc.moved ?? []) list.push(`moved ${m.from} -> ${m.to}`);
    out[stack] = list.sort();
  }
  return out;
}

const CONFIGS: Array<[string, () => unknown]> = [
  ['example', exampleInput],
  ['existing-cluster', existingClusterInput],
  ['every-feature', everyFeatureInput],
];

describe('Terraform addresses of the app stacks', () => {
  test.each(CONFIGS)('the %s config keeps every pinned address', (name, input) => {
    const actual = addressesOf(synthTo(input()));
    const file = path.join(DIR, `${name}.json`);
    if (process.env.EKSGUARD_WRITE_ADDRESSES === '1') writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
    const pinned = JSON.parse(readFileSync(file, 'utf8'));
    expect(actual).toEqual(pinned);
  });
});
