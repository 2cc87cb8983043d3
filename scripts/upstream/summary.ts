/**
 * Prints the upstream parity summary: rules compared, fixtures, resources, exact agreements,
 * deliberate differences (with reasons), known gaps, and what could not be converted.
 *
 *   npm run corpus
 */
import { evaluateCase, keyOf, loadCorpus, type Outcome } from './corpus';
import { DIFFERENCES, KNOWN_GAPS } from './differences';

const corpus = loadCorpus();
const differences = new Map(DIFFERENCES.map((d) => [keyOf(d), d]));
const gaps = new Map(KNOWN_GAPS.map((g) => [keyOf(g), g]));
const outcomes: Outcome[] = corpus.cases.flatMap((c) => evaluateCase(c));
const differing = outcomes.filter((o) => o.eksguard !== o.upstream);
const deliberate = differing.filter((o) => differences.has(keyOf(o)));
const gap = differing.filter((o) => gaps.has(keyOf(o)));
const unexplained = differing.filter((o) => !differences.has(keyOf(o)) && !gaps.has(keyOf(o)));
const rules = new Set(corpus.cases.map((c) => c.rule));
const upstreamIds = new Set(corpus.cases.map((c) => `${c.upstream}:${c.upstreamId}`));
const exactRules = [...rules].filter((r) => !differing.some((o) => o.rule === r)).sort();

const lines: string[] = [];
const say = (s = ''): void => void lines.push(s);
say(`upstream parity corpus: checkov ${corpus.sources.checkov.commit.slice(0, 12)} (${corpus.sources.checkov.licence.split(',')[0]}), trivy-checks ${corpus.sources.trivy.commit.slice(0, 12)} (${corpus.sources.trivy.licence.split(' Copyright')[0]})`);
say(`rules compared:        ${rules.size} eksguard rules against ${upstreamIds.size} upstream checks`);
say(`fixtures:              ${corpus.cases.length}`);
say(`resources compared:    ${outcomes.length}`);
say(`exact agreements:      ${outcomes.length - differing.length} of ${outcomes.length}; rules agreeing on every resource: ${exactRules.length} of ${rules.size}`);
const vacuous = outcomes.filter((o) => o.eksguard === o.upstream && o.unanalysed);
say(`  of which on resources whose policy eksguard could not read (POLICY-UNRESOLVED; the rule may not read that policy, or may agree only by not reading it): ${vacuous.length}`);
for (const o of vacuous) say(`  - ${o.rule} ${o.fixture} ${o.address}: both ${o.upstream}`);
say(`deliberate differences: ${deliberate.length}`);
for (const o of deliberate) say(`  - ${o.rule} ${o.fixture} ${o.address}: upstream ${o.upstream}, eksguard ${o.eksguard}. ${differences.get(keyOf(o))!.why}`);
say(`known gaps (eksguard bugs pending fixes): ${gap.length}`);
const byRule = new Map<string, Outcome[]>();
for (const o of gap) byRule.set(o.rule, [...(byRule.get(o.rule) ?? []), o]);
for (const [rule, os] of byRule) {
  say(`  ${rule}:`);
  for (const o of os) say(`  - ${o.fixture} ${o.address}: upstream ${o.upstream}, eksguard ${o.eksguard}. ${gaps.get(keyOf(o))!.cause}`);
}
if (unexplained.length > 0) {
  say(`UNEXPLAINED differences (the corpus test fails): ${unexplained.length}`);
  for (const o of unexplained) say(`  - ${o.rule} ${o.fixture} ${o.address}: upstream ${o.upstream}, eksguard ${o.eksguard}`);
}
say(`not converted: ${corpus.notConverted.length}`);
for (const n of corpus.notConverted) say(`  - ${n.rule} (${n.upstream} ${n.upstreamId}) ${n.what}: ${n.why}`);
process.stdout.write(`${lines.join('\n')}\n`);
process.exitCode = unexplained.length > 0 ? 1 : 0;
