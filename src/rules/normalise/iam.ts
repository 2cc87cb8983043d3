/**
 * One normalised model of an IAM policy, built once per policy before rules ask it questions, so
 * that every equivalent way of writing a grant is the same case:
 * - Action/NotAction and Resource/NotResource are one {@link NameSet}: the names listed, or all
 *   names but those (`negated`); actions match case-insensitively with IAM wildcards, in linear time;
 * - Principal and NotPrincipal are one {@link PrincipalSet}: `"*"`, `{"AWS":"*"}`, `{"AWS":["*"]}`,
 *   keys in any case, a bare account id read as `arn:aws:iam::<id>:root`;
 * - each condition is split into its base operator, negation (`StringNotEquals`, `NotIpAddress`,
 *   ...), `IfExists` and set qualifier (`ForAnyValue`/`ForAllValues`), with the key lower-cased (IAM
 *   condition keys are case-insensitive) and the values as a list.
 * Rules then ask: "does it grant this action?", "every action of this service?", "every resource of
 * this type?", "who is admitted, under which conditions?". Pure apart from the catalog's reads.
 */
import type { IamCatalog } from '../catalog';
import { globsIntersect } from '../catalog';
import type { Policy, Statement } from '../model';
import { wildcardMatches } from '../wildcard';
import { AddressSet, cidrSet, isInternet, union } from './network';

/** The names listed, or (negated) every name but those. */
export interface NameSet {
  readonly negated: boolean;
  readonly patterns: readonly string[];
}

export interface Principal {
  /** `AWS`, `Service`, `Federated`, `CanonicalUser`, or `*` for the bare `"*"`. */
  readonly kind: string;
  readonly value: string;
}

export interface PrincipalSet {
  readonly negated: boolean;
  readonly entries: readonly Principal[];
}

export interface Condition {
  /** As written, e.g. `ForAnyValue:StringNotLikeIfExists`. */
  readonly operator: string;
  /** The operator without qualifiers and negation: `StringEquals`, `StringLike`, `ArnLike`, `IpAddress`, `Null`, `Bool`, ... */
  readonly base: string;
  readonly negated: boolean;
  readonly ifExists: boolean;
  readonly set?: 'ForAnyValue' | 'ForAllValues';
  readonly key: string;
  /** The key lower-cased: how rules compare keys. */
  readonly keyLower: string;
  readonly values: readonly string[];
}

export interface IamStatement {
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  readonly actions: NameSet;
  /** Undefined when the statement names no resources (trust policies). */
  readonly resources?: NameSet;
  /** Undefined when the statement names no principals (identity policies). */
  readonly principals?: PrincipalSet;
  readonly conditions: readonly Condition[];
  readonly raw: Statement;
}

const strings = (v: unknown): string[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]).map((x) => String(x));

/** `StringNotEqualsIgnoreCase` → StringEqualsIgnoreCase, negated; `NotIpAddress` → IpAddress, negated. */
export function parseOperator(operator: string): Pick<Condition, 'base' | 'negated' | 'ifExists' | 'set'> {
  let op = operator.trim();
  let set: Condition['set'];
  const q = /^(ForAnyValue|ForAllValues):/i.exec(op);
  if (q !== null) {
    set = q[1].toLowerCase() === 'foranyvalue' ? 'ForAnyValue' : 'ForAllValues';
    op = op.slice(q[0].length);
  }
  const ifExists = /IfExists$/i.test(op);
  if (ifExists) op = op.slice(0, -'IfExists'.length);
  let negated = false;
  const neg = /^(String|Numeric|Date|Arn)Not(.*)$/i.exec(op);
  if (neg !== null) {
    negated = true;
    op = neg[1] + neg[2];
  } else if (/^NotIpAddress$/i.test(op)) {
    negated = true;
    op = 'IpAddress';
  }
  // ArnEquals and ArnLike behave the same in IAM; keep the name, rules compare bases.
  const canonical = ['StringEquals', 'StringEqualsIgnoreCase', 'StringLike', 'NumericEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals', 'DateEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals', 'Bool', 'BinaryEquals', 'IpAddress', 'ArnEquals', 'ArnLike', 'Null'];
  const base = canonical.find((c) => c.toLowerCase() === op.toLowerCase()) ?? op;
  return { base, negated, ifExists, set };
}

const KINDS = ['AWS', 'Service', 'Federated', 'CanonicalUser'];

