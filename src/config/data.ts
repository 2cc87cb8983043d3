/**
 * A config is data. Strings from it reach Terraform only through the escaping boundary
 * (src/terraform/escape.ts), which keeps exactly one kind of sequence live: cdktf's tokens, the
 * code's own references. cdktf finds tokens by their text: string markers (`${TfToken[...]}`) and
 * numbers of a reserved bit pattern written out in a string (`-8.1e+298`), and it refuses a string
 * that is exactly one of its map token values (`String Map Token Value`). A config string that
 * carries any of them would pass that boundary as a reference (or crash synth when it names none), so
 * it is refused here, before the schema, as are inputs that are not a tree of plain values
 * (a YAML alias inside its own value) or that nest deeper than any config does. Pure.
 */
import { ANY_TOKEN_MARKER, MAP_TOKEN_VALUES, numberTokenText } from '../terraform/escape';
import { formatPath, Problem } from './problems';

/** Deeper than any field of the schema nests (clusters[].workloads[].securityGroup.egress[] is 7). */
export const MAX_DEPTH = 32;

/** Problems with the raw input as data: token text in strings or keys, cycles, depth, `__proto__` keys. */
export function tokenMarkerProblems(input: unknown): Problem[] {
  const problems: Problem[] = [];
  // One path, extended and shortened as the walk goes (formatted only into a problem).
  const at: PropertyKey[] = [];
  const text = (s: string, what: 'value' | 'key') => {
    const marker = ANY_TOKEN_MARKER.test(s);
    const number = numberTokenText(s);
    const map = MAP_TOKEN_VALUES.includes(s);
    if (!marker && number === undefined && !map) return;
    const where = formatPath(at);
    const fix = what === 'key' ? 'Rename the key' : 'Write the literal value; a config cannot reference Terraform resources';
    if (map) problems.push({ path: where, message: `is a ${what} that is exactly one of cdktf's map token values, which cdktf refuses in a string (synth would stop)`, value: s, fix: what === 'key' ? fix : 'Write another text (cdktf reserves this exact value)' });
    if (marker) problems.push({ path: where, message: `is a ${what} with a cdktf token marker ("\${TfToken[", "#{TfToken[" or "&{TfToken["), which the code alone may write`, value: s, fix });
    if (number !== undefined) problems.push({ path: where, message: `is a ${what} with the text ${number}, which cdktf reads as an encoded reference`, value: s, fix: what === 'key' ? fix : 'Write the number another way (cdktf reserves these values)' });
  };
  const open = new Set<object>();
  const walk = (value: unknown) => {
    if (typeof value === 'string') return text(value, 'value');
    if (value === null || typeof value !== 'object') return;
    if (open.has(value)) {
      problems.push({ path: formatPath(at), message: 'contains itself (a YAML alias inside the value it names)', fix: 'Write the value out, or point the alias at another node' });
      return;
    }
    if (at.length >= MAX_DEPTH) {
      problems.push({ path: formatPath(at), message: `nests deeper than ${MAX_DEPTH} levels, which no field of the config does`, fix: 'Check the structure against `npm run eksguard -- schema`' });
      return;
    }
    open.add(value);
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        at.push(i);
        walk(value[i]);
        at.pop();
      }
    } else {
      for (const k of Object.keys(value)) {
        at.push(k);
        if (k === '__proto__') problems.push({ path: formatPath(at), message: 'is a key JavaScript reads as the object\'s prototype, so it would be dropped silently', value: k, fix: 'Rename the key' });
        text(k, 'key');
        walk((value as Record<string, unknown>)[k]);
        at.pop();
      }
    }
    open.delete(value);
  };
  walk(input);
  return problems;
}
