/**
 * Terraform `dynamic` blocks, expanded before any rule runs, for every nested block type.
 *
 * In Terraform JSON a resource (or any nested block) may hold
 * `"dynamic": {"ingress": [{"for_each": [...], "iterator": "rule", "content": [{...}]}]}` (the spec
 * and `content` as an object or a one-element array, `dynamic` itself as an object or an array of
 * objects). When `for_each` is a literal list, set or map of values (JSON, or a `${[...]}`,
 * `${toset([...])}`, `${tolist([...])}`, `${tomap({...})}` of JSON-compatible literals, or a
 * `${local.x}` (possibly inside those functions) whose value in the file is literal), each element
 * becomes one more block of that type beside the static ones, with `${<it>.value}`,
 * `${<it>.value.x}`, `${<it>.value["x"]}`, `${<it>.value[0]}` and `${<it>.key}` substituted (`<it>`
 * is the `iterator`, by default the block type): a whole-string reference takes the value with its
 * type, a reference inside a longer string is replaced by the text of a scalar. Nested `dynamic`
 * blocks are expanded after the outer substitution, so an inner `for_each` over `${outer.value.x}`
 * expands too.
 *
 * A `for_each` that is not a literal (a `${var.x}`, a resource attribute, a `for` expression) cannot
 * be expanded without a plan: the spec stays under `dynamic`, and the block type is recorded as
 * unresolved. The engine gives rules a guarded view of such blocks ({@link guardDynamic}) in which
 * reading that block type throws, so every rule that reads it reports "could not be analysed"
 * (a warning) instead of passing on the static blocks alone. Pure.
 */

/** Block types with a dynamic block that could not be expanded, per object (the object holding `dynamic`). */
const unresolvedAt = new WeakMap<object, Map<string, string>>();
/** Objects (and their ancestors, up to the block body) that hold an unresolved dynamic block somewhere. */
const holdsUnresolved = new WeakSet<object>();

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A body with every expandable `dynamic` block expanded; the input is not modified (returned as is when it has none). */
export function expandDynamic<T>(body: T, locals: Record<string, unknown> = {}): T {
  return walk(body, locals) as T;
}

/** Whether a (possibly expanded) body has a dynamic block that could not be expanded. */
export function hasUnresolvedDynamic(body: unknown): boolean {
  return body !== null && typeof body === 'object' && holdsUnresolved.has(body);
}

/** Why each block type of this object could not be expanded (`ingress` → `for_each is ${var.rules}`). */
export function unresolvedDynamics(obj: unknown): ReadonlyMap<string, string> {
  return (obj !== null && typeof obj === 'object' && unresolvedAt.get(obj)) || new Map();
}

/**
 * A read-only view of a body in which reading a block type that has an unexpandable dynamic block
 * throws an Error saying so; everything else reads as the body does.
 */
export function guardDynamic<T>(body: T): T {
  if (body === null || typeof body !== 'object' || !holdsUnresolved.has(body)) return body;
  return new Proxy(body as object, {
    get(target, prop, receiver) {
      const why = typeof prop === 'string' ? unresolvedAt.get(target)?.get(prop) : undefined;
      if (why !== undefined) throw new Error(`a dynamic "${String(prop)}" block cannot be expanded: ${why}`);
      return guardDynamic(Reflect.get(target, prop, receiver));
    },
    set() {
      return false;
    },
  }) as T;
}

function walk(v: unknown, locals: Record<string, unknown>): unknown {
  if (Array.isArray(v)) {
    let changed = false;
    const out = v.map((x) => {
      const y = walk(x, locals);
      if (y !== x) changed = true;
      return y;
    });
    if (!changed) return v;
    if (out.some((x) => x !== null && typeof x === 'object' && holdsUnresolved.has(x))) holdsUnresolved.add(out);
    return out;
  }
  if (!isObject(v)) return v;
  let out: Record<string, unknown> | undefined;
  for (const k of Object.keys(v)) {
    if (k === 'dynamic') continue;
    const x = v[k];
    const y = walk(x, locals);
    if (y !== x) (out ??= { ...v })[k] = y;
  }
  if (v.dynamic !== undefined) out = expandHere(out ?? { ...v }, locals);
  if (out === undefined) return v;
  if (Object.values(out).some((x) => x !== null && typeof x === 'object' && holdsUnresolved.has(x))) holdsUnresolved.add(out);
  return out;
}