function principalSet(p: unknown, negated: boolean): PrincipalSet | undefined {
  if (p === undefined || p === null) return undefined;
  const entries: Principal[] = [];
  const push = (kind: string, value: string) => {
    const v = value.trim();
    entries.push({ kind, value: kind === 'AWS' && /^\d{12}$/.test(v) ? `arn:aws:iam::${v}:root` : v });
  };
  if (typeof p === 'string') {
    if (p.trim() === '*') entries.push({ kind: '*', value: '*' });
    else push('AWS', p);
  } else if (Array.isArray(p)) for (const x of strings(p)) x.trim() === '*' ? entries.push({ kind: '*', value: '*' }) : push('AWS', x);
  else if (typeof p === 'object') {
    for (const [k, v] of Object.entries(p as Record<string, unknown>)) {
      const kind = KINDS.find((x) => x.toLowerCase() === k.trim().toLowerCase()) ?? k;
      for (const x of strings(v)) push(kind, x);
    }
  }
  return { negated, entries };
}

function conditionsOf(c: unknown): Condition[] {
  if (c === null || typeof c !== 'object') return [];
  const out: Condition[] = [];
  for (const [operator, block] of Object.entries(c as Record<string, unknown>)) {
    if (block === null || typeof block !== 'object') continue;
    for (const [key, values] of Object.entries(block as Record<string, unknown>)) {
      out.push({ operator, ...parseOperator(operator), key, keyLower: key.toLowerCase(), values: strings(values) });
    }
  }
  return out;
}

/**
 * Whether a policy element is there: `null`, `[]` and `{}` are not (IAM refuses an empty element, and
 * serialisers such as trivy's write every element, empty ones as null or `{}`), so `"NotAction": null`
 * beside an `Action` never reads as "every action but none".
 */
const present = (v: unknown): boolean =>
  v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0) && !(typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0);

export function normaliseStatement(s: Statement): IamStatement {
  const effect = String(s.Effect ?? 'Allow').trim().toLowerCase() === 'deny' ? 'Deny' : 'Allow';
  const actions: NameSet = present(s.NotAction) ? { negated: true, patterns: strings(s.NotAction) } : { negated: false, patterns: strings(s.Action) };
  const resources: NameSet | undefined = present(s.NotResource) ? { negated: true, patterns: strings(s.NotResource) } : s.Resource !== undefined ? { negated: false, patterns: strings(s.Resource) } : undefined;
  const principals = present(s.NotPrincipal) ? principalSet(s.NotPrincipal, true) : principalSet(s.Principal, false);
  return { sid: s.Sid, effect, actions, resources, principals, conditions: conditionsOf(s.Condition), raw: s };
}

const models = new WeakMap<Policy, IamStatement[]>();

/** The policy's statements, normalised once (cached per policy). */
export function iamStatements(p: Policy | undefined): IamStatement[] {
  if (p === undefined) return [];
  let m = models.get(p);
  if (m === undefined) {
    m = (p.Statement ?? []).map(normaliseStatement);
    models.set(p, m);
  }
  return m;
}

export function iamAllows(p: Policy | undefined): IamStatement[] {
  if (p === undefined) return [];
  let m = allowModels.get(p);
  if (m === undefined) allowModels.set(p, (m = iamStatements(p).filter((s) => s.effect === 'Allow')));
  return m;
}
const allowModels = new WeakMap<Policy, IamStatement[]>();

/**
 * A rule's answer about one policy, computed once per policy object and catalog. readPolicy gives
 * every block of a document that holds the same text under the same attribute the same object, so
 * a rule asks a policy shared by many roles once. Only for answers that read nothing but the policy
 * and the catalog (`key`, the rule id, names the question): never the block, its document or options.
 */
export function perPolicy<T>(p: Policy | undefined, key: string, catalog: IamCatalog, compute: () => T): T {
  if (p === undefined) return compute();
  let byPolicy = ANSWERS.get(catalog);
  if (byPolicy === undefined) ANSWERS.set(catalog, (byPolicy = new WeakMap()));
  let answers = byPolicy.get(p);
  if (answers === undefined) byPolicy.set(p, (answers = new Map()));
  if (answers.has(key)) return answers.get(key) as T;
  const v = compute();
  answers.set(key, v);
  return v;
}
const ANSWERS = new WeakMap<IamCatalog, WeakMap<Policy, Map<string, unknown>>>();

