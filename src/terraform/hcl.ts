/**
 * Terraform JSON → HCL (native syntax), for reviewers (`synth --hcl`). The JSON is the source of
 * truth: every value is rendered from it, so the HCL means exactly what the JSON means. What JSON
 * cannot say by itself is which object keys are nested blocks (`vpc_config { }`) and which are
 * attributes holding an object (`tags = { }`); that comes from the provider bindings' own schema
 * (cdktf's `isBlock` metadata, collected by {@link collectBlockShapes}) and, for Terraform's own
 * blocks (`terraform`, `lifecycle`, `moved`, ...), from the language.
 *
 * Output is what `terraform fmt` writes (two-space indents, `=` aligned across consecutive one-line
 * attributes, interpolation-only attribute values unwrapped to bare expressions), so
 * `terraform fmt -check` passes; strings are quoted templates whose literal text is escaped
 * (`\\`, `"`, control characters) and whose `${...}` / `%{...}` sequences are copied as they are, so
 * no text can end a string early. Pure.
 */
import { DefaultTokenResolver, StringConcat, Tokenization, type TerraformStack } from 'cdktf';
import { interpolationEnd, templateParts } from './template';
import { PlannedResource } from './planned';

/** Paths of nested blocks, as `resource/<type>/<attr>/<nested attr>`, `data/...`, `provider/<name>/...`. */
export type BlockShapes = Set<string>;

/** Record the nested-block paths of every resource, data source and provider of a stack (cdktf's `isBlock` metadata). */
export function collectBlockShapes(stack: TerraformStack, into: BlockShapes = new Set()): BlockShapes {
  const walk = (prefix: string, attrs: unknown) => {
    if (attrs === null || typeof attrs !== 'object') return;
    for (const [key, meta] of Object.entries(attrs as Record<string, unknown>)) {
      if (meta === null || typeof meta !== 'object' || !('value' in meta)) continue;
      // Resources say isBlock, providers is_block.
      const m = meta as { value: unknown; isBlock?: boolean; is_block?: boolean };
      if (m.isBlock !== true && m.is_block !== true) continue;
      const at = `${prefix}/${key}`;
      into.add(at);
      for (const item of Array.isArray(m.value) ? m.value : [m.value]) walk(at, item);
    }
  };
  for (const element of stack.node.findAll()) {
    if (element instanceof PlannedResource) {
      // Written from plain data: its nested block paths are declared with it.
      for (const block of element.blockPaths) into.add(`resource/${element.terraformResourceType}/${block}`);
      continue;
    }
    const hcl = (element as unknown as { toHclTerraform?: () => unknown }).toHclTerraform;
    if (typeof hcl !== 'function' || !('terraformResourceType' in element || 'terraformProviderSource' in element)) continue;
    const fragment = Tokenization.resolve(hcl.call(element), { scope: stack, preparing: false, resolver: new DefaultTokenResolver(new StringConcat()) }) as Record<string, Record<string, unknown>>;
    for (const kind of ['resource', 'data'] as const) {
      for (const [type, byName] of Object.entries(fragment[kind] ?? {})) {
        for (const body of Object.values(byName as Record<string, unknown>)) walk(`${kind}/${type}`, body);
      }
    }
    for (const [name, configs] of Object.entries(fragment.provider ?? {})) {
      for (const body of Array.isArray(configs) ? configs : [configs]) walk(`provider/${name}`, body);
    }
  }
  return into;
}

/** One output line: its indent, the text before any `=`, and the `= value` part of a one-line attribute (aligned as fmt aligns it). */
interface Line {
  readonly indent: number;
  readonly lead: string;
  readonly assign?: string;
}

class Writer {
  readonly lines: Line[] = [];
  line(indent: number, lead: string, assign?: string): void {
    this.lines.push(assign === undefined ? { indent, lead } : { indent, lead, assign });
  }
  blank(): void {
    if (this.lines.length > 0 && this.lines[this.lines.length - 1].lead !== '') this.lines.push({ indent: 0, lead: '' });
  }
  /** As hclwrite's formatCells: `=` of consecutive one-line attributes aligned one column after the longest lead. */
  text(): string {
    const out: string[] = [];
    let chain: Line[] = [];
    const flush = () => {
      const width = Math.max(...chain.map(columns));
      for (const l of chain) out.push(`${'  '.repeat(l.indent)}${l.lead}${' '.repeat(width - columns(l) + 1)}${l.assign}`);
      chain = [];
    };
    for (const l of this.lines) {
      if (l.assign !== undefined) {
        chain.push(l);
        continue;
      }
      if (chain.length > 0) flush();
      out.push(l.lead === '' ? '' : `${'  '.repeat(l.indent)}${l.lead}`);
    }
    if (chain.length > 0) flush();
    while (out.length > 0 && out[out.length - 1] === '') out.pop();
    return `${out.join('\n')}\n`;
  }
}

