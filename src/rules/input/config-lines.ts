/**
 * The line of a config path (`clusters[0].workloads[2]`) in an eksguard config file (YAML or JSON),
 * from the `yaml` package's source ranges: where SARIF points a finding on an eksguard output.
 */
import { statSync, readFileSync } from 'fs';
import { isCollection, LineCounter, parseDocument } from 'yaml';

/** A config larger than this is not read for line numbers (eksguard's own limit is far lower). */
const MAX_CONFIG_BYTES = 16 * 2 ** 20;

/** `clusters[0].workloads[2].imds` → `['clusters', 0, 'workloads', 2, 'imds']`. */
export function pathSegments(configPath: string): Array<string | number> {
  const out: Array<string | number> = [];
  for (const m of configPath.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  return out;
}

/** Reads each config file once; a path's line is that of its deepest node present in the file. */
export class ConfigLines {
  private readonly files = new Map<string, { doc: ReturnType<typeof parseDocument>; lines: LineCounter } | undefined>();

  line(file: string, configPath: string): number | undefined {
    if (!this.files.has(file)) this.files.set(file, read(file));
    const parsed = this.files.get(file);
    if (parsed === undefined) return undefined;
    const segments = pathSegments(configPath);
    // The deepest node the path reaches: a field the config leaves to its default points at its parent.
    for (let n = segments.length; n >= 0; n--) {
      const node = n === 0 ? parsed.doc.contents : parsed.doc.getIn(segments.slice(0, n), true);
      const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
      if (range !== undefined && (n === 0 || node !== undefined)) {
        // A collection's range starts at its first entry; a scalar's at the value: either is on the field's line or just after it.
        const at = n > 0 && isCollection(node) ? keyOffset(parsed.doc, segments.slice(0, n)) ?? range[0] : range[0];
        return parsed.lines.linePos(at).line;
      }
    }
    return undefined;
  }
}

/** Where the key (or the sequence item) introducing a node starts. */
function keyOffset(doc: ReturnType<typeof parseDocument>, segments: Array<string | number>): number | undefined {
  const parent = segments.length === 1 ? doc.contents : doc.getIn(segments.slice(0, -1), true);
  const last = segments[segments.length - 1];
  if (!isCollection(parent)) return undefined;
  for (const [i, item] of (parent.items as unknown[]).entries()) {
    const pair = item as { key?: { value?: unknown; range?: [number, number, number] }; range?: [number, number, number] };
    if (typeof last === 'number' && i === last) return pair.range?.[0] ?? (pair as { value?: { range?: [number, number, number] } }).value?.range?.[0];
    if (typeof last === 'string' && pair.key?.value === last) return pair.key.range?.[0];
  }
  return undefined;
}

function read(file: string): { doc: ReturnType<typeof parseDocument>; lines: LineCounter } | undefined {
  // Named by a report anyone with write access to the output could have edited: a regular file of a sane size, or nothing.
  const stat = statSync(file, { throwIfNoEntry: false });
  if (stat === undefined || !stat.isFile() || stat.size > MAX_CONFIG_BYTES) return undefined;
  const lines = new LineCounter();
  const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter: lines });
  return doc.errors.length > 0 ? undefined : { doc, lines };
}
