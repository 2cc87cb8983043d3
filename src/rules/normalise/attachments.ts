/**
 * Every way a policy reaches a principal, resolved once per document: managed and customer
 * policies attached to roles, users, groups and SSO permission sets (through any attachment
 * resource, exclusive attachments, `managed_policy_arns`), and inline policies. A principal named
 * by reference (`${aws_iam_role.x.name}`, `.id`, `.arn`), by its literal name (`"ops"` for a role
 * whose `name` is `ops`), by its ARN or through a literal local resolves to the same principal, so
 * rules and review ask "what reaches this principal?" and never see the attachment's shape. Pure,
 * linear in the document's blocks.
 */
import { list, one, Policy, readPolicy, TfBlock, TfDocument } from '../model';
import { evaluateHcl, HclValue, Opaque, soleInterpolation, Unresolved } from './hcl-literal';

export type PrincipalKind = 'role' | 'user' | 'group' | 'permission-set';

const PRINCIPAL_TYPE: Record<PrincipalKind, string> = {
  role: 'aws_iam_role',
  user: 'aws_iam_user',
  group: 'aws_iam_group',
  'permission-set': 'aws_ssoadmin_permission_set',
};

export interface Principal {
  readonly kind: PrincipalKind;
  /**
   * `aws_iam_role.x` when the principal is a block of the document; `aws_iam_role[name=ops]` for a
   * principal named literally but not defined here; `aws_iam_role[${...}]` for an expression.
   */
  readonly key: string;
  readonly block?: TfBlock;
}

export type GrantedPolicy =
  /** An ARN that is not a policy of this document: `aws` for AWS-managed policies, else the account (or expression). */
  | { readonly kind: 'managed'; readonly arn: string; readonly name: string; readonly account: string }
  /** An `aws_iam_policy` of this document: its `policy` attribute is the grant. */
  | { readonly kind: 'customer'; readonly block: TfBlock }
  /** An inline policy: the block's attribute is the grant. */
  | { readonly kind: 'inline'; readonly block: TfBlock; readonly attribute: string }
  /** A policy that cannot be identified without a plan (an expression). */
  | { readonly kind: 'unresolved'; readonly expression: string };

export interface Grant {
  readonly principal: Principal;
  /** The block that makes the grant (the attachment, the inline policy, the role for `managed_policy_arns`). */
  readonly via: TfBlock;
  readonly policy: GrantedPolicy;
}

export interface AttachmentIndex {
  readonly grants: readonly Grant[];
  /** Grants made by one block. */
  via(block: TfBlock): readonly Grant[];
  /** Grants that reach a principal, by its key. */
  of(principalKey: string): readonly Grant[];
  /** The principal a reference, literal name or ARN stands for. */
  principal(kind: PrincipalKind, named: unknown): Principal;
}

/** A string with `${local.x}` / `${var.x}` references to literal strings substituted (a few rounds, for chains). */
export function literalOf(doc: TfDocument, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  let s = value;
  for (let round = 0; round < 5 && s.includes('${'); round++) {
    const next = s.replace(/\$\{\s*(local|var)\.([\w-]+)\s*\}/g, (whole, scope: string, name: string) => {
      const v = scope === 'local' ? doc.locals[name] : (doc as { variables?: Record<string, unknown> }).variables?.[name];
      return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : whole;
    });
    if (next === s) break;
    s = next;
  }
  return s;
}

/** The elements a list attribute stands for: a literal list, or a `${local.x}` / `${var.x}` holding one (each element a value). */
export function valuesOf(doc: TfDocument, v: unknown): unknown[] {
  if (typeof v === 'string') {
    const m = /^\$\{\s*(local|var)\.([\w-]+)\s*\}$/.exec(v);
    const target = m === null ? undefined : m[1] === 'local' ? doc.locals[m[2]] : doc.variables?.[m[2]];
    if (Array.isArray(target)) return target;
  }
  return list(v as unknown);
}

