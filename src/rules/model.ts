/**
 * The rule pack's view of synthesized Terraform JSON: resources and data sources of each stack,
 * policies resolved from literal JSON or `aws_iam_policy_document` data blocks, references within a
 * file. Pure: no cdktf imports; reads any Terraform JSON, not only eksguard's.
 */
import { UNKNOWN } from './input/plan';
import { evaluateHcl, HclValue, Opaque, Rendered, soleInterpolation, spliceTemplate, Unresolved } from './normalise/hcl-literal';
import { expandDynamic } from './normalise/dynamic';

export type Severity = 'error' | 'warning';

export interface TfBlock {
  /** Stack (directory) name, or the file's base name for a lone file. */
  readonly stack: string;
  readonly file: string;
  /** `module`: a module call (`type` is `module`, `address` is `module.<name>`, the body its inputs). */
  readonly kind: 'resource' | 'data' | 'module';
  readonly type: string;
  readonly name: string;
  /** `aws_iam_role.x` (data sources: `data.aws_iam_policy_document.x`). */
  readonly address: string;
  readonly body: any;
}

/** `file("…")`, `templatefile("…", …)`, `filebase64("…")` in a Terraform expression: the path argument as written. */
export const FILE_CALL = /\b(?:file|templatefile|filebase64)\(\s*"((?:[^"\\]|\\.)*)"/g;

export interface TfDocument {
  readonly stack: string;
  readonly file: string;
  readonly blocks: TfBlock[];
  readonly locals: Record<string, unknown>;
  /** Each `variable`'s `default` (undefined when it has none): what review diffs as a reference target. */
  readonly variables?: Record<string, unknown>;
  /**
   * Files the configuration reads with `file()`, `templatefile()` or `filebase64()`: the path argument as
   * written (`${path.module}/p.json`) → `sha256:<hex>` of the content, or `(absent)`. Review compares
   * them as reference targets, so an edited policy file is a change.
   */
  readonly files?: Readonly<Record<string, string>>;
  /**
   * Each module call with a local source → `sha256:<hex>` over every file read under its directory:
   * what a reference to the module's outputs (`module.x.arn`) stands for in review.
   */
  readonly modules?: Readonly<Record<string, string>>;
  /** `sha256:<hex>` of the file's bytes, when read from disk (loadTerraform). */
  readonly digest?: string;
  /** Every file the document was read from (a module: the `.tf` and `.tf.json` files of one directory) → its `sha256:<hex>`. */
  readonly digests?: Readonly<Record<string, string>>;
  /** `literal` for a plan's values: resolved, so `${` is text, never a reference or an escape. */
  readonly values?: 'literal';
}

export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly stack: string;
  readonly file: string;
  readonly address: string;
  /** The config field the resource comes from, when eksguard made it. */
  readonly configPath?: string;
  readonly message: string;
  readonly fix: string;
}