/** Expand the `dynamic` entry of one object (its other values already walked). */
function expandHere(obj: Record<string, unknown>, locals: Record<string, unknown>): Record<string, unknown> {
  const specsByType = new Map<string, unknown[]>();
  for (const group of Array.isArray(obj.dynamic) ? obj.dynamic : [obj.dynamic]) {
    if (!isObject(group)) continue;
    for (const [type, specs] of Object.entries(group)) specsByType.set(type, [...(specsByType.get(type) ?? []), ...(Array.isArray(specs) ? specs : [specs])]);
  }
  const left: Record<string, unknown[]> = {};
  const unresolved = new Map<string, string>();
  for (const [type, specs] of specsByType) {
    const expanded: unknown[] = [];
    for (const spec of specs) {
      const items = isObject(spec) ? collection(spec.for_each, locals) : undefined;
      if (items === undefined) {
        (left[type] ??= []).push(spec);
        const fe = isObject(spec) ? spec.for_each : undefined;
        unresolved.set(type, `for_each is ${typeof fe === 'string' ? fe.slice(0, 80) : JSON.stringify(fe) ?? 'absent'}, not a literal list, set or map`);
        continue;
      }
      const s = spec as Record<string, unknown>;
      // `iterator = rule` is "rule" in Terraform JSON and "${rule}" as @cdktf/hcl2json writes it.
      const named = typeof s.iterator === 'string' ? /^\s*(?:\$\{\s*)?([A-Za-z_][\w-]*)(?:\s*\})?\s*$/.exec(s.iterator)?.[1] : undefined;
      const iterator = named ?? type;
      const content = Array.isArray(s.content) ? s.content[0] : s.content;
      for (const item of items) expanded.push(walk(substitute(isObject(content) ? content : {}, iterator, item), locals));
    }
    if (expanded.length > 0) {
      const existing = obj[type];
      obj[type] = [...(existing === undefined || existing === null ? [] : Array.isArray(existing) ? existing : [existing]), ...expanded];
    }
  }
  if (Object.keys(left).length === 0) delete obj.dynamic;
  else {
    obj.dynamic = left;
    unresolvedAt.set(obj, unresolved);
    holdsUnresolved.add(obj);
  }
  return obj;
}

/**
 * The bodies of a resource's instances when its own `for_each` is a literal (the same literals a
 * dynamic block's `for_each` may be): `${each.value...}` and `${each.key}` substituted in each; or
 * when its `count` is a literal number: `count.index` substituted. Undefined when the block has
 * neither, or one that is not a literal (its `${each...}` / `${count.index}` values then stay
 * references, which rules read as unknown).
 */
export function forEachInstances(body: unknown, locals: Record<string, unknown> = {}): unknown[] | undefined {
  if (!isObject(body)) return undefined;
  if (body.for_each === undefined) return countInstances(body);
  const items = collection(body.for_each, locals);
  return items?.map((item) => substitute(body, 'each', item));
}

/** At most this many instances of a counted resource are read one by one (more is read as the one body, its `count.index` unknown). */
const MAX_COUNT = 256;

/** A literal `count` (a number or numeric text): one body per index with `${count.index}` substituted (inside longer expressions too: `local.x[count.index]`). */
function countInstances(body: Record<string, unknown>): unknown[] | undefined {
  const c = body.count;
  const n = typeof c === 'number' ? c : typeof c === 'string' && /^\s*\d+\s*$/.test(c) ? Number(c) : undefined;
  if (n === undefined || !Number.isInteger(n) || n < 0 || n > MAX_COUNT) return undefined;
  const put = (v: unknown, i: number): unknown => {
    if (typeof v === 'string') {
      if (/^\$\{\s*count\s*\.\s*index\s*\}$/.test(v.trim())) return i;
      return v.replace(/\$\{[^{}]*\}/g, (expr) => expr.replace(/\bcount\s*\.\s*index\b/g, String(i)));
    }
    if (Array.isArray(v)) return v.map((x) => put(x, i));
    if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, put(x, i)]));
    return v;
  };
  return Array.from({ length: n }, (_, i) => put(body, i));
}

/** A local's value: Terraform JSON's locals object, or the list of objects @cdktf/hcl2json writes (spread into numeric keys). */
export function localValue(locals: Record<string, unknown>, name: string): unknown {
  if (Object.prototype.hasOwnProperty.call(locals, name)) return locals[name];
  return (Object.values(locals).find((x: any) => x !== null && typeof x === 'object' && !Array.isArray(x) && Object.prototype.hasOwnProperty.call(x, name)) as any)?.[name];
}