/** A meta-argument's value: a literal, or a sole `${...}` of literals, locals and variables (functions such as toset evaluated); else undefined. */
function metaValue(doc: TfDocument, v: unknown, depth = 0): HclValue | undefined {
  if (typeof v !== 'string') return v as HclValue;
  const expr = soleInterpolation(v);
  if (expr === undefined) return v.includes('${') ? undefined : v;
  try {
    const value = evaluateHcl(expr, (ref) => {
      if ((ref[0] !== 'local' && ref[0] !== 'var') || ref.length !== 2 || depth > 8) return undefined;
      const target = ref[0] === 'local' ? doc.locals[ref[1]] : doc.variables?.[ref[1]];
      return target === undefined ? undefined : metaValue(doc, target, depth + 1);
    });
    return value instanceof Opaque ? undefined : value;
  } catch (e) {
    if (e instanceof Unresolved) return undefined;
    throw e;
  }
}

const INSTANCE_REF = /\$\{\s*(each\.value|each\.key|count\.index)\s*\}/g;

/**
 * The bodies one block stands for: one per `for_each` element (`each.key`, `each.value` put in) or
 * `count` index, the block's own without either. When the collection only Terraform knows, each
 * reference to an instance names the collection's expression, so the grant reads as unresolved
 * and a change to the collection changes what review compares.
 */
export function instanceBodies(doc: TfDocument, body: Record<string, unknown>): Array<Record<string, unknown>> {
  const forEach = body.for_each;
  const count = body.count;
  if (forEach === undefined && count === undefined) return [body];
  const v = metaValue(doc, forEach ?? count);
  let subs: Array<Record<string, unknown>> | undefined;
  const scalar = (x: unknown) => typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean';
  if (forEach !== undefined) {
    if (Array.isArray(v) && v.every(scalar)) subs = v.map((x) => ({ 'each.key': x, 'each.value': x }));
    else if (v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Opaque)) subs = Object.entries(v).map(([k, x]) => ({ 'each.key': k, 'each.value': x }));
  } else if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 10_000) subs = Array.from({ length: v }, (_, i) => ({ 'count.index': i }));
  else if (typeof v === 'string' && /^\d{1,4}$/.test(v)) subs = Array.from({ length: Number(v) }, (_, i) => ({ 'count.index': i }));
  const meta = JSON.stringify(forEach ?? count);
  const put = (sub: Record<string, unknown> | undefined) => {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(body)) {
      if (k === 'for_each' || k === 'count' || typeof x !== 'string') {
        out[k] = x;
        continue;
      }
      const whole = /^\$\{\s*(each\.value|each\.key|count\.index)\s*\}$/.exec(x);
      if (sub !== undefined && whole !== null) out[k] = sub[whole[1]];
      else out[k] = x.replace(INSTANCE_REF, (_ref, name: string) => (sub !== undefined && scalar(sub[name]) ? String(sub[name]) : `\${${name} of ${forEach !== undefined ? 'for_each' : 'count'} = ${meta}}`));
    }
    return out;
  };
  return subs === undefined ? [put(undefined)] : subs.map(put);
}

/** `${<type>.<name>...}` as the name, tolerating spaces and `[index]`. */
const refPatterns = new Map<string, RegExp>();
function refTo(value: string, type: string): string | undefined {
  if (!value.startsWith('${')) return undefined;
  let p = refPatterns.get(type);
  if (p === undefined) refPatterns.set(type, (p = new RegExp(`^\\$\\{\\s*${type}\\.([\\w-]+)(?:\\[[^\\]]*\\])?(?:\\.[\\w-]+)?\\s*\\}$`)));
  return p.exec(value)?.[1];
}

/** The last segment of an IAM ARN's resource (`role/path/ops` → `ops`), when the value is an ARN of that resource type. */
const arnPatterns = new Map<string, RegExp>();
function arnName(value: string, resource: string): string | undefined {
  if (!value.startsWith('arn:')) return undefined;
  let p = arnPatterns.get(resource);
  if (p === undefined) arnPatterns.set(resource, (p = new RegExp(`^arn:[^:]*:(?:iam|sso)::[^:]*:${resource}/(.+)$`)));
  const m = p.exec(value);
  return m?.[1].split('/').pop();
}

