/**
 * Runs the rule pack over Terraform JSON documents and applies acknowledgements. Pure apart from
 * the catalog's file reads: no cdktf imports.
 */
import { isTargetProblem, parseTarget, targetMatches } from './acknowledgements';
import { IamCatalog } from './catalog';
import { Finding, Policy, readPolicy, Severity, TfBlock, TfDocument } from './model';
import { guardDynamic, hasUnresolvedDynamic } from './normalise/dynamic';

export interface RuleOptions {
  /** The account's trust policy quota. @default 2048 */
  readonly trustPolicyMaxChars?: number;
}

export interface RuleContext {
  readonly doc: TfDocument;
  readonly docs: readonly TfDocument[];
  readonly catalog: IamCatalog;
  readonly options: Required<RuleOptions>;
  /** The block's policy attribute as a document; undefined when absent or not analysable (POLICY-UNRESOLVED reports those). */
  policy(block: TfBlock, attribute: string): Policy | undefined;
  /** Blocks of a type in the same file (indexed once per document: never scan it per block). */
  blocksOf(type: string): readonly TfBlock[];
  /**
   * Blocks of a type in the same file whose key equals `value`: `key` is computed once per block
   * and the index built once per document and `keyName`, so a lookup per block keeps a rule linear.
   * `key` may return several keys (or none: undefined).
   */
  blocksBy(type: string, keyName: string, key: (b: TfBlock) => unknown, value: unknown): readonly TfBlock[];
  /** A value computed once per document (`key` names it; the same key must always compute the same thing). */
  memo<T>(key: string, compute: () => T): T;
  /** A value computed once per run, across all documents (e.g. an index over `docs`). */
  memoRun<T>(key: string, compute: () => T): T;
}

export interface Rule {
  /** Also the rule's file name in src/rules. */
  readonly id: string;
  readonly severity: Severity;
  readonly title: string;
  /** Why it matters: what an attacker or an outage gets from a failing block, and the source of the rule. */
  readonly why: string;
  readonly fix: string;
  /** Block types the rule reads (`data.<type>` for data sources). */
  readonly types: readonly string[];
  /** Why the block fails, or undefined when it passes. */
  check(block: TfBlock, ctx: RuleContext): string | undefined;
}

export interface Acknowledgement {
  /** One rule id, exactly. */
  readonly rule: string;
  /** `[<stack>/]<type>.<name>`; `*` only inside the name (see acknowledgements.ts). */
  readonly target: string;
  readonly reason: string;
  /**
   * How many findings it may cover (an explicit opt-in for a glob or a stack-less target that
   * reaches several); covering more acknowledges none of them. @default 1
   */
  readonly matches?: number;
  /** `YYYY-MM-DD`: the acknowledgement stops applying after this day. */
  readonly expires?: string;
  /** Where it comes from: a config path (`acknowledgements[0]`, `clusters[0].endpointAccess`). */
  readonly source: string;
  /** Only findings in this file (as the documents name it): how `check` pins a report's acknowledgement to the bytes it was made for. */
  readonly file?: string;
}

export interface RuleRun {
  /** Findings no acknowledgement covers. */
  readonly findings: Finding[];
  readonly acknowledged: Array<Finding & { readonly acknowledgement: Acknowledgement }>;
  /** Acknowledgements that apply to nothing: expired, matching nothing, or matching more than their `matches`. */
  readonly stale: Array<{ readonly acknowledgement: Acknowledgement; readonly why: string }>;
  /** Acknowledgements that cover more than one finding (`<stack>/<address>` of each), reported on every run. */
  readonly multiple: Array<{ readonly acknowledgement: Acknowledgement; readonly covers: string[] }>;
  /** How many blocks each rule read. */
  readonly checked: Record<string, number>;
}

export interface RunOptions extends RuleOptions {
  readonly acknowledgements?: readonly Acknowledgement[];
  /** `YYYY-MM-DD` to judge expiry against. @default today (UTC) */
  readonly today?: string;
  /** Config path of an address, for findings on eksguard's own resources. */
  readonly configPathOf?: (stack: string, address: string) => string | undefined;
}

export function runRules(rules: readonly Rule[], docs: readonly TfDocument[], options: RunOptions = {}): RuleRun {
  const { findings, checked } = evaluateRules(rules, docs, options);
  return { ...acknowledge(findings, options.acknowledgements ?? [], options.today), checked };
}

/**
 * One catalog for the process: its data never changes, and synth runs the pack once per cluster, so
 * a catalog per run re-read the same service files and lost every expansion memo (keyed by catalog).
 */
let catalogOfProcess: IamCatalog | undefined;
function sharedCatalog(): IamCatalog {
  return (catalogOfProcess ??= new IamCatalog());
}