const LOCAL_PATH = /^\s*local\s*\.\s*([A-Za-z_][\w-]*)((?:\s*(?:\.\s*[A-Za-z_][\w-]*|\[\s*(?:"[^"]*"|\d+)\s*\]))*)\s*$/;
const PATH_STEP = /\.\s*([A-Za-z_][\w-]*)|\[\s*"([^"]*)"\s*\]|\[\s*(\d+)\s*\]/g;

/**
 * The value of `local.x`, `local.x.y`, `local.x["y"]` or `local.x[0]` (an expression, without
 * `${ }`) when the file's locals say it: `{ value }`, or undefined when it is not such a path or
 * the path does not resolve.
 */
export function readLocal(locals: Record<string, unknown>, expr: string): { value: unknown } | undefined {
  const m = LOCAL_PATH.exec(expr);
  if (m === null) return undefined;
  let value = localValue(locals, m[1]);
  if (value === undefined) return undefined;
  for (const step of m[2].matchAll(PATH_STEP)) {
    const key = step[1] ?? step[2] ?? step[3];
    if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return { value };
}

interface Item {
  readonly key: unknown;
  readonly value: unknown;
}

/** The elements of a literal `for_each`, or undefined when it is not a literal. */
function collection(forEach: unknown, locals: Record<string, unknown>): Item[] | undefined {
  let v = forEach;
  let isSet = false;
  if (typeof v === 'string') {
    let expr = /^\$\{([\s\S]*)\}$/.exec(v.trim())?.[1]?.trim();
    if (expr === undefined) return undefined;
    for (let fn = /^(toset|tolist|tomap)\(([\s\S]*)\)$/.exec(expr); fn !== null; fn = /^(toset|tolist|tomap)\(([\s\S]*)\)$/.exec(expr)) {
      if (fn[1] === 'toset') isSet = true;
      expr = fn[2].trim();
    }
    const local = /^local\s*\./.test(expr) ? readLocal(locals, expr) : undefined;
    if (local !== undefined) {
      // A local of the file (or a path into one) whose value is literal (no reference inside) is read as that literal.
      const value = local.value;
      if (value === undefined || typeof value === 'string' || JSON.stringify(value).includes('${')) return undefined;
      v = value;
    } else {
      try {
        v = JSON.parse(expr);
      } catch {
        return undefined;
      }
    }
  }
  // Elements that are references stay references after substitution: rules read them as unknown sources.
  if (Array.isArray(v)) {
    return v.map((value, i) => ({ key: isSet ? value : i, value }));
  }
  if (isObject(v)) return Object.entries(v).map(([key, value]) => ({ key, value }));
  return undefined;
}

const SEGMENT = /\.([A-Za-z_][\w-]*)|\[\s*"([^"]*)"\s*\]|\[\s*(\d+)\s*\]/y;

/** `${it.value...}` / `${it.key}` resolved against an item; undefined when the path does not resolve. */
function resolveRef(ref: string, iterator: string, item: Item): { value: unknown } | undefined {
  const head = new RegExp(`^\\s*${iterator.replace(/[-]/g, '\\-')}\\.(key|value)`).exec(ref);
  if (head === null) return undefined;
  let value: unknown = head[1] === 'key' ? item.key : item.value;
  let at = head[0].length;
  const rest = ref.replace(/\s+$/, '');
  while (at < rest.length) {
    SEGMENT.lastIndex = at;
    const m = SEGMENT.exec(rest);
    if (m === null) return undefined;
    const key = m[1] ?? m[2] ?? m[3];
    if (value === null || typeof value !== 'object' || !(key in (value as object))) return undefined;
    value = (value as Record<string, unknown>)[key];
    at = SEGMENT.lastIndex;
  }
  return { value };
}

function substitute(v: unknown, iterator: string, item: Item): unknown {
  if (typeof v === 'string') {
    const whole = /^\$\{([^{}]*)\}$/.exec(v);
    if (whole !== null) {
      const r = resolveRef(whole[1], iterator, item);
      if (r !== undefined) return r.value;
    }
    return v.replace(/\$\{([^{}]*)\}/g, (text, ref: string) => {
      const r = resolveRef(ref, iterator, item);
      return r !== undefined && (typeof r.value === 'string' || typeof r.value === 'number' || typeof r.value === 'boolean') ? String(r.value) : text;
    });
  }
  if (Array.isArray(v)) return v.map((x) => substitute(x, iterator, item));
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, substitute(x, iterator, item)]));
  return v;
}