export interface Statement {
  Sid?: string;
  Effect: string;
  Principal?: any;
  NotPrincipal?: any;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface Policy {
  Version?: string;
  Statement: Statement[];
}

/** A policy attribute read for analysis, or why it could not be. */
export type PolicyRead = { readonly policy: Policy; /** What in it only a plan resolves (POLICY-UNRESOLVED warns). */ readonly partial?: string } | { readonly unresolved: string } | { readonly absent: true };

export function documentOf(json: any, stack: string, file: string): TfDocument {
  const blocks: TfBlock[] = [];
  const locals = localsOf(json);
  for (const kind of ['resource', 'data'] as const) {
    for (const [type, byName] of Object.entries(json?.[kind] ?? {})) {
      for (const [name, raw] of Object.entries((byName ?? {}) as Record<string, unknown>)) {
        const body: any = raw !== null && typeof raw === 'object' ? expandDynamic(raw, locals) : {};
        const address = kind === 'data' ? `data.${type}.${name}` : `${type}.${name}`;
        const block: TfBlock = { stack, file, kind, type, name, address, body };
        blocks.push(block, ...roleParts(block, `\${aws_iam_role.${name}.name}`));
      }
    }
  }
  for (const [name, raw] of Object.entries(json?.module ?? {})) {
    const body: any = Array.isArray(raw) ? raw[0] : raw;
    blocks.push({ stack, file, kind: 'module', type: 'module', name, address: `module.${name}`, body: body !== null && typeof body === 'object' ? body : {} });
  }
  const variables = Object.fromEntries(Object.entries(json?.variable ?? {}).map(([k, v]) => [k, (v as any)?.default]));
  return { stack, file, blocks, locals: { ...locals }, variables };
}

/**
 * A role's inline_policy blocks and managed_policy_arns, read as the resources they stand for
 * (`aws_iam_role_policy`, `aws_iam_role_policy_attachment`), in a configuration and in a plan alike.
 * `role` is how they name the role: a reference in a configuration, the role's name in a plan.
 */
export function roleParts(block: TfBlock, role: unknown): TfBlock[] {
  if (block.kind !== 'resource' || block.type !== 'aws_iam_role') return [];
  const { stack, file, kind, name, address, body } = block;
  const out: TfBlock[] = [];
  list<any>(body.inline_policy).forEach((p, i) => {
    if (p?.policy !== undefined) out.push({ stack, file, kind, type: 'aws_iam_role_policy', name: `${name}.inline_policy[${i}]`, address: `${address}.inline_policy[${i}]`, body: { name: p.name ?? `inline-${i}`, role, policy: p.policy } });
  });
  // `dynamic "inline_policy"`: its policies only Terraform expands; read as one policy that says so (POLICY-UNRESOLVED), never as none.
  if (body.dynamic?.inline_policy !== undefined) {
    const i = list<any>(body.inline_policy).length;
    out.push({ stack, file, kind, type: 'aws_iam_role_policy', name: `${name}.inline_policy[${i}]`, address: `${address}.inline_policy[${i}]`, body: { name: `dynamic-${i}`, role, policy: '${dynamic.inline_policy}' } });
  }
  list<string>(body.managed_policy_arns).forEach((arn, i) => {
    out.push({ stack, file, kind, type: 'aws_iam_role_policy_attachment', name: `${name}.managed_policy_arns[${i}]`, address: `${address}.managed_policy_arns[${i}]`, body: { role, policy_arn: arn } });
  });
  return out;
}

/** The file's locals as one object (`locals` is an object in Terraform JSON, a list of objects as @cdktf/hcl2json writes HCL). */
function localsOf(json: any): Record<string, unknown> {
  const l = json?.locals;
  return Array.isArray(l) ? Object.assign({}, ...l.filter((x) => x !== null && typeof x === 'object')) : l !== null && typeof l === 'object' ? l : {};
}

/** A nested block may be an object or a one-element array in Terraform JSON. */
export function one(v: any): any {
  return Array.isArray(v) ? v[0] : v;
}

export function list<T = string>(v: T | T[] | undefined | null): T[] {
  return v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
}

/** The block a reference string such as `${aws_iam_role.x.arn}` points at, in the same file. */
export function refName(value: unknown, type: string): string | undefined {
  if (typeof value !== 'string') return undefined;
  let res = REF_PATTERNS.get(type);
  if (res === undefined) REF_PATTERNS.set(type, (res = [new RegExp(`^\\$\\{${type}\\.([\\w-]+)[.\\[]`), new RegExp(`^\\$\\{${type}\\.([\\w-]+)\\}$`)]));
  return res[0].exec(value)?.[1] ?? res[1].exec(value)?.[1];
}
/** refName's patterns, compiled once per type (refName runs per block). */
const REF_PATTERNS = new Map<string, [RegExp, RegExp]>();

const DATA_DOCS = new WeakMap<TfDocument, Map<string, TfBlock>>();
const READ_DOCS = new WeakMap<TfDocument, Map<string, PolicyRead>>();
const READ_LOCALS = new WeakMap<TfDocument, Map<string, HclValue>>();

/** The file's `aws_iam_policy_document` data blocks by name, indexed once per document. */
function policyDocuments(doc: TfDocument): Map<string, TfBlock> {
  let m = DATA_DOCS.get(doc);
  if (m === undefined) {
    m = new Map();
    for (const b of doc.blocks) if (b.kind === 'data' && b.type === 'aws_iam_policy_document') m.set(b.name, b);
    DATA_DOCS.set(doc, m);
  }
  return m;
}

/**
 * Read a policy attribute: literal JSON (Terraform's `$${` escapes undone), `jsonencode()` of literal
 * values, a local holding either, or an `aws_iam_policy_document` data block (its source and
 * override documents merged). What only Terraform can evaluate is `unresolved`, with the reason.
 */
export function readPolicy(block: TfBlock, attribute: string, doc: TfDocument): PolicyRead {
  // Read once per document, block, attribute and value: several rules read each policy (the
  // engine's reader, the attachment index, POLICY-UNRESOLVED), and what they get is only read.
  let byBlock = READ_POLICIES.get(doc);
  if (byBlock === undefined) READ_POLICIES.set(doc, (byBlock = new WeakMap()));
  let byAttribute = byBlock.get(block);
  if (byAttribute === undefined) byBlock.set(block, (byAttribute = new Map()));
  const raw: unknown = block.body?.[attribute];
  const hit = byAttribute.get(attribute);
  if (hit !== undefined && hit.raw === raw) return hit.read;
  const read = readPolicyOnce(block, attribute, doc);
  byAttribute.set(attribute, { raw, read });
  return read;
}
const READ_POLICIES = new WeakMap<TfDocument, WeakMap<TfBlock, Map<string, { raw: unknown; read: PolicyRead }>>>();

function readPolicyOnce(block: TfBlock, attribute: string, doc: TfDocument): PolicyRead {
  const raw = block.body?.[attribute];
  if (raw === undefined || raw === null || raw === '') return { absent: true };
  if (typeof raw !== 'string') return { unresolved: `${attribute} is not a string` };
  // The same text under the same attribute in the same document reads the same (what it refers to is
  // the document's): read once, and every block holding it gets the same policy object, so the IAM
  // model (iamStatements) and what rules derive from it per policy (perPolicy) are built once too.
  let byAttribute = READ_TEXTS.get(doc);
  if (byAttribute === undefined) READ_TEXTS.set(doc, (byAttribute = new Map()));
  let byText = byAttribute.get(attribute);
  if (byText === undefined) byAttribute.set(attribute, (byText = new Map()));
  const hit = byText.get(raw);
  if (hit !== undefined) return hit;
  const read = readPolicyText(raw, attribute, doc);
  // An unresolved read is not kept: a chain of locals deeper than DEPTH may resolve once a later read
  // has evaluated its tail (READ_LOCALS), and each read says what it says today.
  if (!('unresolved' in read)) byText.set(raw, read);
  return read;
}
/** Document → attribute → policy text → its read (see readPolicyOnce). */
const READ_TEXTS = new WeakMap<TfDocument, Map<string, Map<string, PolicyRead>>>();

function readPolicyText(raw: string, attribute: string, doc: TfDocument): PolicyRead {
  // A plan's values are resolved: `${` is text there, never a reference or an escape.
  if (doc.values === 'literal') return raw === UNKNOWN ? { unresolved: `${attribute} is ${UNKNOWN}` } : policyFromJson(raw, attribute);
  return policyFromText(raw, attribute, doc, new Set());
}

const DEPTH = 16;

/** A Terraform string template holding a policy: the sole interpolation evaluated, or literal JSON. */
function policyFromText(raw: string, what: string, doc: TfDocument | undefined, seen: Set<string>): PolicyRead {
  const expr = soleInterpolation(raw);
  let text: string;
  if (expr === undefined) {
    // From the top of a read (nothing being evaluated yet), an interpolation renders the same in every
    // text of the document: rendered once per document (thousands of trust policies name one issuer).
    let renders: Map<string, Rendered> | undefined;
    if (doc !== undefined && seen.size === 0) {
      renders = RENDERS.get(doc);
      if (renders === undefined) RENDERS.set(doc, (renders = new Map()));
    }
    const spliced = spliceTemplate(raw, (ref) => lookup(ref, doc, seen), renders);
    // A directive (`%{ if ... }*%{ endif }`) decides what the text is: only Terraform can render it.
    if (spliced instanceof Opaque && /(^|[^%])%\{/.test(spliced.text)) return { unresolved: `${what} holds a template directive (%{...}), which only Terraform renders` };
    text = spliced instanceof Opaque ? spliced.text : String(spliced);
  } else {
    let value: HclValue;
    try {
      value = evaluateHcl(expr, (ref) => lookup(ref, doc, seen));
    } catch (e) {
      if (e instanceof PolicyUnresolved) return { unresolved: e.message };
      if (e instanceof Unresolved) return { unresolved: `${what} is ${short(expr)}, which cannot be evaluated without a plan: ${e.message}` };
      throw e;
    }
    if (value instanceof Opaque) return { unresolved: `${what} is the expression ${short(expr)}, which cannot be evaluated without a plan` };
    if (typeof value !== 'string') return { unresolved: `${what} is ${short(expr)}, which is not JSON text` };
    text = value;
  }
  return policyFromJson(text, what);
}

/** Document → interpolation → how it renders from the top of a read (see policyFromText). */
const RENDERS = new WeakMap<TfDocument, Map<string, Rendered>>();

/** Policy JSON text → the document, with what only Terraform knows said (see withPartial). */
function policyFromJson(text: string, what: string): PolicyRead {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { unresolved: `${what} is not valid JSON` };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { unresolved: `${what} is not a policy document (JSON ${Array.isArray(parsed) ? 'array' : typeof parsed})` };
  return withPartial(normalise(parsed), what);
}

class PolicyUnresolved extends Error {}

const short = (expr: string) => (expr.length > 80 ? `${expr.slice(0, 77)}...` : expr).replace(/\s+/g, ' ');

/** What a reference inside an evaluated expression stands for, when the file says: locals and policy documents. */
function lookup(ref: string[], doc: TfDocument | undefined, seen: Set<string>): HclValue | undefined {
  if (doc === undefined) return undefined;
  if (ref[0] === 'data' && ref[1] === 'aws_iam_policy_document' && ref.length === 4 && (ref[3] === 'json' || ref[3] === 'minified_json')) {
    const key = `data.aws_iam_policy_document.${ref[2]}`;
    const source = policyDocuments(doc).get(ref[2]);
    if (source === undefined) throw new PolicyUnresolved(`${key} is referenced but is not in ${doc.file}`);
    if (seen.has(key)) throw new PolicyUnresolved(`${key} refers to itself`);
    if (seen.size > DEPTH) throw new PolicyUnresolved(`${key} nests documents more than ${DEPTH} deep`);
    // Each document is read once per file: documents that merge the same one many times stay linear.
    let memo = READ_DOCS.get(doc);
    if (memo === undefined) READ_DOCS.set(doc, (memo = new Map()));
    let read = memo.get(ref[2]);
    if (read === undefined) {
      read = policyFromDocumentBlock(source.body, doc, new Set([...seen, key]));
      memo.set(ref[2], read);
    }
    if ('unresolved' in read) throw new PolicyUnresolved(`${key}: ${read.unresolved}`);
    return 'policy' in read ? JSON.stringify(read.policy) : undefined;
  }
  if (ref[0] === 'local' && ref.length >= 2 && Object.prototype.hasOwnProperty.call(doc.locals, ref[1])) {
    const key = `local.${ref[1]}`;
    if (seen.has(key)) throw new PolicyUnresolved(`${key} refers to itself`);
    if (seen.size > DEPTH) throw new PolicyUnresolved(`${key} nests values more than ${DEPTH} deep`);
    let memo = READ_LOCALS.get(doc);
    if (memo === undefined) READ_LOCALS.set(doc, (memo = new Map()));
    let v: HclValue | undefined = memo.get(ref[1]);
    if (v === undefined) {
      v = fromJsonSyntax(doc.locals[ref[1]], doc, new Set([...seen, key]));
      memo.set(ref[1], v);
    }
    for (const part of ref.slice(2)) {
      if (v === null || typeof v !== 'object' || v instanceof Opaque) return undefined;
      v = (v as any)[part];
      if (v === undefined) return undefined;
    }
    return v;
  }
  return undefined;
}

/** A value in Terraform's JSON syntax: every string a template (escapes undone, a sole interpolation evaluated, any other opaque). */
function fromJsonSyntax(v: unknown, doc: TfDocument, seen: Set<string>): HclValue {
  if (typeof v === 'string') {
    const expr = soleInterpolation(v);
    if (expr !== undefined) return evaluateHcl(expr, (ref) => lookup(ref, doc, seen));
    return spliceTemplate(v, (ref) => lookup(ref, doc, seen));
  }
  if (Array.isArray(v)) return v.map((x) => fromJsonSyntax(x, doc, seen));
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fromJsonSyntax(x, doc, seen)]));
  return v as HclValue;
}

