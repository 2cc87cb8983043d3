/**
 * Two process-wide costs of cdktf 0.21 that synthesis switches off while it runs (and restores):
 *
 * - Every token (Lazy, Intrinsic, ComplexComputedList: every reference and attribute eksguard
 *   writes) captures a full stack trace when it is made (`creationStack`, from
 *   cdktf/lib/tokens/private/stack-trace.js), whatever the App's `stackTraces` option says: that
 *   option only drops construct metadata. cdktf reads the trace only to word an error about that
 *   token. While synthesizing, the capture returns no frames; cdktf's errors still name the token.
 *   cdktf calls the function through its module's exports at each use
 *   (`(0, stack_trace_1.captureStackTrace)()`), so replacing the export is seen by every token class.
 * - cdktf keeps every token it ever registered in one process-wide map (`global.__cdktfTokenMap`),
 *   so one process synthesizing cluster after cluster holds every cluster's tokens. The tokens an
 *   app registered are dropped once its output is written: eksguard's apps never reference each
 *   other (one app per cluster), and what was registered before (at import) stays.
 *
 * Both are pinned by test/stacks/token-costs.test.ts against the installed cdktf; if an upgrade
 * moves either, that test fails instead of synthesis silently keeping the cost.
 */

interface StackTraceModule {
  captureStackTrace: (below?: unknown) => string[];
}

interface TokenMapShape {
  stringTokenMap: Map<string, unknown>;
  numberTokenMap: Map<number, unknown>;
}

/** cdktf's stack-trace module, the one its token classes call (same module cache). */
function stackTraceModule(): StackTraceModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('cdktf/lib/tokens/private/stack-trace') as StackTraceModule;
}

const NO_FRAMES = (): string[] => [];

/** Token creation captures no stack trace until `restore()`. Nests: only the outermost restores. */
export function withoutTokenStackTraces(): { restore(): void } {
  const mod = stackTraceModule();
  const was = mod.captureStackTrace;
  if (was === NO_FRAMES) return { restore: () => undefined };
  mod.captureStackTrace = NO_FRAMES;
  return {
    restore: () => {
      mod.captureStackTrace = was;
    },
  };
}

/** cdktf's process-wide token map (made on first use, as cdktf does). */
export function tokenMap(): TokenMapShape {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { TokenMap } = require('cdktf/lib/tokens/private/token-map') as { TokenMap: { instance(): TokenMapShape } };
  return TokenMap.instance();
}

/**
 * A mark of the token map now; `release()` forgets every token registered since (the map only
 * grows, in insertion order, so those are the entries past the mark). Call it only once nothing
 * made since the mark is resolved again.
 */
export function markTokens(): { release(): void } {
  const map = tokenMap();
  const strings = map.stringTokenMap.size;
  const numbers = map.numberTokenMap.size;
  const dropPast = <K>(m: Map<K, unknown>, keep: number) => {
    let i = 0;
    for (const key of [...m.keys()]) if (i++ >= keep) m.delete(key);
  };
  return {
    release: () => {
      dropPast(map.stringTokenMap, strings);
      dropPast(map.numberTokenMap, numbers);
    },
  };
}

/** What `resolvedCopy` returns when the value holds something only cdktf's resolve can handle. */
const UNRESOLVED = Symbol('unresolved');

/**
 * A copy of a value that holds nothing to resolve, as cdktf's resolve returns it (object keys with
 * an undefined value and undefined array elements dropped), or UNRESOLVED when anything in it is a
 * token, holds one (a marker in a string, a number in cdktf's token range) or is not plain data.
 */
function resolvedCopy(value: unknown, numberTokenText: (text: string) => string | undefined): unknown {
  if (value === undefined || value === null || typeof value === 'boolean') return value;
  if (typeof value === 'string') return value.includes('TfToken[') || numberTokenText(value) !== undefined ? UNRESOLVED : value;
  if (typeof value === 'number') return numberTokenText(String(value)) !== undefined ? UNRESOLVED : value;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const v of value) {
      const c = resolvedCopy(v, numberTokenText);
      if (c === UNRESOLVED) return UNRESOLVED;
      if (c !== undefined) out.push(c);
    }
    return out;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      if (key.includes('TfToken[') || numberTokenText(key) !== undefined) return UNRESOLVED;
      const c = resolvedCopy((value as Record<string, unknown>)[key], numberTokenText);
      if (c === UNRESOLVED) return UNRESOLVED;
      if (c !== undefined) out[key] = c;
    }
    return out;
  }
  return UNRESOLVED;
}

/**
 * cdktf's TerraformStack.toTerraform() resolves every element, merges the results into the stack's
 * document and then resolves that whole document once more: a third pass over every value, which
 * finds nothing left to resolve unless an override or the stack's own metadata holds a token.
 * While this is on, that last call (cdktf/lib/_tokens.js `resolve`, called through its module's
 * exports, with a stack as scope and the document, marked by its `//` metadata key) gets a plain
 * copy instead when the document holds nothing to resolve, and cdktf's resolve otherwise.
 * `restore()` puts cdktf's function back. Nests: only the outermost restores.
 */
export function withoutResolvedStackPass(isStack: (x: unknown) => boolean, numberTokenText: (text: string) => string | undefined): { restore(): void } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require('cdktf/lib/_tokens') as { resolve: ((scope: unknown, obj: unknown, preparing?: boolean) => unknown) & { [SKIPS]?: true } };
  const was = mod.resolve;
  if (was[SKIPS]) return { restore: () => undefined };
  const skipping = Object.assign((scope: unknown, obj: unknown, preparing = false) => {
    if (!preparing && obj !== null && typeof obj === 'object' && !Array.isArray(obj) && '//' in obj && isStack(scope)) {
      const copy = resolvedCopy(obj, numberTokenText);
      if (copy !== UNRESOLVED) return copy;
    }
    return was(scope, obj, preparing);
  }, { [SKIPS]: true as const });
  mod.resolve = skipping;
  return {
    restore: () => {
      mod.resolve = was;
    },
  };
}
const SKIPS = Symbol.for('eksguard.skips-resolved-stack-pass');