/** Made on first use: ICU's segmenter costs milliseconds to create, and only --hcl needs it. */
let segmenter: Intl.Segmenter | undefined;
/** Columns as hclwrite counts them: grapheme clusters (ASCII: one per character). */
const columns = (l: Line): number => {
  if (/^[\x00-\x7f]*$/.test(l.lead)) return 2 * l.indent + l.lead.length;
  segmenter ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
  return 2 * l.indent + [...segmenter.segment(l.lead)].length;
};

/** A Terraform template as an HCL quoted string: literal text escaped, template sequences copied. */
export function quoted(template: string): string {
  let out = '"';
  for (const part of templateParts(template)) {
    if (part.kind === 'unclosed') throw new Error(`a template sequence is not closed: ${JSON.stringify(part.text.slice(0, 40))}`);
    if (part.kind === 'literal') out += [...part.text].map(escapeChar).join('');
    else {
      if (/[\r\n]/.test(part.text)) throw new Error(`a template sequence spans lines, which a quoted HCL string cannot hold: ${JSON.stringify(part.text.slice(0, 40))}`);
      out += part.text;
    }
  }
  return `${out}"`;
}

function escapeChar(c: string): string {
  switch (c) {
    case '\\':
      return '\\\\';
    case '"':
      return '\\"';
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
    default: {
      const code = c.charCodeAt(0);
      return code < 0x20 || code === 0x7f ? `\\u${code.toString(16).padStart(4, '0')}` : c;
    }
  }
}

/** The expression of a template that is one interpolation and nothing else (`${aws_iam_role.x.arn}`), as fmt unwraps it. */
function soleExpression(template: string): string | undefined {
  if (!template.startsWith('${')) return undefined;
  const end = interpolationEnd(template, 2);
  if (end !== template.length - 1) return undefined;
  const inner = template.slice(2, end);
  return inner.trim() === '' || /[\r\n]/.test(inner) ? undefined : inner.trim();
}

/** Text a meta-argument holds as a bare expression (`depends_on`, `provider`, `moved.from`): with or without `${ }`. */
const bare = (v: unknown): string => {
  const s = String(v);
  return soleExpression(s) ?? s;
};

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const IDENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const identifier = (name: string): string => {
  if (!IDENT.test(name)) throw new Error(`${JSON.stringify(name)} is not an HCL identifier`);
  return name;
};
/** A block label (a type, a name): an identifier, quoted as fmt writes labels. */
const label = (name: string): string => `"${identifier(name)}"`;

/** A value (expression) at an indent: one line, or the first line and the lines after it. */
function value(w: Writer, indent: number, lead: string, v: unknown, top: boolean): void {
  if (Array.isArray(v)) {
    if (v.length === 0) return w.line(indent, lead, '= []');
    w.line(indent, `${lead} = [`);
    for (const item of v) element(w, indent + 1, item);
    return w.line(indent, ']');
  }
  if (isObject(v)) {
    const entries = Object.entries(v);
    if (entries.length === 0) return w.line(indent, lead, '= {}');
    w.line(indent, `${lead} = {`);
    for (const [k, x] of entries) value(w, indent + 1, quoted(k), x, false);
    return w.line(indent, '}');
  }
  w.line(indent, lead, `= ${scalar(v, top)}`);
}

/** A tuple element, followed by a comma. */
function element(w: Writer, indent: number, v: unknown): void {
  if (Array.isArray(v)) {
    if (v.length === 0) return w.line(indent, '[],');
    w.line(indent, '[');
    for (const item of v) element(w, indent + 1, item);
    return w.line(indent, '],');
  }
  if (isObject(v)) {
    const entries = Object.entries(v);
    if (entries.length === 0) return w.line(indent, '{},');
    w.line(indent, '{');
    for (const [k, x] of entries) value(w, indent + 1, quoted(k), x, false);
    return w.line(indent, '},');
  }
  w.line(indent, `${scalar(v, false)},`);
}

function scalar(v: unknown, top: boolean): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`${v} is not a Terraform number`);
    return String(v);
  }
  const s = String(v);
  // `terraform fmt` unwraps an attribute that is one interpolation ("${x}" → x); nested values stay quoted.
  return (top ? soleExpression(s) : undefined) ?? quoted(s);
}

/** Keys of a Terraform block's body that are blocks of the language itself, wherever they appear. */
const META_BLOCKS: Record<string, ReadonlySet<string>> = {
  resource: new Set(['lifecycle', 'connection', 'provisioner']),
  data: new Set(['lifecycle']),
  lifecycle: new Set(['precondition', 'postcondition']),
  output: new Set(['precondition']),
  variable: new Set(['validation']),
  terraform: new Set(['required_providers', 'cloud']),
  cloud: new Set(['workspaces']),
};

