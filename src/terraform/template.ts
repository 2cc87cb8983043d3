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