// ---- actions ---------------------------------------------------------------------------------

/** Two stand-ins for "any text": one character, and a longer run holding `:` and `/`, so only `*` matches both. */
const ANY = ['\u0001', '\u0001\u0002:/\u0003\u0001/:\u0002'];

const patternMatchesAction = (pattern: string, action: string) => wildcardMatches(pattern.trim(), action, { ignoreCase: true });

/** Whether a concrete action (`iam:PassRole`) is in the set. */
export function includesAction(set: NameSet, action: string): boolean {
  const hit = set.patterns.some((p) => patternMatchesAction(p, action));
  return set.negated ? !hit : hit;
}

/** Whether a pattern names every action of every service (`*`, `*:*`, `?*:*`). */
const everyAction = (p: string) => ANY.every((a) => patternMatchesAction(p, `${a}:${a}`));

/** Every action, or (NotAction) every action but a few: what `Action "*"` rules must flag. */
export function grantsEveryAction(set: NameSet): boolean {
  return set.negated ? !set.patterns.some(everyAction) : set.patterns.some(everyAction);
}

/** The catalog actions of a service in the set (`service:Name` as the catalog spells them). */
export function actionsOfService(set: NameSet, service: string, catalog: IamCatalog): string[] {
  // The same action lists recur across a file's statements: expand each (list, service) once per catalog.
  let memo = SERVICE_ACTIONS.get(catalog);
  if (memo === undefined) SERVICE_ACTIONS.set(catalog, (memo = new Map()));
  const key = `${set.negated ? '!' : ''}${service}\u0000${set.patterns.join('\u0000')}`;
  let out = memo.get(key);
  if (out === undefined) memo.set(key, (out = expandActionsOfService(set, service, catalog)));
  return out;
}
const SERVICE_ACTIONS = new WeakMap<IamCatalog, Map<string, string[]>>();

function expandActionsOfService(set: NameSet, service: string, catalog: IamCatalog): string[] {
  // Only patterns whose service part can name this service matter; the rest are skipped once, not per action.
  const relevant = set.patterns.filter((p) => {
    const t = p.trim();
    const i = t.indexOf(':');
    return i < 0 ? /^[*]+$/.test(t) : wildcardMatches(t.slice(0, i), service, { ignoreCase: true }) || t.slice(0, i).includes('*');
  });
  const narrowed: NameSet = { negated: set.negated, patterns: relevant };
  if (!set.negated && relevant.length === 0) return [];
  return Object.values(catalog.service(service) ?? {})
    .map((a) => `${service}:${a.name}`)
    .filter((a) => includesAction(narrowed, a));
}

/** How many actions a service's catalog entry holds (counted once per entry). */
function actionCount(known: object): number {
  let n = ACTION_COUNTS.get(known);
  if (n === undefined) ACTION_COUNTS.set(known, (n = Object.keys(known).length));
  return n;
}
const ACTION_COUNTS = new WeakMap<object, number>();

/** Whether the set holds every action of a service (`s3:*`, `S3:*`, `*`, `s3:?*`, NotAction not naming s3 ...). */
export function grantsEveryActionOf(set: NameSet, service: string, catalog: IamCatalog): boolean {
  const known = catalog.service(service);
  const count = known === undefined ? 0 : actionCount(known);
  if (count > 0) return actionsOfService(set, service, catalog).length === count;
  const all = (p: string) => ANY.every((a) => patternMatchesAction(p, `${service}:${a}`));
  return set.negated ? !set.patterns.some((p) => globsIntersect(p.toLowerCase(), `${service.toLowerCase()}:*`)) : set.patterns.some(all);
}

/** Whether any action the set holds can match an action pattern (`s3:Get*`): the sets intersect. */
export function intersectsActions(set: NameSet, pattern: string, catalog: IamCatalog): boolean {
  const service = pattern.slice(0, pattern.indexOf(':'));
  if (catalog.service(service) !== undefined) return actionsOfService(set, service, catalog).some((a) => patternMatchesAction(pattern, a));
  if (set.negated) return !set.patterns.some((p) => everyAction(p));
  return set.patterns.some((p) => globsIntersect(p.toLowerCase(), pattern.toLowerCase()));
}

// ---- resources -------------------------------------------------------------------------------

/** A Terraform reference names one resource: it never matches a stand-in for "any". */
const literal = (pattern: string) => pattern.trim().replace(/\$\{[^}]*\}/g, '\u0000');

