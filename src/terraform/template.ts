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
  let literal = '';
  const flush = () => {
    if (literal !== '') parts.push({ kind: 'literal', text: literal });
    literal = '';
  };
  let i = 0;
  while (i < t.length) {
    const c = t[i];
    if ((c === '$' || c === '%') && t[i + 1] === c && t[i + 2] === '{') {
      flush();
      parts.push({ kind: 'escape', text: t.slice(i, i + 3) });
      i += 3;
    } else if ((c === '$' || c === '%') && t[i + 1] === '{') {
      flush();
      const end = interpolationEnd(t, i + 2);
      if (end < 0) {
        parts.push({ kind: 'unclosed', text: t.slice(i) });
        return parts;
      }
      parts.push({ kind: c === '$' ? 'interpolation' : 'directive', text: t.slice(i, end + 1), inner: t.slice(i + 2, end) });
      i = end + 1;
    } else {
      literal += c;
      i++;
    }
  }
  flush();
  return parts;
}
