/**
 * Problems are data: a config path, what is wrong, the offending value and the fix.
 * Validation collects every problem first and the CLI throws once, at the edge.
 */
export interface Problem {
  /** Config path such as `clusters[0].workloads[2].serviceAccount`. */
  readonly path: string;
  /** What is wrong, without the value ("must be a DNS-1123 label"). */
  readonly message: string;
  /** The offending value, when there is one. */
  readonly value?: unknown;
  /** How to fix it ("Use lowercase letters, digits and '-'"). */
  readonly fix: string;
}

/** A warning reported on every synth: an explicit, reasoned relaxation of a security default. */
export interface Warning {
  readonly path: string;
  readonly message: string;
}

/** `['clusters', 0, 'workloads', 2, 'name']` → `clusters[0].workloads[2].name`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(root)' : out;
}

function showValue(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/**
 * Text as it may be printed on one terminal line: controls (line breaks, ESC, DEL, C1), Unicode
 * format characters (bidi overrides, zero-width) and line separators written as `\u{...}` escapes,
 * so nothing a config holds (a record key, a value) can hide, move or forge output lines.
 */
export function visible(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}

/** One line: `[path] what is wrong (got value). How to fix.` */
export function formatProblem(problem: Problem): string {
  const got = problem.value === undefined ? '' : ` (got ${showValue(problem.value)})`;
  const fix = problem.fix.endsWith('.') ? problem.fix : `${problem.fix}.`;
  return visible(`[${problem.path}] ${problem.message}${got}. ${fix}`);
}

export function formatWarning(warning: Warning): string {
  return visible(`warning [${warning.path}] ${warning.message}`);
}

/** Thrown once at the edge with every problem found. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly Problem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ConfigError';
  }
}

/**
 * Schema messages carry the fix after a `|`: `must be a DNS-1123 label|Use lowercase letters...`.
 * Kept in one place so every custom message has both halves.
 */
export function says(message: string, fix: string): string {
  return `${message}|${fix}`;
}
