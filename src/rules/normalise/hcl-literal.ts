/**
 * A small evaluator for HCL literal expressions, the text inside a Terraform `${...}`: objects
 * (`k = v` or `k: v`, separated by newlines or commas), tuples, strings with HCL escapes (`$${` and
 * `%%{` included), heredocs, numbers, booleans, null, and `jsonencode(...)` of those. What cannot be
 * evaluated without Terraform is said so, never guessed:
 * - a reference (`aws_s3_bucket.b.arn`, `var.x`, `local.y`) or a string holding an interpolation
 *   evaluates to an {@link Opaque} value, which a policy reader keeps as the text `${...}` (as it
 *   reads such text in literal JSON) and which can never be taken for `*`;
 * - any other function, operator, conditional or `for` expression is unresolved, with the reason.
 * Linear in the text: one pass, no backtracking. Pure.
 */

import { escapeTemplate } from '../../terraform/escape';
import { interpolationEnd, templateParts } from '../../terraform/template';

/** A value only Terraform knows: a reference or a template with an interpolation. */
export class Opaque {
  /** @param text how Terraform JSON would hold it: `${aws_s3_bucket.b.arn}`, `${var.x}/*` */
  constructor(readonly text: string) {}
}

/**
 * What only Terraform can evaluate, and why. Made without a stack trace: the evaluator throws it as
 * an answer (a reference inside a function call, an operator), caught one level up, many times per
 * policy read, and only its message is ever read.
 */
export class Unresolved extends Error {
  constructor(message: string) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
  }
}

export type HclValue = string | number | boolean | null | Opaque | HclValue[] | { [key: string]: HclValue };

/** Functions the evaluator runs on literal arguments. */
const FUNCTIONS: Record<string, (args: HclValue[]) => HclValue> = {
  tolist: ([v]) => tupleOf('tolist', v),
  toset: ([v]) => [...new Map(tupleOf('toset', v).map((x) => [jsonText(x), x])).values()],
  concat: (args) => args.flatMap((a) => tupleOf('concat', a)),
  flatten: ([v]) => {
    const out: HclValue[] = [];
    const walk = (x: HclValue) => (Array.isArray(x) ? x.forEach(walk) : out.push(x));
    tupleOf('flatten', v).forEach(walk);
    return out;
  },
  distinct: ([v]) => [...new Map(tupleOf('distinct', v).map((x) => [jsonText(x), x])).values()],
  merge: (args) => Object.assign({}, ...args.map((a) => (a !== null && typeof a === 'object' && !Array.isArray(a) && !(a instanceof Opaque) ? a : unresolvedArg('merge', a)))),
  tostring: ([v]) => (typeof v === 'string' || v instanceof Opaque ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : unresolvedArg('tostring', v)),
  jsonencode: (args) => {
    if (args.length !== 1) throw new Unresolved(`jsonencode() takes one argument, not ${args.length}`);
    if (args[0] instanceof Opaque) throw new Unresolved(`jsonencode(${args[0].text}): its argument only Terraform knows`);
    return jsonText(args[0]);
  },
};

function unresolvedArg(fn: string, v: HclValue | undefined): never {
  throw new Unresolved(`${fn}() of ${v instanceof Opaque ? v.text : JSON.stringify(v)}: only literal values are evaluated`);
}

/** A function's list argument: a tuple, else unresolved (a reference's elements only Terraform knows). */
function tupleOf(fn: string, v: HclValue | undefined): HclValue[] {
  return Array.isArray(v) ? v : unresolvedArg(fn, v);
}

/** JSON text of a value; an opaque part is kept as its `${...}` text, as Terraform JSON would show it. */
export function jsonText(v: HclValue): string {
  return JSON.stringify(v, (_k, x) => (x instanceof Opaque ? x.text : x));
}

/** Evaluate one HCL expression (the whole text). Throws {@link Unresolved} with the reason otherwise. */
export function evaluateHcl(text: string, lookup: (ref: string[]) => HclValue | undefined = () => undefined): HclValue {
  const p = new Parser(text, lookup);
  const v = p.expression();
  p.space();
  if (p.i < text.length) throw new Unresolved(`unexpected ${JSON.stringify(text.slice(p.i, p.i + 20))} at offset ${p.i}`);
  return v;
}

/**
 * A Terraform string template (a JSON string value or an HCL string body after its escapes):
 * when the whole of it is one interpolation `${expr}`, the expression; otherwise undefined.
 */
export function soleInterpolation(template: string): string | undefined {
  // Most texts (a policy's JSON) start with neither `$` nor a blank: no copy of them trimmed.
  const first = template.charAt(0);
  if (first !== '$' && !/^\s$/.test(first)) return undefined;
  const t = template.trim();
  if (!t.startsWith('${')) return undefined;
  const end = interpolationEnd(t, 2);
  if (end !== t.length - 1) return undefined;
  return t.slice(2, end).replace(/^~/, '').replace(/~$/, '');
}

