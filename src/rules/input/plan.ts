/**
 * Terraform plan JSON (`terraform show -json plan.out`), recognised by its content. Values in a plan
 * are resolved and literal: a `${` in them is text. `check` reads `planned_values` (the root module
 * and every child module, addresses as Terraform prints them: `module.irsa.aws_iam_role.this`);
 * `review --plan` compares `resource_changes[].change.before` with `.after`. A value Terraform only
 * knows after apply becomes UNKNOWN, a visible string, so it is never read as absent. Pure.
 */
import { roleParts, type TfBlock, type TfDocument } from '../model';

/** What a value Terraform computes at apply reads as. */
export const UNKNOWN = '(known after apply)';

const isObject = (v: unknown): v is Record<string, any> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A plan (or `terraform show -json` of a state): `format_version` and planned values or resource changes. */
export function isPlan(json: unknown): boolean {
  return isObject(json) && typeof json.format_version === 'string' && (isObject(json.planned_values) || Array.isArray(json.resource_changes) || isObject(json.values));
}

/** Attributes set to null are unset: Terraform JSON configuration would not write them. */
function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (!isObject(v)) return v;
  const out: Record<string, unknown> = Object.create(null);
  for (const [k, x] of Object.entries(v)) if (x !== null) out[k] = withoutNulls(x);
  return out;
}

/** The value with every part `after_unknown` marks as unknown replaced by UNKNOWN. */
export function markUnknown(value: unknown, unknown: unknown): unknown {
  if (unknown === true) return UNKNOWN;
  if (Array.isArray(unknown)) {
    const base = Array.isArray(value) ? value : [];
    return Array.from({ length: Math.max(base.length, unknown.length) }, (_, i) => markUnknown(base[i], unknown[i]));
  }
  if (isObject(unknown)) {
    const out: Record<string, unknown> = isObject(value) ? { ...value } : Object.create(null);
    for (const [k, u] of Object.entries(unknown)) {
      const marked = markUnknown(out[k], u);
      if (marked !== undefined) out[k] = marked;
    }
    return out;
  }
  return value;
}

/** `aws_iam_role.x[0]` → `x[0]`: what follows the type in an address without its module path. */
function nameOf(r: { address: string; type: string; name?: unknown }): string {
  const at = r.address.lastIndexOf(`${r.type}.`);
  return at < 0 ? String(r.name) : r.address.slice(at + r.type.length + 1);
}

function blockOf(r: any, body: unknown, stack: string, file: string): TfBlock | undefined {
  if (!isObject(r) || typeof r.address !== 'string' || typeof r.type !== 'string') return undefined;
  const kind = r.mode === 'data' ? 'data' : 'resource';
  return { stack, file, kind, type: r.type, name: nameOf(r as { address: string; type: string }), address: r.address, body: isObject(body) ? withoutNulls(body) : {} };
}

const document = (stack: string, file: string, blocks: TfBlock[], digest?: string): TfDocument => ({
  stack,
  file,
  // A role's inline policies and managed_policy_arns are grants here too (in a plan the role is named by its name).
  blocks: blocks.flatMap((b) => [b, ...roleParts(b, b.body.name)]),
  locals: {},
  values: 'literal',
  ...(digest !== undefined ? { digest, digests: { [file]: digest } } : {}),
});

/** `module.a["x"].aws_iam_role.this[0]` → `module.a.aws_iam_role.this`: the configuration block an instance comes from. */
const configKey = (address: string) => address.replace(/\[("(?:[^"\\]|\\.)*"|[^\]]*)\]/g, '');

/** The attributes each configuration block sets (`configuration` of the plan), by configKey; undefined without one. */
function configuredAttributes(json: any): Map<string, Set<string>> | undefined {
  if (!isObject(json.configuration)) return undefined;
  const out = new Map<string, Set<string>>();
  const walk = (module: any, prefix: string) => {
    if (!isObject(module)) return;
    for (const r of Array.isArray(module.resources) ? module.resources : []) {
      if (isObject(r) && typeof r.address === 'string') out.set(`${prefix}${r.address}`, new Set(Object.keys(isObject(r.expressions) ? r.expressions : {})));
    }
    for (const [name, call] of Object.entries(isObject(module.module_calls) ? module.module_calls : {})) walk((call as any)?.module, `${prefix}module.${name}.`);
  };
  walk(json.configuration.root_module, '');
  return out;
}

/**
 * `planned_values` (or a state's `values`) as one document. An attribute the configuration sets but
 * whose value is known only after apply reads as UNKNOWN (a policy then is "not analysable", never
 * absent); one the provider computes and the configuration does not set stays absent, as it is in
 * the configuration. Without the plan's `configuration`, every unknown attribute is marked.
 */
export function planDocument(json: any, stack: string, file: string, digest?: string): TfDocument {
  const configured = configuredAttributes(json);
  const unknownOf = new Map<string, unknown>();
  for (const rc of Array.isArray(json.resource_changes) ? json.resource_changes : []) {
    if (!isObject(rc) || typeof rc.address !== 'string' || !isObject(rc.change)) continue;
    const set = configured?.get(configKey(rc.address));
    const unknown = rc.change.after_unknown;
    unknownOf.set(rc.address, configured === undefined || !isObject(unknown) ? unknown : Object.fromEntries(Object.entries(unknown).filter(([k]) => set?.has(k))));
  }
  const blocks: TfBlock[] = [];
  const walk = (module: any) => {
    if (!isObject(module)) return;
    for (const r of Array.isArray(module.resources) ? module.resources : []) {
      const b = blockOf(r, isObject(r) ? markUnknown(r.values, unknownOf.get(r.address)) : undefined, stack, file);
      if (b !== undefined) blocks.push(b);
    }
    for (const child of Array.isArray(module.child_modules) ? module.child_modules : []) walk(child);
  };
  walk((json.planned_values ?? json.values)?.root_module);
  return document(stack, file, blocks, digest);
}

/** Before and after each resource change, as two documents of the same stack for review(). */
export function planSides(json: any, stack: string, file: string): { before: TfDocument; after: TfDocument } {
  const before: TfBlock[] = [];
  const after: TfBlock[] = [];
  for (const rc of Array.isArray(json.resource_changes) ? json.resource_changes : []) {
    if (!isObject(rc) || !isObject(rc.change)) continue;
    // A deposed object (an old copy create_before_destroy left behind) is only being destroyed; its
    // entry shares the address of the current one and must not stand in for it.
    if (rc.deposed !== undefined) continue;
    const { change } = rc;
    if (isObject(change.before)) {
      const b = blockOf(rc, change.before, stack, file);
      if (b !== undefined) before.push(b);
    }
    if (isObject(change.after) || change.after_unknown === true) {
      const b = blockOf(rc, markUnknown(change.after, change.after_unknown), stack, file);
      if (b !== undefined) after.push(b);
    }
  }
  return { before: document(stack, file, before), after: document(stack, file, after) };
}
