/**
 * The one boundary between data and Terraform expressions. Terraform reads every string in its
 * JSON syntax (values and object keys) as a template: `${...}` interpolates and `%{...}` is a
 * directive. eksguard's own references are cdktf tokens (`${TfToken[TOKEN.n]}` until synthesis);
 * every other character of every string is data, so `${` becomes `$${` and `%{` becomes `%%{`,
 * which Terraform reads back as the literal text. Pure: no cdktf imports.
 */

/** A cdktf string token marker, kept as is: it resolves to one of the project's own references. */
export const TOKEN_MARKER = /\$\{TfToken\[[a-zA-Z0-9:._-]+\]\}/g;
/** Any cdktf token marker (string, list or map): never allowed in data. */
export const ANY_TOKEN_MARKER = /[$#&]\{TfToken\[/;

/**
 * cdktf also finds number tokens by text: any run cdktf's NUMBER_TOKEN_REGEX matches whose value
 * has the reserved bit pattern in its top 16 bits (0xFDFF, cdktf's DOUBLE_TOKEN_MARKER_BITS).
 * Returns the first such run of a string, or undefined. Mirrors
 * node_modules/cdktf/lib/tokens/private/encoding.js (a test pins it against cdktf itself).
 */
export function numberTokenText(text: string): string | undefined {
  // Most strings hold no such run: this is the pattern's own necessary part (a character of the
  // first class, `e`, a character of the second), tested once before matching in earnest.
  if (!/[-|\d.+]e[-|\d.eE+]/.test(text)) return undefined;
  for (const m of text.matchAll(/[-|\d|.+]+(e[-|\d|.|e|E|+]+)/g)) {
    const value = parseFloat(m[0]);
    if (!Number.isFinite(value)) continue;
    const view = FLOAT_VIEW;
    view.setFloat64(0, value, true);
    if ((view.getUint32(4, true) & 0xffff0000) >>> 0 === 0xfdff0000) return m[0];
  }
  return undefined;
}

const FLOAT_VIEW = new DataView(new ArrayBuffer(8));

/**
 * cdktf names the remote state through which one stack reads another's outputs
 * `cross-stack-reference-input-<stack>` and writes that name into the references it resolves in its
 * prepare pass, past the escaping boundary: a stack name that reads as number-token text there (a
 * cluster named `82e297` makes `...-input-82e297`) stops synth. The number text of a stack's name as
 * cdktf writes it, or undefined. Mirrors node_modules/cdktf/lib/terraform-stack.js (a test pins it).
 */
export function crossStackNumberTokenText(stack: string): string | undefined {
  return numberTokenText(`cross-stack-reference-input-${stack}`);
}

/**
 * cdktf's map token values (`Token.STRING_MAP_TOKEN_VALUE`, `Token.ANY_MAP_TOKEN_VALUE`): the value
 * beside a map token's marker key. A string that is exactly one of them is refused by cdktf's
 * resolve wherever it stands ("Found an encoded map token in a scalar string context"), a value or
 * a map key alike. Mirrors node_modules/cdktf/lib/tokens/token.js (a test pins it against cdktf).
 */
export const MAP_TOKEN_VALUES: readonly string[] = ['String Map Token Value', 'Any Map Token Value'];

/** Literal text as a Terraform template that evaluates to exactly that text. */
export function escapeTemplate(text: string): string {
  return text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

/** The literal parts of a string escaped, its token markers kept. */
export function inertString(text: string): string {
  if (!text.includes('{')) return text;
  return mapLiterals(text, escapeTemplate);
}

/**
 * The same for HCL output, where a string is written between quotes: the literal parts are also
 * escaped as HCL string characters (`\` `"` and line breaks), so no text can end the string or
 * open a heredoc. cdktf's renderer leaves a string holding `${` unescaped and escapes only quotes
 * not already preceded by a backslash, so text escaped here passes through it unchanged.
 */
export function inertHclString(text: string): string {
  return mapLiterals(text, (part) => hclQuoted(escapeTemplate(part)));
}

/**
 * A map key for HCL output. cdktf's renderer writes a key bare when it is made only of
 * `[A-Za-z0-9_-]` and does not start with a digit, and HCL reads a bare key as an expression:
 * `for` starts a for expression (the file no longer parses) and `-x` negates a reference. Such a
 * key gets its first character as a `\uXXXX` escape, which makes cdktf quote it and which HCL
 * reads back as the same character; every other key is `inertHclString`'s.
 */
export function inertHclKey(text: string): string {
  const escaped = inertHclString(text);
  const bare = !/(^\d)|[^A-Za-z0-9_-]/.test(escaped);
  if (!bare || escaped === '' || (/^[A-Za-z_]/.test(escaped) && escaped !== 'for')) return escaped;
  return `\\u${escaped.charCodeAt(0).toString(16).padStart(4, '0')}${escaped.slice(1)}`;
}

/** Characters of an HCL quoted template, escaped (the template sequences `${`/`%{` are not touched). */
export function hclQuoted(text: string): string {
  return text.replace(/[\\"\n\r\t]/g, (c) => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c]!);
}

function mapLiterals(text: string, literal: (part: string) => string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(TOKEN_MARKER)) {
    out += literal(text.slice(last, m.index)) + m[0];
    last = m.index + m[0].length;
  }
  return out + literal(text.slice(last));
}

const isPlain = (v: object): boolean => {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/**
 * Every string in a value (object keys too) made inert. An array or plain object in which no string
 * changes is returned itself; one in which any does is a copy (from the first change on); anything
 * else (numbers, booleans, cdktf's resolvable objects) is returned as it is. The value is never edited.
 */
export function inertValue(value: unknown, string: (text: string) => string = inertString): unknown {
  if (typeof value === 'string') return string(value);
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      const r = inertValue(v, string);
      if (out === undefined && r !== v) out = value.slice(0, i);
      if (out !== undefined) out.push(r);
    }
    return out ?? value;
  }
  if (value !== null && typeof value === 'object' && isPlain(value)) {
    const node = value as Record<string, unknown>;
    const keys = Object.keys(node);
    let out: Record<string, unknown> | undefined;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      const v = node[k];
      const key = string(k);
      const r = inertValue(v, string);
      if (out === undefined && (key !== k || r !== v)) {
        out = {};
        for (let j = 0; j < i; j++) out[keys[j]] = node[keys[j]];
      }
      if (out !== undefined) out[key] = r;
    }
    return out ?? node;
  }
  return value;
}

/**
 * The live template sequences of a string as Terraform reads it: the expression of every `${...}`
 * and `%{...}` that is not escaped (`$${` and `%%{` are literal). Used to prove output inert.
 */
export function liveTemplates(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length - 1; i++) {
    const c = text[i];
    if ((c !== '$' && c !== '%') || text[i + 1] !== '{') {
      // `$${` / `%%{`: the escape, two characters of literal text.
      if ((c === '$' || c === '%') && text[i + 1] === c && text[i + 2] === '{') i += 2;
      continue;
    }
    let depth = 0;
    let j = i + 1;
    for (; j < text.length; j++) {
      if (text[j] === '{') depth++;
      else if (text[j] === '}' && --depth === 0) break;
    }
    out.push(text.slice(i, j + 1));
    i = j;
  }
  return out;
}

/** Undo `escapeTemplate` for reading a literal back (the rule pack reads policies this way). */
export function unescapeTemplate(text: string): string {
  return text.replace(/\$\$\{/g, () => '${').replace(/%%\{/g, () => '%{');
}