/** Whether a resource pattern names every resource (`*`, `arn:*`, `arn:aws:*`, `arn:*:*:*:*:*`). */
function everyResource(pattern: string): boolean {
  return memoised(EVERY_RESOURCE, pattern, () => everyResourceOnce(pattern));
}
const EVERY_RESOURCE = new Map<string, boolean>();

function everyResourceOnce(pattern: string): boolean {
  const p = literal(pattern);
  return ANY.every((a) => wildcardMatches(p, `arn:aws:${a}:${a}:${a}:${a}`) || wildcardMatches(p, `arn:aws-cn:${a}:${a}:${a}:${a}`) || wildcardMatches(p, `arn:aws-us-gov:${a}:${a}:${a}:${a}`));
}

/** Every resource, or (NotResource) every resource but a few. */
export function grantsEveryResource(set: NameSet | undefined): boolean {
  if (set === undefined) return false;
  return set.negated ? !set.patterns.some(everyResource) : set.patterns.some(everyResource);
}

/**
 * Whether a resource pattern names every resource of a catalog type. `anywhere`: in every account
 * and region (`arn:aws:secretsmanager:*:*:secret:*`); `account`: every one in the account and
 * region it names (`arn:aws:kms:eu-west-1:111122223333:key/*`). The partition is the pattern's own.
 */
export function patternCoversType(pattern: string, template: string, scope: 'anywhere' | 'account'): boolean {
  return memoised(COVERS_TYPE, `${scope}\u0000${template}\u0000${pattern}`, () => patternCoversTypeOnce(pattern, template, scope));
}
const COVERS_TYPE = new Map<string, boolean>();

/**
 * A pure answer about strings, remembered for the process (rules ask the same of every policy that
 * names the same resources), forgetting everything past MEMO_LIMIT entries.
 */
function memoised(memo: Map<string, boolean>, key: string, compute: () => boolean): boolean {
  let v = memo.get(key);
  if (v === undefined) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(key, (v = compute()));
  }
  return v;
}
const MEMO_LIMIT = 50_000;

function patternCoversTypeOnce(pattern: string, template: string, scope: 'anywhere' | 'account'): boolean {
  const p = literal(pattern);
  const pf = p.split(':');
  const tf = template.split(':');
  if (tf.length < 6) return false;
  return ANY.every((a) => {
    const fields = tf.slice(0, 5).map((f, i) => {
      if (!/\$\{/.test(f)) return f;
      if (i === 1) return pf[1] !== undefined && !/[*?\u0000]/.test(pf[1]) ? pf[1] : 'aws';
      // A reference (`${data.aws_caller_identity.c.account_id}`, `${var.region}`) names one account or region: in this scope it is as fixed as a literal.
      if (scope === 'account' && pf[i] !== undefined && !/[*?]/.test(pf[i])) return pf[i];
      return a;
    });
    const rest = tf.slice(5).join(':').replace(/\$\{[^}]+\}/g, a);
    return wildcardMatches(p, [...fields, rest].join(':'));
  });
}

/** Whether the set names every resource of a catalog type (service, type key), in the scope asked. */
export function grantsEveryResourceOfType(set: NameSet | undefined, service: string, typeKey: string, catalog: IamCatalog, scope: 'anywhere' | 'account' = 'anywhere'): boolean {
  if (set === undefined) return false;
  if (grantsEveryResource(set)) return true;
  const type = catalog.resourceType(service, typeKey);
  if (type === undefined) return false;
  if (set.negated) return !set.patterns.some((p) => patternCoversType(p, type.arn, 'account'));
  return set.patterns.some((p) => patternCoversType(p, type.arn, scope));
}

/** Whether a statement grants a concrete action on every resource it applies to (every resource, or every one of a type the action takes). */
export function grantsActionEverywhere(s: IamStatement, action: string, catalog: IamCatalog, scope: 'anywhere' | 'account' = 'anywhere'): boolean {
  if (!includesAction(s.actions, action)) return false;
  if (grantsEveryResource(s.resources)) return true;
  const [service, name] = [action.slice(0, action.indexOf(':')), action.slice(action.indexOf(':') + 1)];
  const a = catalog.action(service, name);
  return a !== undefined && a.resourceTypes.some((t) => grantsEveryResourceOfType(s.resources, service, t.name, catalog, scope));
}

