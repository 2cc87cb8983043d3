/**
 * Terraform configuration (JSON or HCL converted by hcl2json) → one shape: `{ resource: { <type>:
 * { <name>: <body object> } }, data: {...}, locals: {...} }`. Terraform's JSON syntax lets every
 * block level be an array of objects and a body be a one-element array (hcl2json always writes
 * that); rules must see one shape whatever the source. Nested blocks inside a body stay as they
 * are (lists or objects), which `one()`/`list()` already read. Pure.
 */

import { simplifyTemplate } from '../normalise/hcl-literal';

/** A problem in one file: the caller adds the file's name; never any of its content. */
export class ConfigShapeError extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The objects a block level holds: an object, or an array of objects (merged in order). */
function levels(v: unknown, where: string): Array<Record<string, unknown>> {
  if (v === undefined || v === null) return [];
  if (isObject(v)) return [v];
  if (Array.isArray(v)) return v.flatMap((x) => levels(x, where));
  throw new ConfigShapeError(`${where} is not an object`);
}

/**
 * Every string of a body rendered as Terraform renders its literal interpolations (see
 * simplifyTemplate): `"${"*"}"` reads as `*` for every rule, not as an expression. A value with
 * nothing to render is returned as is (no copy).
 */
function spliced(v: unknown): unknown {
  if (typeof v === 'string') return v.includes('${') ? simplifyTemplate(v) : v;
  if (Array.isArray(v)) {
    let changed = false;
    const out = v.map((x) => {
      const y = spliced(x);
      changed ||= y !== x;
      return y;
    });
    return changed ? out : v;
  }
  if (isObject(v)) {
    let out: Record<string, unknown> | undefined;
    // Keys, then values: no [key, value] pair allocated per property of every body.
    for (const k of Object.keys(v)) {
      const x = v[k];
      const y = spliced(x);
      if (y === x) continue;
      // Own properties only: a key such as `__proto__` is a key like any other.
      out ??= Object.defineProperties({}, Object.getOwnPropertyDescriptors(v));
      Object.defineProperty(out, k, { value: y, enumerable: true, writable: true, configurable: true });
    }
    return out ?? v;
  }
  return v;
}

export interface NormalConfig {
  readonly resource: Record<string, Record<string, Record<string, unknown>>>;
  readonly data: Record<string, Record<string, Record<string, unknown>>>;
  readonly locals: Record<string, unknown>;
  /** Module calls by name: their inputs (and `source`), which review compares as a whole. */
  readonly module: Record<string, Record<string, unknown>>;
  /** Each `variable`'s `default` (undefined when it has none). */
  readonly variables: Record<string, unknown>;
}

/** The resources, data sources, locals and variable defaults of one configuration file, in Terraform JSON's object shape. */
export function normaliseConfig(json: unknown): NormalConfig {
  if (!isObject(json)) throw new ConfigShapeError('the file is not a JSON object');
  // No prototype: a type or name such as `__proto__` is a key like any other.
  const dict = () => Object.create(null);
  const out: NormalConfig = { resource: dict(), data: dict(), module: dict(), locals: dict(), variables: dict() };
  for (const kind of ['resource', 'data'] as const) {
    for (const byType of levels(json[kind], kind)) {
      for (const [type, byNameRaw] of Object.entries(byType)) {
        for (const byName of levels(byNameRaw, `${kind}.${type}`)) {
          for (const [name, bodyRaw] of Object.entries(byName)) {
            const address = kind === 'data' ? `data.${type}.${name}` : `${type}.${name}`;
            const bodies = levels(bodyRaw, address);
            if (bodies.length > 1) throw new ConfigShapeError(`${address} is declared ${bodies.length} times`);
            out[kind][type] ??= dict();
            if (out[kind][type][name] !== undefined) throw new ConfigShapeError(`${address} is declared twice`);
            // A body that is not an object (null, a string) reads as an empty block, as before.
            out[kind][type][name] = spliced(bodies[0] ?? {}) as Record<string, unknown>;
          }
        }
      }
    }
  }
  for (const block of levels(json.locals, 'locals')) {
    for (const [k, v] of Object.entries(block)) {
      if (k in out.locals) throw new ConfigShapeError(`local.${k} is declared twice`);
      out.locals[k] = spliced(v);
    }
  }
  for (const block of levels(json.module, 'module')) {
    for (const [name, bodyRaw] of Object.entries(block)) {
      const bodies = levels(bodyRaw, `module.${name}`);
      if (bodies.length > 1 || name in out.module) throw new ConfigShapeError(`module.${name} is declared twice`);
      out.module[name] = spliced(bodies[0] ?? {}) as Record<string, unknown>;
    }
  }
  for (const block of levels(json.variable, 'variable')) {
    for (const [k, v] of Object.entries(block)) {
      if (k in out.variables) throw new ConfigShapeError(`var.${k} is declared twice`);
      const bodies = levels(v, `var.${k}`);
      out.variables[k] = bodies.length === 1 ? bodies[0].default : undefined;
    }
  }
  return out;
}
