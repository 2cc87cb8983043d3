/**
 * synth's stack summary comes from the documents the rule pack read: it must count exactly what
 * reading each stack file counts (summarizeStacks without known counts).
 */
import { synthesize, summarizeStacks } from '../../src/app/synth';
import { fleetInput } from '../../bench/generate';
import { everyFeatureInput } from '../support/fixtures';
import { exampleInput, existingClusterInput, tempOut, valid } from '../support/synth';

describe("synth's stack summary", () => {
  test.each([
    ['example', exampleInput],
    ['existing cluster', existingClusterInput],
    ['every feature', everyFeatureInput],
    ['a small sharded fleet', () => fleetInput(2, 12, 2)],
  ])('%s: the counts of every stack, as its file holds them', (_name, input) => {
    const result = synthesize(valid(input()), tempOut());
    const fromFiles = summarizeStacks(result.outdir);
    expect(result.stacks).toEqual(fromFiles);
    expect(fromFiles.some((s) => s.resources > 0 && s.dataSources > 0)).toBe(true);
  });
});
