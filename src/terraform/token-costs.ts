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
