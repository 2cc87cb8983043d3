/**
 * The two cdktf costs synthesis switches off (src/terraform/token-costs.ts), pinned against the
 * installed cdktf: if an upgrade moves the stack capture or the token map, these fail.
 */
import { App, Lazy, TerraformStack, Token } from 'cdktf';
import { synthesize } from '../../src/app/synth';
import { markTokens, tokenMap, withoutResolvedStackPass, withoutTokenStackTraces } from '../../src/terraform/token-costs';
import { numberTokenText } from '../../src/terraform/escape';
import { exampleInput, tempOut, valid } from '../support/synth';

/** The registered token a string stands for. */
const tokenOf = (s: string) => [...tokenMap().stringTokenMap.values()].find((t) => Token.asString(t) === s) as { creationStack: string[] } | undefined;

describe('token stack traces', () => {
  test('cdktf captures a stack trace per token, none while switched off, and again once restored', () => {
    const before = Lazy.stringValue({ produce: () => 'a' });
    const lazyOf = (s: string) => tokenOf(s)!;
    expect(lazyOf(before).creationStack.length).toBeGreaterThan(0);
    const off = withoutTokenStackTraces();
    const during = Lazy.stringValue({ produce: () => 'b' });
    // Nested switching off keeps it off; only the outer restore brings it back.
    withoutTokenStackTraces().restore();
    const nested = Lazy.stringValue({ produce: () => 'c' });
    off.restore();
    const after = Lazy.stringValue({ produce: () => 'd' });
    expect(lazyOf(during).creationStack).toEqual([]);
    expect(lazyOf(nested).creationStack).toEqual([]);
    expect(lazyOf(after).creationStack.length).toBeGreaterThan(0);
  });

  test('synthesize restores the capture after running', () => {
    const stackTrace = require('cdktf/lib/tokens/private/stack-trace');
    const was = stackTrace.captureStackTrace;
    synthesize(valid(exampleInput()), tempOut());
    expect(stackTrace.captureStackTrace).toBe(was);
  });
});

describe('the token map', () => {
  test('release forgets the tokens registered since the mark and keeps those before it', () => {
    const kept = Lazy.stringValue({ produce: () => 'kept' });
    const keptNumber = Lazy.numberValue({ produce: () => 7 });
    const sizes = () => [tokenMap().stringTokenMap.size, tokenMap().numberTokenMap.size];
    const start = sizes();
    const mark = markTokens();
    Lazy.stringValue({ produce: () => 'dropped' });
    Lazy.numberValue({ produce: () => 8 });
    expect(sizes()).toEqual([start[0] + 1, start[1] + 1]);
    mark.release();
    expect(sizes()).toEqual(start);
    expect(tokenOf(kept)).toBeDefined();
    expect(Token.isUnresolved(keptNumber)).toBe(true);
  });

  test('synthesizing does not grow the process-wide map: each cluster app releases its tokens', () => {
    synthesize(valid(exampleInput()), tempOut());
    const sizes = () => [tokenMap().stringTokenMap.size, tokenMap().numberTokenMap.size];
    const before = sizes();
    synthesize(valid(exampleInput()), tempOut());
    expect(sizes()).toEqual(before);
  });
});

describe("the stack document's last resolve pass", () => {
  const tokens = require('cdktf/lib/_tokens');
  const stack = new TerraformStack(new App({ outdir: tempOut() }), 'pass');

  test('a document holding nothing to resolve is copied as cdktf resolves it; one holding a token goes to cdktf', () => {
    const cdktfResolve = tokens.resolve;
    const plain = { '//': { metadata: { cloud: undefined, n: 3 } }, resource: { t: { a: { list: ['x', undefined, 2], flag: true, none: null } } } };
    const withToken = { '//': {}, output: { o: { value: Lazy.stringValue({ produce: () => 'made' }) } } };
    const withNumberToken = { '//': {}, output: { o: { value: Lazy.numberValue({ produce: () => 42 }) } } };
    const switched = withoutResolvedStackPass(TerraformStack.isStack, numberTokenText);
    try {
      expect(tokens.resolve).not.toBe(cdktfResolve);
      const copied = tokens.resolve(stack, plain);
      expect(copied).toEqual(cdktfResolve(stack, plain));
      expect(JSON.stringify(copied)).toBe(JSON.stringify(cdktfResolve(stack, plain)));
      expect(copied).not.toBe(plain);
      expect(tokens.resolve(stack, withToken)).toEqual({ '//': {}, output: { o: { value: 'made' } } });
      expect(tokens.resolve(stack, withNumberToken)).toEqual({ '//': {}, output: { o: { value: 42 } } });
    } finally {
      switched.restore();
    }
    expect(tokens.resolve).toBe(cdktfResolve);
  });

  test('synthesize restores cdktf resolve after running', () => {
    const was = tokens.resolve;
    synthesize(valid(exampleInput()), tempOut());
    expect(tokens.resolve).toBe(was);
  });
});
