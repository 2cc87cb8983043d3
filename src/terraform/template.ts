/**
 * Terraform string templates (the strings of Terraform JSON, the quoted strings of HCL): where a
 * template sequence (`${...}` or `%{...}`) ends. Shared by the rule pack's evaluator and the HCL
 * renderer, so both read a template the same way. Pure.
 */

/** Index of the `}` closing an interpolation that starts at `from` (after `${`), skipping strings and nested braces. */
export function interpolationEnd(t: string, from: number): number {
  let depth = 0;
  for (let i = from; i < t.length; i++) {
    const c = t[i];
    if (c === '"') {
      i++;
      while (i < t.length && t[i] !== '"') {
        if (t[i] === '\\') i++;
        else if (t[i] === '$' && t[i + 1] === '{' && t[i - 1] !== '$') {
          const inner = interpolationEnd(t, i + 2);
          if (inner < 0) return -1;
          i = inner;
        }
        i++;
      }
    } else if (c === '{' || c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}


/** One piece of a template: literal text, an escape (`$${` / `%%{`), an interpolation, a directive, or an unclosed sequence to the end. */
export type TemplatePart =
  | { readonly kind: 'literal' | 'escape' | 'unclosed'; readonly text: string }
  | { readonly kind: 'interpolation' | 'directive'; readonly text: string; readonly inner: string };

/**
 * A template split into its pieces, in order, so every reader (the rule pack's evaluator and
 * normaliser, the HCL renderer) reads escapes and sequences the same way. Linear.
 */
export function templateParts(t: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  // The literal run so far starts here (a slice of the template, not a string built per character).
  let start = 0;
  const flush = (end: number) => {
    if (end > start) parts.push({ kind: 'literal', text: t.slice(start, end) });
  };
  let i = 0;
  // The next `$` and `%` at or after i (each searched again only once i has passed it: linear).
  let dollar = -2;
  let percent = -2;
  while (i < t.length) {
    // Nothing but `$` and `%` can start a sequence: skip to the next of either.
    if (dollar !== -1 && dollar < i) dollar = t.indexOf('$', i);
    if (percent !== -1 && percent < i) percent = t.indexOf('%', i);
    const next = dollar < 0 ? percent : percent < 0 ? dollar : Math.min(dollar, percent);
    if (next < 0) break;
    i = next;
    const c = t[i];
    if (t[i + 1] === c && t[i + 2] === '{') {
      flush(i);
      parts.push({ kind: 'escape', text: t.slice(i, i + 3) });
      i += 3;
      start = i;
    } else if (t[i + 1] === '{') {
      flush(i);
      const end = interpolationEnd(t, i + 2);
      if (end < 0) {
        parts.push({ kind: 'unclosed', text: t.slice(i) });
        return parts;
      }
      parts.push({ kind: c === '$' ? 'interpolation' : 'directive', text: t.slice(i, end + 1), inner: t.slice(i + 2, end) });
      i = end + 1;
      start = i;
    } else {
      i++;
    }
  }
  flush(t.length);
  return parts;
}