// ---- principals and conditions ----------------------------------------------------------------

/** A principal value naming everyone of its kind: `*`, or any wildcard (IAM admits no partial ones). */
export const isWildcardPrincipal = (p: Principal): boolean => p.value.includes('*') || p.value.includes('?');

/**
 * Whether an Allow admits anyone (of a kind: `AWS`, `Service`, `Federated`; any kind when omitted):
 * a wildcard principal, or NotPrincipal (everyone but those named).
 */
export function admitsAnyone(s: IamStatement, kind?: string): boolean {
  if (s.effect !== 'Allow' || s.principals === undefined) return false;
  if (s.principals.negated) return true;
  return s.principals.entries.some((e) => isWildcardPrincipal(e) && (kind === undefined || e.kind === kind || e.kind === '*'));
}

/** The principals of a kind an Allow names (the bare `"*"` counts for every kind). */
export const principalsOfKind = (s: IamStatement, kind: string): string[] =>
  s.principals === undefined || s.principals.negated ? [] : s.principals.entries.filter((e) => e.kind === kind || e.kind === '*').map((e) => e.value);

/**
 * Whether a condition narrows who or what matches: a positive operator that must hold. A negated
 * one (admits all but the values), `...IfExists` (holds when the key is absent), `ForAnyValue` /
 * `ForAllValues` (set operators on what may be a single-valued key) and `Null` checks do not.
 */
export const constrains = (c: Condition): boolean => !c.negated && !c.ifExists && c.set === undefined && c.base !== 'Null';

/** Operators whose values may hold `*` and `?` wildcards (ArnEquals matches like ArnLike). */
const LIKE = new Set(['StringLike', 'ArnLike', 'ArnEquals']);

/**
 * Whether one value of a constraining condition names a bounded set of callers or origins that a
 * stranger cannot join. A wildcard under a Like operator admits everything it can match, so it
 * narrows only inside an ARN whose account (field 5) is fixed, or an organisation path whose org is
 * fixed (`o-abc/r-1/*`); `1*`, `o-*`, `eu-west-1:*` (every identity pool of a region),
 * `arn:aws:iam::*:role/x` and `*.amazonaws.com` narrow nothing. `0.0.0.0/0` and `::/0` are every address.
 */
export function valueNarrows(c: Pick<Condition, 'base'>, value: string): boolean {
  const v = value.trim();
  if (v === '') return false;
  if (c.base === 'IpAddress') return !/\/0+$/.test(v);
  if (!LIKE.has(c.base) || !/[*?]/.test(v)) return true;
  // A Terraform reference names one value: only wildcards written outside `${...}` count.
  const fixed = (part: string | undefined) => part !== undefined && part !== '' && !/[*?]/.test(part.replace(/\$\{[^}]*\}/g, ''));
  const arn = v.replace(/\$\{[^}]*\}/g, (r) => r.replace(/:/g, '')).split(':');
  if (arn.length >= 6 && arn[0].toLowerCase() === 'arn') return fixed(arn[4]);
  const slash = v.indexOf('/');
  return /^o-/i.test(v) && slash > 0 && fixed(v.slice(0, slash));
}

/**
 * Whether a constraining condition narrows: every value it admits narrows (one wildcard value opens
 * it). An `IpAddress` condition is judged on the union of its values, as the security-group rules
 * are: `0.0.0.0/1` + `128.0.0.0/1` is every address, and so is any list that together holds at least
 * half the public space (see normalise/network). A bare address is its /32 (or /128); a value that
 * does not parse (a reference) is one unknown address, which narrows.
 */
export function conditionNarrows(c: Condition): boolean {
  if (!constrains(c) || c.values.length === 0 || !c.values.every((v) => valueNarrows(c, v))) return false;
  if (c.base !== 'IpAddress') return true;
  const sets = c.values.map((v) => v.trim()).map((v) => cidrSet(v.includes('/') ? v : `${v}/${v.includes(':') ? 128 : 32}`));
  return !isInternet(union(sets.filter((s): s is AddressSet => s !== undefined)));
}

/** Conditions on a key (compared case-insensitively; a suffix such as `:sub` matches any issuer's). */
export function conditionsOn(s: IamStatement, key: string): Condition[] {
  const k = key.toLowerCase();
  return s.conditions.filter((c) => (k.startsWith(':') ? c.keyLower.endsWith(k) : c.keyLower === k));
}