/** Every finding of the rules on the documents, sorted by stack, address and rule; no acknowledgements applied. */
export function evaluateRules(rules: readonly Rule[], docs: readonly TfDocument[], options: RunOptions = {}): { findings: Finding[]; checked: Record<string, number> } {
  const catalog = sharedCatalog();
  const opts: Required<RuleOptions> = { trustPolicyMaxChars: options.trustPolicyMaxChars ?? 2048 };
  const all: Finding[] = [];
  const checked: Record<string, number> = {};
  const run = new Map<string, unknown>();
  const memoIn = <T>(cache: Map<string, unknown>, key: string, compute: () => T): T => {
    if (!cache.has(key)) cache.set(key, compute());
    return cache.get(key) as T;
  };
  for (const doc of docs) {
    const byType = new Map<string, TfBlock[]>();
    for (const raw of doc.blocks) {
      // A block with a dynamic block that could not be expanded: reading that block type throws (reported as "could not be analysed").
      const b = hasUnresolvedDynamic(raw.body) ? { ...raw, body: guardDynamic(raw.body) } : raw;
      const key = b.kind === 'data' ? `data.${b.type}` : b.type;
      const bucket = byType.get(key);
      if (bucket === undefined) byType.set(key, [b]);
      else bucket.push(b);
    }
    const policies = new Map<string, Map<string, Policy | undefined>>();
    const cache = new Map<string, unknown>();
    const memo = <T>(key: string, compute: () => T): T => memoIn(cache, key, compute);
    const blocksOf = (type: string): readonly TfBlock[] => byType.get(type) ?? [];
    const indexes = new Map<string, Map<string, Map<unknown, TfBlock[]>>>();
    const ctx: RuleContext = {
      doc,
      docs,
      catalog,
      options: opts,
      blocksOf,
      blocksBy: (type, keyName, key, value) => {
        // Nested maps, not a concatenated key: this runs once per block and rule.
        let byName = indexes.get(type);
        if (byName === undefined) indexes.set(type, (byName = new Map()));
        let index = byName.get(keyName);
        if (index === undefined) {
          index = new Map<unknown, TfBlock[]>();
          for (const b of blocksOf(type)) {
            const keys = key(b);
            for (const k of new Set(Array.isArray(keys) ? (keys as unknown[]) : [keys])) {
              if (k === undefined) continue;
              const bucket = index.get(k);
              if (bucket === undefined) index.set(k, [b]);
              else bucket.push(b);
            }
          }
          byName.set(keyName, index);
        }
        return index.get(value) ?? [];
      },
      memo,
      memoRun: (key, compute) => memoIn(run, key, compute),
      policy: (block, attribute) => {
        // Keyed by the block's address, then the attribute: no string built per call (many rules read each policy).
        let byAttribute = policies.get(block.address);
        if (byAttribute === undefined) policies.set(block.address, (byAttribute = new Map()));
        if (!byAttribute.has(attribute)) {
          const read = readPolicy(block, attribute, doc);
          byAttribute.set(attribute, 'policy' in read ? read.policy : undefined);
        }
        return byAttribute.get(attribute);
      },
    };
    for (const rule of rules) {
      for (const type of rule.types) {
        const bucket = byType.get(type);
        if (bucket === undefined) continue;
        // Every block of the type is read (counted once per type, not per block).
        checked[rule.id] = (checked[rule.id] ?? 0) + bucket.length;
        for (const block of bucket) {
          let why: string | undefined;
          let severity = rule.severity;
          try {
            why = rule.check(block, ctx);
          } catch (e) {
            // A shape the rule cannot read: say so, never pass silently and never stop the run.
            why = `could not be analysed (${(e as Error).message})`;
            severity = 'warning';
          }
          if (why === undefined) continue;
          all.push({ ruleId: rule.id, severity, stack: doc.stack, file: block.file, address: block.address, configPath: options.configPathOf?.(doc.stack, block.address), message: `${rule.title}: ${why}`, fix: rule.fix });
        }
      }
    }
  }
  const sortKey = new Map(all.map((f) => [f, `${f.stack}\u0000${f.address}\u0000${f.ruleId}`]));
  all.sort((a, b) => (sortKey.get(a)! < sortKey.get(b)! ? -1 : sortKey.get(a)! > sortKey.get(b)! ? 1 : 0));
  return { findings: all, checked };
}

/**
 * Split findings into open and acknowledged. An acknowledgement covers the findings of its one rule
 * within its target's reach, at most `matches` (default 1) of them: one that matches more is refused
 * for all of them (they stay open) and reported, so a glob never silently grows over resources added
 * later. Expired ones, ones with a target that is not an address and ones that match nothing are
 * stale; ones covering several findings are listed in `multiple`.
 */
export function acknowledge(all: readonly Finding[], acknowledgements: readonly Acknowledgement[], todayOverride?: string): Omit<RuleRun, 'checked'> {
  const today = todayOverride ?? new Date().toISOString().slice(0, 10);
  const stale: RuleRun['stale'] = [];
  const multiple: RuleRun['multiple'] = [];
  const coveredBy = new Map<Finding, Acknowledgement>();
  for (const ack of acknowledgements) {
    if (ack.expires !== undefined && ack.expires < today) {
      stale.push({ acknowledgement: ack, why: `expired on ${ack.expires}` });
      continue;
    }
    const target = parseTarget(ack.target);
    if (isTargetProblem(target)) {
      stale.push({ acknowledgement: ack, why: `is not applied: its target ${target.message}` });
      continue;
    }
    const covered = all.filter((f) => f.ruleId === ack.rule && (ack.file === undefined || f.file === ack.file) && targetMatches(target, f.stack, f.address));
    const allowed = ack.matches ?? 1;
    const where = covered.map((f) => `${f.stack}/${f.address}`);
    if (covered.length === 0) stale.push({ acknowledgement: ack, why: 'matches no finding' });
    else if (covered.length > allowed) {
      stale.push({ acknowledgement: ack, why: `matches ${covered.length} findings (${where.join(', ')}), more than its matches: ${allowed}, so it acknowledges none of them; narrow the target or, once each is reviewed, set matches: ${covered.length}` });
    } else {
      for (const f of covered) if (!coveredBy.has(f)) coveredBy.set(f, ack);
      if (covered.length > 1) multiple.push({ acknowledgement: ack, covers: where });
    }
  }
  const findings: Finding[] = [];
  const acknowledged: RuleRun['acknowledged'] = [];
  for (const f of all) {
    const ack = coveredBy.get(f);
    if (ack === undefined) findings.push(f);
    else acknowledged.push({ ...f, acknowledgement: ack });
  }
  return { findings, acknowledged, stale, multiple };
}
