/**
 * Terraform JSON read as Terraform reads it. `JSON.parse` keeps only the last of a repeated key;
 * Terraform's JSON syntax keeps them all: two `"aws_iam_policy"` keys under `resource` declare the
 * policies of both, two `"statement"` keys in a policy document are two statements. A file with a
 * repeated key is therefore read again with every repeated key's values merged into one list (the
 * form a block level or a nested block may always take), so nothing Terraform would create is
 * dropped. (A repeated plain attribute is an error for Terraform; merged into a list, it reads as a
 * value the rules cannot analyse, never as either one.) The check for repeats is one linear scan
 * with no copies, so files without them cost only that scan. Pure.
 */

/** The first repeated key of an object in valid JSON text, or undefined. */
export function repeatedKey(text: string): string | undefined {
  const stack: Array<Set<string> | null> = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      let j = i + 1;
      let escaped = false;
      while (j < text.length) {
        const d = text.charCodeAt(j);
        if (d === 0x5c) {
          escaped = true;
          j += 2;
          continue;
        }
        if (d === 0x22) break;
        j++;
      }
      const keys = stack[stack.length - 1];
      if (expectKey && keys) {
        // `"a"` and `"\u0061"` are the same key.
        const key: string = escaped ? JSON.parse(text.slice(i, j + 1)) : text.slice(i + 1, j);
        if (keys.has(key)) return key;
        keys.add(key);
        expectKey = false;
      }
      i = j;
    } else if (c === 0x7b) {
      stack.push(new Set());
      expectKey = true;
    } else if (c === 0x5b) stack.push(null);
    else if (c === 0x7d || c === 0x5d) stack.pop();
    else if (c === 0x2c) expectKey = stack[stack.length - 1] !== null && stack.length > 0;
  }
  return undefined;
}

/** Parse Terraform JSON: `JSON.parse`, or, when a key repeats, every repeated key's values merged (see the module comment). Throws as JSON.parse does on invalid JSON. */
export function parseTerraformJson(text: string): unknown {
  const value = JSON.parse(text);
  return repeatedKey(text) === undefined ? value : parseMerging(text);
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);
const LITERAL = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

/** A JSON parser that merges a repeated key's values into one list. Only for text JSON.parse accepted. */
function parseMerging(text: string): unknown {
  let i = 0;
  const space = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  };
  const string = (): string => {
    let j = i + 1;
    while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
    const s: string = JSON.parse(text.slice(i, j + 1));
    i = j + 1;
    return s;
  };
  const value = (): unknown => {
    space();
    const c = text[i];
    if (c === '{') {
      i++;
      const out: Record<string, unknown> = {};
      space();
      if (text[i] === '}') {
        i++;
        return out;
      }
      for (;;) {
        space();
        const key = string();
        space();
        i++; // :
        const v = value();
        const merged = Object.prototype.hasOwnProperty.call(out, key) ? [...asList(out[key]), ...asList(v)] : v;
        // Own property even for `__proto__`.
        Object.defineProperty(out, key, { value: merged, enumerable: true, writable: true, configurable: true });
        space();
        if (text[i++] === '}') return out;
      }
    }
    if (c === '[') {
      i++;
      const out: unknown[] = [];
      space();
      if (text[i] === ']') {
        i++;
        return out;
      }
      for (;;) {
        out.push(value());
        space();
        if (text[i++] === ']') return out;
      }
    }
    if (c === '"') return string();
    LITERAL.lastIndex = i;
    const m = LITERAL.exec(text);
    if (m === null) throw new SyntaxError(`unexpected ${JSON.stringify(text.slice(i, i + 10))} at position ${i}`);
    i += m[0].length;
    return JSON.parse(m[0]);
  };
  return value();
}