/**
 * A Terraform string template (a JSON-syntax string, or a heredoc body) as Terraform renders it:
 * `$${` and `%%{` are the literal text `${` and `%{`; an interpolation whose expression evaluates to
 * a literal string, number or boolean is spliced in (`"s3:${"*"}"` is `s3:*`, as Terraform makes
 * it); any other interpolation (a reference, an expression the evaluator does not run) or a
 * directive keeps its text and makes the whole value {@link Opaque}.
 */
export function spliceTemplate(t: string, lookup: (ref: string[]) => HclValue | undefined = () => undefined, renders?: Map<string, Rendered>): HclValue {
  let out = '';
  let dynamic = false;
  for (const part of templateParts(t)) {
    if (part.kind === 'literal') out += part.text;
    else if (part.kind === 'escape') out += part.text.slice(1);
    else if (part.kind === 'unclosed') return new Opaque(out + part.text);
    else {
      const r = part.kind === 'interpolation' ? renderedOnce(part.inner, lookup, renders) : { text: part.text, literal: false };
      if (!r.literal) dynamic = true;
      out += r.text;
    }
  }
  return dynamic ? new Opaque(out) : out;
}

/**
 * A Terraform string template with every interpolation of a literal scalar rendered into its text
 * (escaped, so it stays literal): `"s3:${"*"}"` is `s3:*` and `"${var.x}-${"*"}"` is `${var.x}-*`.
 * References, other expressions and directives keep their source. The one pass that makes an
 * interpolated literal read as the literal it is, for every rule (see input/config). Linear.
 */
export function simplifyTemplate(t: string): string {
  // Nothing to render unless some `${` opens what may be a literal: the text is its parts joined (most strings hold only references).
  if (!MAYBE_LITERAL_IN.test(t)) return t;
  let out = '';
  for (const part of templateParts(t)) {
    // Without a lookup only a literal can render (a string, number, bool, tostring()/jsonencode() of one):
    // a reference or any other call is kept as it is without evaluating it (most interpolations are references).
    const r = part.kind === 'interpolation' && MAYBE_LITERAL.test(part.inner) ? rendered(part.inner, () => undefined) : undefined;
    out += r?.literal === true ? escapeTemplate(r.text) : part.text;
  }
  return out;
}