/**
 * Whether a principal or resource value holds something only a plan says, which may be `*`: any
 * interpolation that is not a plain reference to one managed resource's attribute
 * (`${aws_s3_bucket.b.arn}`) or to a data source's identifying attribute
 * (`${data.aws_caller_identity.c.account_id}`, `.arn`, `.id`, `.name`, ...). Inputs (`var.`,
 * `local.`, `module.`), `each.value`, `count.index`, function calls (`base64decode("Kg==")` is `*`),
 * conditionals and other data (`data.aws_ssm_parameter.p.value`) may be anything. IAM policy
 * variables (`${aws:username}`) and another stack's outputs (`data.terraform_remote_state.x.outputs.y`,
 * how cdktf references across stacks) are not inputs.
 */
function isInput(value: string): boolean {
  // A pure answer about a string, remembered for the process (thousands of trust policies name the same provider).
  let v = INPUTS.get(value);
  if (v === undefined) {
    if (INPUTS.size >= 50_000) INPUTS.clear();
    INPUTS.set(value, (v = isInputOnce(value)));
  }
  return v;
}
const INPUTS = new Map<string, boolean>();

function isInputOnce(value: string): boolean {
  for (const m of value.matchAll(/\$\{([^{}]*)\}/g)) {
    // An IAM policy variable (`${aws:username}`, `${*}`), not Terraform's: IAM fills it in per request.
    if (/^(?:[\w-]+:[^\s]+|[*?$])$/.test(m[1])) continue;
    const ref = RESOURCE_REF.exec(m[1].trim());
    if (ref === null) return true;
    const [, head, path, attribute] = ref;
    if (['var', 'local', 'module', 'each', 'count', 'self', 'path', 'terraform'].includes(head)) return true;
    // Another stack's output (eksguard's cross-stack references) names what that stack made.
    if (head === 'data' && !DATA_IDENTIFIERS.has(attribute) && !/^\.terraform_remote_state\.[\w-]+\.outputs$/.test(path)) return true;
  }
  // An interpolation this pattern cannot take apart (nested braces) is an input too.
  return /\$\{/.test(value.replace(/\$\{[^{}]*\}/g, ''));
}
/** `type.name.attr`, `data.type.name.attr`, with `[0]` / `["k"]` indexes; groups: head, name part, last attribute. */
const RESOURCE_REF = /^([A-Za-z_][\w-]*)((?:\.[A-Za-z_][\w-]*|\[(?:\d+|"[^"]*")\])*)\.([A-Za-z_][\w-]*)$/;
const DATA_IDENTIFIERS = new Set(['arn', 'id', 'account_id', 'partition', 'region', 'name', 'key_id', 'bucket', 'dns_suffix', 'url', 'role_arn', 'unique_id', 'repository_url', 'zone_id']);

/**
 * A read policy whose actions or effect hold an expression, or whose principals or resources are
 * hold inputs (see isInput): analysed, and the part only Terraform knows said (POLICY-UNRESOLVED warns).
 * References to resources (`${aws_s3_bucket.b.arn}`) name one thing and are not reported.
 */
function withPartial(policy: Policy, what: string): PolicyRead {
  const principalValues = (p: unknown): string[] => (p === undefined || p === null ? [] : typeof p === 'object' && !Array.isArray(p) ? Object.values(p as Record<string, unknown>).flatMap((v) => list<unknown>(v as any).map(String)) : list<unknown>(p as any).map(String));
  // In order: each statement's effect and actions holding `${`, then its resources and principals that are inputs.
  const opaque: string[] = [];
  const hasInterpolation = (x: string) => /\$\{/.test(x);
  policy.Statement.forEach((s, i) => {
    const note = (k: string, values: readonly string[], opaqueValue: (x: string) => boolean) => {
      for (const x of values) if (opaqueValue(x)) opaque.push(`Statement[${i}].${k} ${short(x)}`);
    };
    for (const k of ['Effect', 'Action', 'NotAction'] as const) note(k, list<string>(s[k] as any), hasInterpolation);
    for (const k of ['Resource', 'NotResource'] as const) note(k, list<string>(s[k] as any), isInput);
    for (const k of ['Principal', 'NotPrincipal'] as const) note(k, principalValues(s[k]), isInput);
  });
  return opaque.length > 0 ? { policy, partial: `${what} holds expressions only a plan resolves (${opaque.join(', ')})` } : { policy };
}

/**
 * `data "aws_iam_policy_document"` statement blocks → an IAM document. Its `source_policy_documents`
 * come first, its own statements replace those with the same sid, and `override_policy_documents`
 * replace or append last (as the provider merges them); each must be readable from the file.
 */
export function policyFromDocumentBlock(body: any, doc?: TfDocument, seen: Set<string> = new Set()): PolicyRead {
  const merge = (into: Statement[], from: Statement[]) => {
    for (const st of from) {
      const at = st.Sid !== undefined && st.Sid !== '' ? into.findIndex((x) => x.Sid === st.Sid) : -1;
      if (at >= 0) into[at] = st;
      else into.push(st);
    }
  };
  const read = (attr: string): Statement[] | string => {
    const out: Statement[] = [];
    for (const [i, text] of list<unknown>(body?.[attr]).entries()) {
      if (typeof text !== 'string') return `${attr}[${i}] is not a string`;
      const r = policyFromText(text, `${attr}[${i}]`, doc, seen);
      if ('unresolved' in r) return r.unresolved;
      if ('policy' in r) merge(out, r.policy.Statement);
    }
    return out;
  };
  const sources = read('source_policy_documents');
  if (typeof sources === 'string') return { unresolved: `the policy document merges a document it cannot read: ${sources}` };
  const overrides = read('override_policy_documents');
  if (typeof overrides === 'string') return { unresolved: `the policy document merges a document it cannot read: ${overrides}` };
  // A dynamic block (statements, principals or conditions generated from a collection) is not expanded here: what it adds is unknown.
  const dynamic = body?.dynamic !== undefined ? 'dynamic' : list<any>(body?.statement).some((s) => s?.dynamic !== undefined) ? 'statement.dynamic' : undefined;
  if (dynamic !== undefined) return { unresolved: `the policy document has ${dynamic === 'dynamic' ? 'a dynamic block' : 'a statement with a dynamic block'}, which is not expanded without a plan` };
  const own: Statement[] = list<any>(body?.statement).map((s) => {
    const out: Statement = { Effect: s.effect ?? 'Allow' };
    if (s.sid !== undefined) out.Sid = s.sid;
    if (s.actions !== undefined) out.Action = list(s.actions);
    if (s.not_actions !== undefined) out.NotAction = list(s.not_actions);
    if (s.resources !== undefined) out.Resource = list(s.resources);
    if (s.not_resources !== undefined) out.NotResource = list(s.not_resources);
    const principals = (key: string) => {
      const ps = list<any>(s[key]);
      if (ps.length === 0) return undefined;
      const p: Record<string, string[]> = {};
      for (const x of ps) p[x.type] = [...(p[x.type] ?? []), ...list<string>(x.identifiers)];
      return p;
    };
    if (principals('principals') !== undefined) out.Principal = principals('principals');
    if (principals('not_principals') !== undefined) out.NotPrincipal = principals('not_principals');
    for (const c of list<any>(s.condition)) {
      out.Condition ??= {};
      // Two condition blocks with the same test and variable: the provider merges their values (either admits), never keeps one.
      const before = out.Condition[c.test]?.[c.variable];
      out.Condition[c.test] = { ...(out.Condition[c.test] ?? {}), [c.variable]: [...(before === undefined ? [] : list<string>(before)), ...list<string>(c.values)] };
    }
    return out;
  });
  const Statement: Statement[] = [];
  merge(Statement, sources);
  merge(Statement, own);
  merge(Statement, overrides);
  return { policy: { Version: body?.version ?? '2012-10-17', Statement } };
}

const ELEMENTS = ['Version', 'Id', 'Statement', 'Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];
const ELEMENT_BY_LOWER = new Map(ELEMENTS.map((e) => [e.toLowerCase(), e]));

/** An object's policy elements under their canonical names, whatever case they are written in (a later spelling wins, as JSON.parse lets it). */
function canonicalKeys(o: Record<string, unknown>): Record<string, any> {
  const out: Record<string, any> = {};
  for (const [k, v] of Object.entries(o)) out[ELEMENT_BY_LOWER.get(k.trim().toLowerCase()) ?? k] = v;
  return out;
}

/**
 * Statements that are objects, with element names in their canonical case and Action/Resource
 * entries as strings: what rules and the IAM model (normalise/iam.ts) read.
 */
export function normalise(parsed: any): Policy {
  const strings = (v: unknown) => (v === undefined ? undefined : list(v as any).map((x) => String(x)));
  const top = parsed !== null && typeof parsed === 'object' ? canonicalKeys(parsed) : {};
  const Statement = list<any>(top.Statement)
    .filter((st) => st !== null && typeof st === 'object' && !Array.isArray(st))
    .map((raw) => {
      const st = canonicalKeys(raw);
      const out: Statement = { ...st, Effect: String(st.Effect ?? 'Allow') };
      for (const k of ['Action', 'NotAction', 'Resource', 'NotResource'] as const) if (st[k] !== undefined) out[k] = strings(st[k]);
      return out;
    });
  return { ...top, Statement };
}

/** IAM's size: characters with whitespace removed. */
export function policySize(json: string): number {
  // Compact JSON (what serialisers write) has nothing to remove: no copy of it made.
  return /\s/.test(json) ? json.replace(/\s+/g, '').length : json.length;
}