const cache = new WeakMap<TfDocument, AttachmentIndex>();

/** The attachment index of a document (built once per document object). */
export function attachmentIndex(doc: TfDocument): AttachmentIndex {
  const cached = cache.get(doc);
  if (cached !== undefined) return cached;
  const byName = new Map<string, TfBlock>(); // `<type>.<terraform name>`
  const byAwsName = new Map<string, TfBlock>(); // `<type>=<literal name>` (IAM names are case-insensitive)
  const dataPolicies = new Map<string, TfBlock>(); // data.aws_iam_policy by Terraform name
  for (const b of doc.blocks) {
    if (b.kind === 'data' && b.type === 'aws_iam_policy') dataPolicies.set(b.name, b);
    if (b.kind !== 'resource') continue;
    byName.set(`${b.type}.${b.name}`, b);
    const n = literalOf(doc, b.body?.name);
    if (typeof n === 'string' && !n.includes('${')) byAwsName.set(`${b.type}=${n.toLowerCase()}`, b);
  }

  const principal = (kind: PrincipalKind, named: unknown): Principal => {
    const type = PRINCIPAL_TYPE[kind];
    const v = literalOf(doc, named);
    const text = typeof v === 'string' ? v : JSON.stringify(v);
    const ref = refTo(text, type);
    const block = ref !== undefined ? byName.get(`${type}.${ref}`) : text.includes('${') ? undefined : byAwsName.get(`${type}=${(arnName(text, kind === 'permission-set' ? 'permissionSet' : kind) ?? text).toLowerCase()}`);
    if (block !== undefined) return { kind, key: block.address, block };
    if (ref !== undefined) return { kind, key: `${type}.${ref}` };
    return { kind, key: `${type}[${text.includes('${') ? text : `name=${arnName(text, kind) ?? text}`}]` };
  };

  const policyOf = (arn: unknown): GrantedPolicy => {
    const v = literalOf(doc, arn);
    const text = typeof v === 'string' ? v : JSON.stringify(v);
    const ref = refTo(text, 'aws_iam_policy');
    if (ref !== undefined && byName.has(`aws_iam_policy.${ref}`)) return { kind: 'customer', block: byName.get(`aws_iam_policy.${ref}`)! };
    const data = refTo(text, 'data\\.aws_iam_policy');
    if (data !== undefined) {
      const d = dataPolicies.get(data);
      const named = literalOf(doc, d?.body?.arn ?? d?.body?.name);
      if (typeof named === 'string' && !named.includes('${')) return named.startsWith('arn:') ? policyOf(named) : { kind: 'managed', arn: `(data source named ${named})`, name: named, account: 'aws' };
      return { kind: 'unresolved', expression: text };
    }
    // arn:<partition>:iam::<account>:policy/<path/>name, the partition possibly an expression.
    const m = /^arn:(?:[^:$]*|\$\{[^}]*\}):iam::([^:]*):policy\/(?:.*\/)?([^/]+)$/.exec(text);
    // A name only a plan knows (`policy/${var.pol}` with no value in the file) may be any policy.
    if (m !== null && !/\$\{/.test(m[2])) {
      const own = byAwsName.get(`aws_iam_policy=${m[2].toLowerCase()}`);
      if (m[1] !== 'aws' && own !== undefined) return { kind: 'customer', block: own };
      return { kind: 'managed', arn: text, name: m[2], account: m[1] };
    }
    return { kind: 'unresolved', expression: text };
  };

  const grants: Grant[] = [];
  const add = (via: TfBlock, p: Principal, policy: GrantedPolicy) => grants.push({ principal: p, via, policy });
  for (const b of doc.blocks) {
    if (b.kind !== 'resource') continue;
    for (const x of instanceBodies(doc, b.body ?? {})) grant(b, x);
  }
  function grant(b: TfBlock, x: Record<string, any>): void {
    switch (b.type) {
      case 'aws_iam_role_policy_attachment':
        for (const arn of valuesOf(doc, x.policy_arn)) add(b, principal('role', x.role), policyOf(arn)); // managed_policy_arns = local.arns arrives whole
        break;
      case 'aws_iam_user_policy_attachment':
        add(b, principal('user', x.user), policyOf(x.policy_arn));
        break;
      case 'aws_iam_group_policy_attachment':
        add(b, principal('group', x.group), policyOf(x.policy_arn));
        break;
      case 'aws_iam_policy_attachment':
        for (const [kind, attr] of [['role', 'roles'], ['user', 'users'], ['group', 'groups']] as const) for (const n of valuesOf(doc, x[attr])) for (const arn of valuesOf(doc, x.policy_arn)) add(b, principal(kind, n), policyOf(arn));
        break;
      case 'aws_iam_role_policy_attachments_exclusive':
        for (const arn of valuesOf(doc, x.policy_arns)) add(b, principal('role', x.role_name), policyOf(arn));
        break;
      case 'aws_iam_user_policy_attachments_exclusive':
        for (const arn of valuesOf(doc, x.policy_arns)) add(b, principal('user', x.user_name), policyOf(arn));
        break;
      case 'aws_iam_group_policy_attachments_exclusive':
        for (const arn of valuesOf(doc, x.policy_arns)) add(b, principal('group', x.group_name), policyOf(arn));
        break;
      case 'aws_iam_role_policy':
        add(b, principal('role', x.role), { kind: 'inline', block: b, attribute: 'policy' });
        break;
      case 'aws_iam_user_policy':
        add(b, principal('user', x.user), { kind: 'inline', block: b, attribute: 'policy' });
        break;
      case 'aws_iam_group_policy':
        add(b, principal('group', x.group), { kind: 'inline', block: b, attribute: 'policy' });
        break;
      case 'aws_ssoadmin_managed_policy_attachment':
        add(b, principal('permission-set', x.permission_set_arn), policyOf(x.managed_policy_arn));
        break;
      case 'aws_ssoadmin_customer_managed_policy_attachment': {
        const ref = one(x.customer_managed_policy_reference) ?? {};
        const name = literalOf(doc, ref.name);
        const own = typeof name === 'string' ? byAwsName.get(`aws_iam_policy=${name.toLowerCase()}`) : undefined;
        add(b, principal('permission-set', x.permission_set_arn), own !== undefined ? { kind: 'customer', block: own } : typeof name === 'string' && !name.includes('${') ? { kind: 'managed', arn: `${ref.path ?? '/'}${name}`, name, account: '(each assigned account)' } : { kind: 'unresolved', expression: String(name) });
        break;
      }
      case 'aws_ssoadmin_permission_set_inline_policy':
        add(b, principal('permission-set', x.permission_set_arn), { kind: 'inline', block: b, attribute: 'inline_policy' });
        break;
      case 'aws_iam_user':
      case 'aws_iam_group':
        // Users and groups have no managed_policy_arns; roles' are expanded by documentOf into attachments.
        break;
      default:
    }
  }

  const byVia = new Map<TfBlock, Grant[]>();
  const byPrincipal = new Map<string, Grant[]>();
  for (const g of grants) {
    const fromVia = byVia.get(g.via);
    if (fromVia === undefined) byVia.set(g.via, [g]);
    else fromVia.push(g);
    const list_ = byPrincipal.get(g.principal.key);
    if (list_ === undefined) byPrincipal.set(g.principal.key, [g]);
    else list_.push(g);
  }
  const index: AttachmentIndex = {
    grants,
    via: (block) => byVia.get(block) ?? [],
    of: (key) => byPrincipal.get(key) ?? [],
    principal,
  };
  cache.set(doc, index);
  return index;
}

