/**
 * The IAM document model: statements as plain objects, deterministic merging and literal rendering.
 * Pure: no cdktf imports. Terraform references may appear only inside string values.
 */

/** `{ StringEquals: { "s3:prefix": ["a/*"] } }` */
export type ConditionBlock = Record<string, Record<string, string | string[]>>;

export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: '*' | Record<string, string | string[]>;
  /** Exactly one of Action and NotAction. */
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: ConditionBlock;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: Statement[];
}

/** What permission builders return: one Allow, in array form, before merging. */
export interface Grant {
  /** Statement id category, letters and digits only (`S3Objects`, `SqsConsume`). */
  readonly sid: string;
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly conditions?: ConditionBlock;
}

/** Context every builder needs to write ARNs out literally. */
export interface AwsContext {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}

const sortedUnique = (values: readonly string[]): string[] => [...new Set(values)].sort();

function canonicalConditions(conditions: ConditionBlock | undefined): ConditionBlock | undefined {
  if (conditions === undefined) return undefined;
  const out: ConditionBlock = {};
  for (const op of Object.keys(conditions).sort()) {
    const keys: Record<string, string | string[]> = {};
    for (const key of Object.keys(conditions[op]).sort()) {
      const raw = conditions[op][key];
      const values = sortedUnique(Array.isArray(raw) ? raw : [raw]);
      keys[key] = values.length === 1 ? values[0] : values;
    }
    out[op] = keys;
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

const one = (values: string[]): string | string[] => (values.length === 1 ? values[0] : values);

interface Working {
  sids: Set<string>;
  actions: string[];
  resources: string[];
  conditions?: ConditionBlock;
}

function mergeBy(items: Working[], keyOf: (w: Working) => string, combine: (into: Working, from: Working) => void): Working[] {
  const groups = new Map<string, Working>();
  for (const item of items) {
    const key = keyOf(item);
    const existing = groups.get(key);
    if (existing === undefined) groups.set(key, { ...item, sids: new Set(item.sids) });
    else {
      combine(existing, item);
      item.sids.forEach((s) => existing.sids.add(s));
    }
  }
  return [...groups.values()];
}

/**
 * Merge grants into one identity policy, independent of their order:
 * statements with the same resources and conditions share one action list, then statements with
 * the same actions and conditions share one resource list. Both steps keep the allowed set exact.
 */
export function permissionPolicy(grants: readonly Grant[]): PolicyDocument {
  let items: Working[] = grants.map((g) => ({
    sids: new Set([g.sid]),
    actions: sortedUnique(g.actions),
    resources: sortedUnique(g.resources),
    conditions: canonicalConditions(g.conditions),
  }));
  const cond = (w: Working) => JSON.stringify(w.conditions ?? null);
  items = mergeBy(items, (w) => `${w.resources.join(',')}|${cond(w)}`, (into, from) => {
    into.actions = sortedUnique([...into.actions, ...from.actions]);
  });
  items = mergeBy(items, (w) => `${w.actions.join(',')}|${cond(w)}`, (into, from) => {
    into.resources = sortedUnique([...into.resources, ...from.resources]);
  });
  // Each statement's sort key made once, not per comparison.
  const statements = items
    .map((w) => {
      const sid = [...w.sids].sort().join('');
      return { sid, w, key: `${sid}\u0000${JSON.stringify([w.actions, w.resources, w.conditions ?? null])}` };
    })
    .sort((a, b) => (a.key < b.key ? -1 : 1));
  const used = new Map<string, number>();
  return {
    Version: '2012-10-17',
    Statement: statements.map(({ sid, w }) => {
      const n = (used.get(sid) ?? 0) + 1;
      used.set(sid, n);
      const statement: Statement = { Sid: n === 1 ? sid : `${sid}${n}`, Effect: 'Allow', Action: one(w.actions), Resource: one(w.resources) };
      if (w.conditions !== undefined) statement.Condition = w.conditions;
      return statement;
    }),
  };
}

/** Literal JSON, keys in IAM's conventional order, no whitespace. Same input, same bytes. */
export function renderPolicy(doc: PolicyDocument): string {
  const order = ['Sid', 'Effect', 'Principal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'] as const;
  return JSON.stringify({
    Version: doc.Version,
    Statement: doc.Statement.map((s) => {
      const out: Record<string, unknown> = {};
      for (const k of order) if (s[k] !== undefined) out[k] = s[k];
      return out;
    }),
  });
}

/**
 * The policy as a Terraform string: the literal JSON. IAM policy variables (`${aws:PrincipalTag/x}`)
 * and any other `${`/`%{` in it are made literal by the one escaping boundary at synth
 * (src/terraform/inert-strings.ts); Terraform references inside it are cdktf tokens and stay live.
 */
export function renderPolicyForTerraform(doc: PolicyDocument): string {
  return renderPolicy(doc);
}

/** Size as IAM quotas count it: characters with whitespace removed. */
export function policySize(json: string): number {
  return json.replace(/\s+/g, '').length;
}

/** IAM's default quotas for one role (non-whitespace characters; attached managed policies). */
export const QUOTAS = { inline: 10_240, managed: 6_144, attachedPolicies: 10 } as const;

/**
 * Fit a permission set into a role's quotas: as much as fits in the inline policy, the rest in
 * managed policies of at most 6,144 characters each (a statement too large alone is split by its
 * resources). Statements keep their order and Sids (pieces get a numeric suffix), so the union of
 * the documents allows exactly what `doc` allows. A problem when even 10 managed policies do not suffice.
 */
export function splitPermissions(doc: PolicyDocument, maxManaged: number = QUOTAS.attachedPolicies): { inline: PolicyDocument; managed: PolicyDocument[] } | { problem: string } {
  const sizeOf = (statements: Statement[]) => policySize(renderPolicy({ Version: '2012-10-17', Statement: statements }));
  if (sizeOf(doc.Statement) <= QUOTAS.inline) return { inline: doc, managed: [] };
  const pieces: Statement[] = [];
  for (const s of doc.Statement) {
    if (sizeOf([s]) <= QUOTAS.managed) {
      pieces.push(s);
      continue;
    }
    const resources = Array.isArray(s.Resource) ? s.Resource : [s.Resource ?? '*'];
    let chunk: string[] = [];
    let n = 0;
    const flush = () => {
      n += 1;
      pieces.push({ ...s, Sid: `${s.Sid ?? 'Part'}Part${n}`, Resource: chunk.length === 1 ? chunk[0] : chunk });
      chunk = [];
    };
    for (const r of resources) {
      if (chunk.length > 0 && sizeOf([{ ...s, Sid: `${s.Sid ?? 'Part'}Part${n + 1}`, Resource: [...chunk, r] }]) > QUOTAS.managed) flush();
      chunk.push(r);
    }
    if (chunk.length > 0) flush();
  }
  const inline: Statement[] = [];
  const managed: Statement[][] = [];
  for (const s of pieces) {
    if (managed.length === 0 && sizeOf([...inline, s]) <= QUOTAS.inline) inline.push(s);
    else if (managed.length > 0 && sizeOf([...managed[managed.length - 1], s]) <= QUOTAS.managed) managed[managed.length - 1].push(s);
    else managed.push([s]);
  }
  if (managed.length > maxManaged) {
    return { problem: `permission policy is ${sizeOf(doc.Statement)} characters: more than the inline policy and ${maxManaged} managed policies can hold` };
  }
  return { inline: { Version: '2012-10-17', Statement: inline }, managed: managed.map((Statement) => ({ Version: '2012-10-17' as const, Statement })) };
}
