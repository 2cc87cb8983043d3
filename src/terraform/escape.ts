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

/** Literal text as a Terraform template that evaluates to exactly that text. */
export function escapeTemplate(text: string): string {
  return text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

/** The literal parts of a string escaped, its token markers kept. */
export function inertString(text: string): string {
  if (!text.includes('{')) return text;
  let out = '';
  let last = 0;
  for (const m of text.matchAll(TOKEN_MARKER)) {
    out += escapeTemplate(text.slice(last, m.index)) + m[0];
    last = m.index + m[0].length;
  }
  return out + escapeTemplate(text.slice(last));
}

const isPlain = (v: object): boolean => {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/**
 * Every string in a value (object keys too) made inert. Arrays and plain objects are copied;
 * anything else (numbers, booleans, cdktf's resolvable objects) is returned as it is.
 */
export function inertValue(value: unknown): unknown {
  if (typeof value === 'string') return inertString(value);
  if (Array.isArray(value)) return value.map(inertValue);
  if (value !== null && typeof value === 'object' && isPlain(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[inertString(k)] = inertValue(v);
    return out;
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
