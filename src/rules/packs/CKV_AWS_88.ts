/** Launch template or instance assigns public IPs. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
/* Deliberate difference from checkov: a value only a plan resolves (a `for` expression) fails closed. See scripts/upstream/differences.ts. */
import type { Rule } from '../engine';
import { list } from '../helpers';
import type { TfBlock, TfDocument } from '../model';
import { evaluateHcl, HclValue, Opaque, soleInterpolation, Unresolved } from '../normalise/hcl-literal';

/**
 * What `associate_public_ip_address` is on each instance of the block: a literal, or `each.value`
 * (`each.value.x`) over a `for_each` of literal values (variable defaults and literal locals
 * included). Undefined when only a plan can say: the rule then fails closed.
 */
function instanceValues(b: TfBlock, doc: TfDocument, v: unknown): unknown[] | undefined {
  if (typeof v !== 'string') return [v];
  const expr = soleInterpolation(v);
  if (expr === undefined) return [v];
  const each = /^\s*each\.value((?:\.[A-Za-z_][\w-]*)*)\s*$/.exec(expr);
  const forEach = b.body?.for_each;
  if (each === null || forEach === undefined) return undefined;
  const lookup = (ref: string[]): HclValue | undefined => {
    const [root, name, ...rest] = ref;
    let x: unknown = root === 'var' ? doc.variables?.[name] : root === 'local' ? doc.locals[name] : undefined;
    for (const part of rest) x = x !== null && typeof x === 'object' ? (x as Record<string, unknown>)[part] : undefined;
    return x === undefined || (typeof x === 'string' && x.includes('${')) ? undefined : (x as HclValue);
  };
  let items: HclValue;
  try {
    items = typeof forEach === 'string' && soleInterpolation(forEach) !== undefined ? evaluateHcl(soleInterpolation(forEach)!, lookup) : (forEach as HclValue);
  } catch (e) {
    if (e instanceof Unresolved) return undefined;
    throw e;
  }
  if (items === null || typeof items !== 'object' || items instanceof Opaque) return undefined;
  const path = each[1].split('.').filter((p) => p !== '');
  return Object.values(items).map((item) => path.reduce<unknown>((x, p) => (x !== null && typeof x === 'object' ? (x as Record<string, unknown>)[p] : undefined), item));
}

export const rule: Rule = {
  id: "CKV_AWS_88",
  severity: 'error',
  title: "Launch template or instance assigns public IPs",
  why: "A public IP makes an instance reachable from the internet, bypassing the private network design (checkov CKV_AWS_88).",
  fix: "Set associate_public_ip_address = false (network_interfaces of a launch template); an expression must resolve to false",
  types: ["aws_launch_template", "aws_instance"],
  check: (b, ctx) => {
    for (const n of [b.body, ...list<any>(b.body.network_interfaces)]) {
      const v = n?.associate_public_ip_address;
      if (v === undefined || v === null) continue;
      const values = instanceValues(b, ctx.doc, v);
      if (values === undefined) return `associate_public_ip_address is ${String(v).slice(0, 80)}, which only a plan resolves and which may be true (check the plan, or write false)`;
      if (values.some((x) => String(x) === 'true')) return 'associate_public_ip_address = true';
    }
    return undefined;
  },
};