/** The name of an AWS-managed policy a grant attaches (`AdministratorAccess`), else undefined. */
export function awsManagedName(g: Grant): string | undefined {
  return g.policy.kind === 'managed' && g.policy.account === 'aws' ? g.policy.name : undefined;
}

/**
 * Whether a grant attaches (or, for an expression that names it, may attach) an AWS-managed policy:
 * `${format("arn:aws:iam::aws:policy/%s", "AdministratorAccess")}` or a conditional naming it count.
 */
export function attaches(g: Grant, name: string): boolean {
  if (awsManagedName(g)?.toLowerCase() === name.toLowerCase()) return true;
  return g.policy.kind === 'unresolved' && new RegExp(`(^|[^\\w+=,.@-])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\w+=,.@-])`, 'i').test(g.policy.expression);
}

/** Block types that attach or embed a policy for a principal: what attachment rules read. */
export const GRANT_TYPES = [
  'aws_iam_role_policy_attachment',
  'aws_iam_user_policy_attachment',
  'aws_iam_group_policy_attachment',
  'aws_iam_policy_attachment',
  'aws_iam_role_policy_attachments_exclusive',
  'aws_iam_user_policy_attachments_exclusive',
  'aws_iam_group_policy_attachments_exclusive',
  'aws_ssoadmin_managed_policy_attachment',
  'aws_ssoadmin_customer_managed_policy_attachment',
] as const;

