/**
 * The rule pack's view of synthesized Terraform JSON: resources and data sources of each stack,
 * policies resolved from literal JSON or `aws_iam_policy_document` data blocks, references within a
 * file. Pure: no cdktf imports; reads any Terraform JSON, not only eksguard's.
 */
import { unescapeTemplate } from '../terraform/escape';
import { expandDynamic } from './normalise/dynamic';

export type Severity = 'error' | 'warning';

export interface TfBlock {
  /** Stack (directory) name, or the file's base name for a lone file. */
  readonly stack: string;
  readonly file: string;
  readonly kind: 'resource' | 'data';
  readonly type: string;
  readonly name: string;
  /** `aws_iam_role.x` (data sources: `data.aws_iam_policy_document.x`). */
  readonly address: string;
  readonly body: any;
}

export interface TfDocument {
  readonly stack: string;
  readonly file: string;
  readonly blocks: TfBlock[];
  readonly locals: Record<string, unknown>;
  /** `sha256:<hex>` of the file's bytes, when read from disk (loadTerraform). */
  readonly digest?: string;
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
export type PolicyRead = { readonly policy: Policy } | { readonly unresolved: string } | { readonly absent: true };

export function documentOf(json: any, stack: string, file: string): TfDocument {
  const blocks: TfBlock[] = [];
  const locals = localsOf(json);
  for (const kind of ['resource', 'data'] as const) {
    for (const [type, byName] of Object.entries(json?.[kind] ?? {})) {
      for (const [name, raw] of Object.entries((byName ?? {}) as Record<string, unknown>)) {
        const body: any = raw !== null && typeof raw === 'object' ? expandDynamic(raw, locals) : {};
        const address = kind === 'data' ? `data.${type}.${name}` : `${type}.${name}`;
        blocks.push({ stack, file, kind, type, name, address, body });
        if (kind === 'resource' && type === 'aws_iam_role') {
          // A role's inline_policy blocks and managed_policy_arns, read as the resources they stand for.
          const role = `\${aws_iam_role.${name}.name}`;
          list<any>(body.inline_policy).forEach((p, i) => {
            if (p?.policy !== undefined) blocks.push({ stack, file, kind, type: 'aws_iam_role_policy', name: `${name}.inline_policy[${i}]`, address: `${address}.inline_policy[${i}]`, body: { name: p.name ?? `inline-${i}`, role, policy: p.policy } });
          });
          list<string>(body.managed_policy_arns).forEach((arn, i) => {
            blocks.push({ stack, file, kind, type: 'aws_iam_role_policy_attachment', name: `${name}.managed_policy_arns[${i}]`, address: `${address}.managed_policy_arns[${i}]`, body: { role, policy_arn: arn } });
          });
        }
      }
    }
  }
  return { stack, file, blocks, locals: { ...(json?.locals ?? {}) } };
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

/** Data blocks of a document by `<type>.<name>`, indexed once per document. */
const DATA_INDEX = new WeakMap<TfDocument, Map<string, TfBlock>>();
function dataBlock(doc: TfDocument, type: string, name: string): TfBlock | undefined {
  let index = DATA_INDEX.get(doc);
  if (index === undefined) {
    index = new Map();
    for (const b of doc.blocks) if (b.kind === 'data' && !index.has(`${b.type}.${b.name}`)) index.set(`${b.type}.${b.name}`, b);
    DATA_INDEX.set(doc, index);
  }
  return index.get(`${type}.${name}`);
}

const DATA_POLICY = /^\$\{data\.aws_iam_policy_document\.([\w-]+)\.json\}$/;

/** Read a policy attribute: literal JSON (Terraform's `$${` escapes undone), or a policy document data block. */
export function readPolicy(block: TfBlock, attribute: string, doc: TfDocument): PolicyRead {
  const raw = block.body?.[attribute];
  if (raw === undefined || raw === null || raw === '') return { absent: true };
  if (typeof raw !== 'string') return { unresolved: `${attribute} is not a string` };
  const data = DATA_POLICY.exec(raw);
  if (data !== null) {
    const source = dataBlock(doc, 'aws_iam_policy_document', data[1]);
    if (source === undefined) return { unresolved: `${attribute} references data.aws_iam_policy_document.${data[1]}, which is not in ${doc.file}` };
    return policyFromDocumentBlock(source.body);
  }
  if (/^\$\{[^}]*\}$/.test(raw) && !raw.trim().startsWith('{')) return { unresolved: `${attribute} is the expression ${raw.slice(0, 80)}, which cannot be evaluated without a plan` };
  try {
    const parsed = JSON.parse(unescapeTemplate(raw));
    return { policy: normalise(parsed) };
  } catch {
    return { unresolved: `${attribute} is not valid JSON` };
  }
}

/** `data "aws_iam_policy_document"` statement blocks → an IAM document. */
export function policyFromDocumentBlock(body: any): PolicyRead {
  if (body?.source_policy_documents !== undefined || body?.override_policy_documents !== undefined) {
    return { unresolved: 'the policy document merges other documents (source/override_policy_documents)' };
  }
  const Statement: Statement[] = list<any>(body?.statement).map((s) => {
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
      out.Condition[c.test] = { ...(out.Condition[c.test] ?? {}), [c.variable]: list<string>(c.values) };
    }
    return out;
  });
  return { policy: { Version: body?.version ?? '2012-10-17', Statement } };
}

/** Statements that are objects, with Action/Resource entries as strings: what rules can read. */
function normalise(parsed: any): Policy {
  const strings = (v: unknown) => (v === undefined ? undefined : list(v as any).map((x) => String(x)));
  const Statement = list<any>(parsed?.Statement)
    .filter((st) => st !== null && typeof st === 'object' && !Array.isArray(st))
    .map((st) => {
      const out: Statement = { ...st, Effect: String(st.Effect ?? 'Allow') };
      for (const k of ['Action', 'NotAction', 'Resource', 'NotResource'] as const) if (st[k] !== undefined) out[k] = strings(st[k]);
      return out;
    });
  return { ...(parsed !== null && typeof parsed === 'object' ? parsed : {}), Statement };
}

/** IAM's size: characters with whitespace removed. */
export function policySize(json: string): number {
  return json.replace(/\s+/g, '').length;
}