/** Meta-arguments whose values are bare references, not strings. */
const BARE = new Set(['depends_on', 'provider', 'ignore_changes', 'replace_triggered_by']);

/**
 * A block body: attributes and nested blocks, nested by `shapes` (paths under `at`) or by the
 * language (`kind`: resource, data, lifecycle, ...).
 */
function body(w: Writer, indent: number, v: Record<string, unknown>, at: string, kind: string, shapes: BlockShapes): void {
  for (const [key, x] of Object.entries(v)) {
    if (key === '//') continue; // cdktf's metadata comment object
    const path = `${at}/${key}`;
    const meta = META_BLOCKS[kind]?.has(key) === true;
    if (meta || shapes.has(path)) {
      for (const item of Array.isArray(x) ? x : [x]) {
        if (!isObject(item)) throw new Error(`${path} is a block but holds ${JSON.stringify(item)}`);
        w.blank();
        w.line(indent, `${identifier(key)} {`);
        body(w, indent + 1, item, path, meta ? key : 'nested', shapes);
        w.line(indent, '}');
      }
      continue;
    }
    if (kind === 'resource' && (key === 'dynamic' || key === 'provisioner')) throw new Error(`${path}: ${key} blocks are not rendered`);
    if (BARE.has(key)) {
      if (Array.isArray(x)) {
        if (x.length === 0) w.line(indent, identifier(key), '= []');
        else {
          w.line(indent, `${identifier(key)} = [`);
          for (const item of x) w.line(indent + 1, `${bare(item)},`);
          w.line(indent, ']');
        }
      } else w.line(indent, identifier(key), `= ${bare(x)}`);
      continue;
    }
    if (kind === 'variable' && key === 'type') {
      w.line(indent, 'type', `= ${bare(x)}`);
      continue;
    }
    value(w, indent, identifier(key), x, true);
  }
}

function labelled(w: Writer, keyword: string, labels: readonly string[], v: unknown, at: string, kind: string, shapes: BlockShapes): void {
  for (const item of Array.isArray(v) ? v : [v]) {
    if (!isObject(item)) throw new Error(`${at} is not an object`);
    w.blank();
    w.line(0, `${[keyword, ...labels.map(label)].join(' ')} {`);
    body(w, 1, item, at, kind, shapes);
    w.line(0, '}');
  }
}

/** Render one stack's Terraform JSON as HCL (see the module comment). Throws on a construct it cannot render faithfully. */
export function renderHcl(json: Record<string, unknown>, shapes: BlockShapes): string {
  const w = new Writer();
  for (const [section, content] of Object.entries(json)) {
    if (section === '//') continue;
    if (!isObject(content) && !Array.isArray(content)) throw new Error(`the top-level ${section} is not an object`);
    switch (section) {
      case 'terraform':
        for (const item of Array.isArray(content) ? content : [content]) {
          w.blank();
          w.line(0, 'terraform {');
          const { backend, ...rest } = item as Record<string, unknown>;
          body(w, 1, rest, 'terraform', 'terraform', shapes);
          if (backend !== undefined) {
            for (const [type, config] of Object.entries(backend as Record<string, unknown>)) {
              w.blank();
              w.line(1, `backend ${label(type)} {`);
              body(w, 2, config as Record<string, unknown>, `terraform/backend/${type}`, 'backend', shapes);
              w.line(1, '}');
            }
          }
          w.line(0, '}');
        }
        break;
      case 'provider':
        for (const [name, configs] of Object.entries(content)) labelled(w, 'provider', [name], configs, `provider/${name}`, 'provider', shapes);
        break;
      case 'resource':
      case 'data':
        for (const [type, byName] of Object.entries(content)) {
          for (const [name, b] of Object.entries(byName as Record<string, unknown>)) labelled(w, section, [type, name], b, `${section}/${type}`, section, shapes);
        }
        break;
      case 'module':
      case 'output':
      case 'variable':
        for (const [name, b] of Object.entries(content)) labelled(w, section, [name], b, `${section}/${name}`, section, shapes);
        break;
      case 'locals':
        for (const item of Array.isArray(content) ? content : [content]) labelled(w, 'locals', [], item, 'locals', 'locals', shapes);
        break;
      case 'moved':
      case 'import':
        for (const item of Array.isArray(content) ? content : [content]) {
          w.blank();
          w.line(0, `${section} {`);
          for (const [k, x] of Object.entries(item as Record<string, unknown>)) {
            if (k === 'from' || k === 'to') w.line(1, k, `= ${bare(x)}`);
            else value(w, 1, identifier(k), x, true);
          }
          w.line(0, '}');
        }
        break;
      default:
        throw new Error(`the top-level ${section} is not rendered as HCL`);
    }
  }
  return w.text();
}