export const INLINE_TYPES = ['aws_iam_role_policy', 'aws_iam_user_policy', 'aws_iam_group_policy', 'aws_ssoadmin_permission_set_inline_policy'] as const;

/** The principals of grants, by key, for a message: `aws_iam_role.nodes, aws_iam_user[name=ops]`. */
export const principalsOf = (grants: readonly Grant[]): string => [...new Set(grants.map((g) => g.principal.key))].sort().join(', ');

/** Whether a role is assumed by EC2 (a node role), read through the caller's policy reader. */
export function assumedByEc2(role: TfBlock | undefined, policy: (block: TfBlock, attribute: string) => { Statement: Array<{ Effect: string; Principal?: any }> } | undefined): boolean {
  if (role === undefined) return false;
  return (policy(role, 'assume_role_policy')?.Statement ?? []).some((s) => {
    if (s.Effect === 'Deny') return false;
    const p = s.Principal;
    const services = p === '*' ? ['*'] : list<string>(typeof p === 'object' && p !== null ? p.Service : undefined);
    return services.some((x) => String(x).toLowerCase().startsWith('ec2.amazonaws.com') || x === '*');
  });
}

const merged = new WeakMap<readonly TfDocument[], Map<string, TfDocument>>();

/**
 * One document for a whole stack (a Terraform module is every file of its directory): the blocks,
 * locals and variables of every document of `doc`'s stack, so a role in `iam.tf` and its attachment
 * in `attach.tf` are one index. Built once per document list.
 */
export function stackDocument(docs: readonly TfDocument[], doc: TfDocument): TfDocument {
  let byStack = merged.get(docs);
  if (byStack === undefined) {
    const groups = new Map<string, TfDocument[]>();
    for (const d of docs) {
      const g = groups.get(d.stack);
      if (g === undefined) groups.set(d.stack, [d]);
      else g.push(d);
    }
    byStack = new Map();
    for (const [stack, ds] of groups) {
      byStack.set(stack, ds.length === 1 ? ds[0] : {
        stack,
        file: ds.map((d) => d.file).join(', '),
        blocks: ds.flatMap((d) => d.blocks),
        locals: Object.assign({}, ...ds.map((d) => d.locals)),
        variables: Object.assign({}, ...ds.map((d) => d.variables ?? {})),
      });
    }
    merged.set(docs, byStack);
  }
  return byStack.get(doc.stack) ?? doc;
}

/** The attachment index of a rule's stack, and a policy reader over the same stack. */
export function stackGrants(ctx: { readonly docs: readonly TfDocument[]; readonly doc: TfDocument }): { index: AttachmentIndex; policy: (b: TfBlock, attribute: string) => Policy | undefined } {
  const doc = stackDocument(ctx.docs, ctx.doc);
  return {
    index: attachmentIndex(doc),
    policy: (b, attribute) => {
      const read = readPolicy(b, attribute, doc);
      return 'policy' in read ? read.policy : undefined;
    },
  };
}
