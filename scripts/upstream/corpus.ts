/**
 * The upstream parity corpus: checkov's and trivy's own test fixtures, converted to Terraform JSON by
 * convert.ts, with the verdicts upstream's tests expect. evaluateCorpus runs today's eksguard rules on
 * every fixture and sorts each compared resource into agreement or difference; the test
 * (test/rules/upstream-corpus.test.ts) and the summary printer (summary.ts) both use it.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { documentOf, RULES, runRules } from '../../src/rules';

export const CORPUS_DIR = path.join(__dirname, '../../test/data/upstream');

/** The address that stands for "some resource of the fixture" in a trivy bad example. */
export const ANY_RESOURCE = '<any resource>';

export interface CorpusCase {
  /** The eksguard rule compared. */
  readonly rule: string;
  readonly upstream: 'checkov' | 'trivy';
  readonly upstreamId: string;
  /** Fixture path relative to test/data/upstream. */
  readonly fixture: string;
  /** `<repo>/<path>@<commit>` of the HCL the fixture was converted from. */
  readonly source: string;
  /** `<repo>/<path>@<commit>` of what states the expected verdicts. */
  readonly test: string;
  /** Addresses upstream passes. */
  readonly pass: readonly string[];
  /** Addresses upstream fails; for a trivy bad example, [ANY_RESOURCE]. */
  readonly fail: readonly string[];
}

export interface NotConverted {
  readonly rule: string;
  readonly upstream: 'checkov' | 'trivy';
  readonly upstreamId: string;
  readonly what: string;
  readonly why: string;
}

export interface Corpus {
  readonly sources: Record<string, { readonly repo: string; readonly commit: string; readonly licence: string }>;
  readonly cases: readonly CorpusCase[];
  readonly notConverted: readonly NotConverted[];
}

export type Verdict = 'fail' | 'pass' | 'unresolved';

export interface Outcome {
  readonly rule: string;
  readonly upstreamId: string;
  readonly fixture: string;
  readonly address: string;
  readonly upstream: 'fail' | 'pass';
  readonly eksguard: Verdict;
  /** eksguard's messages for this address (the rule's, or POLICY-UNRESOLVED's). */
  readonly messages: readonly string[];
  /** POLICY-UNRESOLVED reports this resource: an agreement on it may be vacuous. */
  readonly unanalysed: boolean;
}

export function loadCorpus(dir = CORPUS_DIR): Corpus {
  return JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8'));
}

/** `${aws_vpc.main.id}`-style references of a block body, as resource addresses (`aws_vpc.main`, `data.x.y`). */
function referencedAddresses(value: unknown, out: Set<string>): Set<string> {
  if (typeof value === 'string') {
    for (const m of value.matchAll(/\b((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*)\./g)) out.add(m[1]);
  } else if (Array.isArray(value)) {
    for (const v of value) referencedAddresses(v, out);
  } else if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) referencedAddresses(v, out);
  }
  return out;
}

/**
 * eksguard's verdict on each resource of one case. A finding counts for the address it names; a
 * finding on a resource upstream does not judge counts for the judged resources it references
 * (upstream's graph checks judge the `aws_vpc` whose default security group has rules, the
 * `aws_iam_policy_document` a policy uses; eksguard reports the resource that grants or opens).
 * A resource upstream fails that the rule does not flag but POLICY-UNRESOLVED does is `unresolved`.
 */
export function evaluateCase(c: CorpusCase, dir = CORPUS_DIR): Outcome[] {
  const rule = RULES.find((r) => r.id === c.rule);
  if (rule === undefined) throw new Error(`${c.fixture}: eksguard has no rule ${c.rule}`);
  const unresolvedRule = RULES.find((r) => r.id === 'POLICY-UNRESOLVED');
  const json = JSON.parse(readFileSync(path.join(dir, c.fixture), 'utf8'));
  const doc = documentOf(json, c.upstreamId, c.fixture);
  const judged = new Set([...c.pass, ...c.fail]);
  const bodies = new Map(doc.blocks.map((b) => [b.address, b.body]));
  const attribute = (address: string): string[] => {
    if (judged.has(address) || c.fail.includes(ANY_RESOURCE)) return [address];
    // Blocks read out of a role (`aws_iam_role.x.inline_policy[0]`) count for the role.
    const owner = /^(aws_iam_role\.[^.]+)\.inline_policy\[\d+\]$/.exec(address)?.[1];
    if (owner !== undefined && judged.has(owner)) return [owner];
    return [...referencedAddresses(bodies.get(address), new Set())].filter((a) => judged.has(a));
  };
  const collect = (findings: readonly { address: string; message: string }[]): Map<string, string[]> => {
    const by = new Map<string, string[]>();
    for (const f of findings) for (const a of attribute(f.address)) by.set(a, [...(by.get(a) ?? []), f.message]);
    return by;
  };
  const failed = collect(runRules([rule], [doc]).findings);
  const unresolved = unresolvedRule === undefined ? new Map<string, string[]>() : collect(runRules([unresolvedRule], [doc]).findings);
  // POLICY-UNRESOLVED matters where upstream fails a resource: eksguard then says "cannot analyse", not
  // "passes". Where upstream passes, only the compared rule's own verdict counts.
  const verdict = (a: string): { eksguard: Verdict; messages: string[] } => {
    if (a === ANY_RESOURCE) {
      const all = [...failed.values()].flat();
      if (all.length > 0) return { eksguard: 'fail', messages: all };
      const u = [...unresolved.values()].flat();
      return u.length > 0 ? { eksguard: 'unresolved', messages: u } : { eksguard: 'pass', messages: [] };
    }
    if (failed.has(a)) return { eksguard: 'fail', messages: failed.get(a)! };
    if (c.fail.includes(a) && unresolved.has(a)) return { eksguard: 'unresolved', messages: unresolved.get(a)! };
    return { eksguard: 'pass', messages: [] };
  };
  const out: Outcome[] = [];
  for (const [addresses, upstream] of [[c.fail, 'fail'], [c.pass, 'pass']] as const) {
    for (const address of addresses) {
      const unanalysed = address === ANY_RESOURCE ? unresolved.size > 0 : unresolved.has(address);
      out.push({ rule: c.rule, upstreamId: c.upstreamId, fixture: c.fixture, address, upstream, ...verdict(address), unanalysed });
    }
  }
  return out;
}

/** The key a difference is listed under. */
export const keyOf = (o: { rule: string; fixture: string; address: string }): string => `${o.rule} ${o.fixture} ${o.address}`;