// `\s*(?:~\s*)?` is `\s*~?\s*` without its quadratic backtracking over a long run of blanks.
const MAYBE_LITERAL = /^\s*(?:~\s*)?(?:["<\d(-]|true\b|false\b|tostring\s*\(|jsonencode\s*\()/;
/** Where MAYBE_LITERAL could match an interpolation of a text: after any `${` (a superset: escapes too). */
const MAYBE_LITERAL_IN = /\$\{\s*(?:~\s*)?(?:["<\d(-]|true\b|false\b|tostring\s*\(|jsonencode\s*\()/;

/** How one interpolation renders (see rendered). */
export interface Rendered {
  readonly text: string;
  readonly literal: boolean;
}

/**
 * rendered, remembered in `renders` when given: the caller's lookup must answer each reference the
 * same way for every template it splices with that map (one document's, from the top of a read).
 * Only answers are kept; what throws (a reference that refers to itself) throws again.
 */
function renderedOnce(inner: string, lookup: (ref: string[]) => HclValue | undefined, renders: Map<string, Rendered> | undefined): Rendered {
  if (renders === undefined) return rendered(inner, lookup);
  let r = renders.get(inner);
  if (r === undefined) renders.set(inner, (r = rendered(inner, lookup)));
  return r;
}

/**
 * How one interpolation renders: a literal string, number or boolean is its text (`literal`);
 * a reference stands as its own `${...}`, and any other expression as its source (not literal).
 */
function rendered(inner: string, lookup: (ref: string[]) => HclValue | undefined): Rendered {
  let v: HclValue;
  try {
    v = evaluateHcl(inner.replace(/^~/, '').replace(/~$/, ''), lookup);
  } catch (e) {
    if (e instanceof Unresolved) return { text: `\${${inner}}`, literal: false };
    throw e;
  }
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return { text: String(v), literal: true };
  return { text: v instanceof Opaque ? v.text : `\${${inner}}`, literal: false };
}

const IDENT = /[A-Za-z_][A-Za-z0-9_-]*/y;
const NUMBER = /-?\d+(\.\d+)?([eE][+-]?\d+)?/y;

class Parser {
  i = 0;
  constructor(readonly t: string, readonly lookup: (ref: string[]) => HclValue | undefined) {}

  /** Skip blanks and comments; newlines too unless asked to stop at them. */
  space(newlines = true): void {
    const t = this.t;
    for (;;) {
      const c = t[this.i];
      if (c === ' ' || c === '\t' || c === '\r' || (newlines && c === '\n')) this.i++;
      else if (c === '#' || (c === '/' && t[this.i + 1] === '/')) {
        while (this.i < t.length && t[this.i] !== '\n') this.i++;
      } else if (c === '/' && t[this.i + 1] === '*') {
        const end = t.indexOf('*/', this.i + 2);
        this.i = end < 0 ? t.length : end + 2;
      } else return;
    }
  }

  fail(what: string): never {
    throw new Unresolved(what);
  }

  expression(): HclValue {
    this.space();
    const v = this.primary();
    this.space(false);
    const c = this.t[this.i];
    if (c === '?' || /[+*/%<>!&|]/.test(c ?? '') || (c === '=' && this.t[this.i + 1] === '=') || (c === '-' && this.t[this.i + 1] !== '>')) {
      this.fail(`the operator ${JSON.stringify(this.t.slice(this.i, this.i + 2).trim())} is not evaluated (only literal values are)`);
    }
    return v;
  }

  primary(): HclValue {
    const t = this.t;
    const c = t[this.i];
    if (c === undefined) this.fail('the expression ends early');
    if (c === '{') return this.object();
    if (c === '[') return this.tuple();
    if (c === '"') return this.string();
    if (c === '<' && t[this.i + 1] === '<') return this.heredoc();
    if (c === '(') {
      this.i++;
      const v = this.expression();
      this.space();
      this.expect(')');
      return v;
    }
    NUMBER.lastIndex = this.i;
    const n = NUMBER.exec(t);
    if (n !== null && /[\d-]/.test(c)) {
      this.i += n[0].length;
      return Number(n[0]);
    }
    IDENT.lastIndex = this.i;
    const id = IDENT.exec(t);
    if (id === null) this.fail(`unexpected ${JSON.stringify(t.slice(this.i, this.i + 20))}`);
    this.i += id[0].length;
    if (id[0] === 'true') return true;
    if (id[0] === 'false') return false;
    if (id[0] === 'null') return null;
    if (id[0] === 'for') this.fail('a for expression is not evaluated');
    this.space(false);
    if (t[this.i] === '(') return this.call(id[0]);
    return this.traversal(id[0]);
  }

  call(name: string): HclValue {
    const fn = FUNCTIONS[name];
    if (fn === undefined || !Object.prototype.hasOwnProperty.call(FUNCTIONS, name)) this.fail(`the function ${name}() is not evaluated (only jsonencode and list functions of literal values are)`);
    this.i++;
    const args: HclValue[] = [];
    this.space();
    while (this.t[this.i] !== ')') {
      args.push(this.expression());
      this.space();
      if (this.t.startsWith('...', this.i)) this.fail(`${name}() with expanded arguments is not evaluated`);
      if (this.t[this.i] === ',') this.i++;
      else if (this.t[this.i] !== ')') this.fail(`expected , or ) in ${name}()`);
      this.space();
    }
    this.i++;
    return fn(args);
  }

  /** `a.b[0].c`: looked up when the caller knows it (locals), else an opaque reference. */
  traversal(root: string): HclValue {
    const t = this.t;
    const start = this.i - root.length;
    const parts = [root];
    for (;;) {
      if (t[this.i] === '.') {
        this.i++;
        if (t[this.i] === '*') this.fail('a splat expression is not evaluated');
        IDENT.lastIndex = this.i;
        const id = IDENT.exec(t) ?? /\d+/y.exec(t.slice(this.i));
        if (id === null) this.fail('a malformed reference');
        this.i += id[0].length;
        parts.push(id[0]);
      } else if (t[this.i] === '[') {
        const open = this.i;
        this.i++;
        this.space();
        if (t[this.i] === '*') this.fail('a splat expression is not evaluated');
        const key = this.expression();
        this.space();
        this.expect(']');
        if (key instanceof Opaque || typeof key === 'object') parts.push(t.slice(open, this.i));
        else parts.push(String(key));
      } else break;
    }
    const known = this.lookup(parts);
    return known !== undefined ? known : new Opaque(`\${${t.slice(start, this.i)}}`);
  }

  object(): HclValue {
    this.i++;
    const out: Record<string, HclValue> = {};
    this.space();
    while (this.t[this.i] !== '}') {
      if (this.i >= this.t.length) this.fail('an object is not closed');
      let key: HclValue;
      if (this.t[this.i] === '(') key = this.primary();
      else if (this.t[this.i] === '"') key = this.string();
      else {
        IDENT.lastIndex = this.i;
        const id = IDENT.exec(this.t);
        if (id === null) this.fail(`unexpected ${JSON.stringify(this.t.slice(this.i, this.i + 20))} in an object`);
        this.i += id[0].length;
        key = id[0];
        if (key === 'for') this.fail('a for expression is not evaluated');
      }
      if (typeof key !== 'string' && typeof key !== 'number' && typeof key !== 'boolean') this.fail('an object key that is not a literal');
      this.space(false);
      if (this.t[this.i] === '=' || this.t[this.i] === ':') this.i++;
      else this.fail(`expected = or : after the key ${JSON.stringify(key)}`);
      out[String(key)] = this.expression();
      this.space(false);
      if (this.t[this.i] === ',' || this.t[this.i] === '\n') this.i++;
      else if (this.t[this.i] !== '}') this.fail(`expected , or a new line after ${JSON.stringify(key)}`);
      this.space();
    }
    this.i++;
    return out;
  }

  tuple(): HclValue {
    this.i++;
    const out: HclValue[] = [];
    this.space();
    while (this.t[this.i] !== ']') {
      if (this.i >= this.t.length) this.fail('a tuple is not closed');
      IDENT.lastIndex = this.i;
      if (IDENT.exec(this.t)?.[0] === 'for') this.fail('a for expression is not evaluated');
      out.push(this.expression());
      this.space();
      if (this.t[this.i] === ',') this.i++;
      else if (this.t[this.i] !== ']') this.fail('expected , or ] in a tuple');
      this.space();
    }
    this.i++;
    return out;
  }

  expect(c: string): void {
    if (this.t[this.i] !== c) this.fail(`expected ${c}`);
    this.i++;
  }

  /** A quoted template: escapes undone, literal interpolations spliced (see {@link spliceTemplate}); any other interpolation makes the whole string opaque. */
  string(): HclValue {
    const t = this.t;
    this.i++;
    let out = '';
    let dynamic = false;
    while (t[this.i] !== '"') {
      if (this.i >= t.length || t[this.i] === '\n') this.fail('a string is not closed');
      const c = t[this.i];
      if (c === '\\') {
        const e = t[this.i + 1];
        const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };
        if (simple[e] !== undefined) {
          out += simple[e];
          this.i += 2;
        } else if (e === 'u' || e === 'U') {
          const len = e === 'u' ? 4 : 8;
          const hex = t.slice(this.i + 2, this.i + 2 + len);
          if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) this.fail('a malformed \\u escape');
          out += String.fromCodePoint(parseInt(hex, 16));
          this.i += 2 + len;
        } else this.fail(`the escape \\${e} is not HCL`);
      } else if ((c === '$' || c === '%') && t[this.i + 1] === c && t[this.i + 2] === '{') {
        out += `${c}{`;
        this.i += 3;
      } else if ((c === '$' || c === '%') && t[this.i + 1] === '{') {
        const end = interpolationEnd(t, this.i + 2);
        if (end < 0) this.fail('an interpolation is not closed');
        if (c === '%') this.fail('a template directive (%{...}) is not evaluated');
        // As Terraform renders it: a literal scalar is spliced in; anything else keeps its text.
        const r = rendered(t.slice(this.i + 2, end), this.lookup);
        if (!r.literal) dynamic = true;
        out += r.text;
        this.i = end + 1;
      } else {
        out += c;
        this.i++;
      }
    }
    this.i++;
    // An interpolation: its value is only Terraform's to know; the text stands for it, as in Terraform JSON.
    return dynamic ? new Opaque(out) : out;
  }

  heredoc(): HclValue {
    const m = /<<(-?)([A-Za-z_][A-Za-z0-9_-]*)\r?\n/y;
    m.lastIndex = this.i;
    const h = m.exec(this.t);
    if (h === null) this.fail('a malformed heredoc');
    const bodyStart = this.i + h[0].length;
    const close = new RegExp(`^[ \\t]*${h[2]}[ \\t]*$`, 'm');
    const rest = this.t.slice(bodyStart);
    const end = close.exec(rest);
    if (end === null) this.fail(`the heredoc ${h[2]} is not closed`);
    let lines = rest.slice(0, end.index).replace(/\r?\n$/, '').split('\n');
    if (h[1] === '-') {
      const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0].length));
      lines = lines.map((l) => l.slice(Number.isFinite(indent) ? indent : 0));
    }
    this.i = bodyStart + end.index + end[0].length;
    const body = lines.join('\n') + '\n';
    if (/(^|[^%])%\{/.test(body)) this.fail('a template directive (%{...}) is not evaluated');
    return spliceTemplate(body, this.lookup);
  }
}
