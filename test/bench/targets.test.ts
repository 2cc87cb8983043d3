/**
 * The bench's verdicts on issue 13's targets (bench/synth-scale.ts `targetLines`): what it prints is
 * computed from the rows it measured, "met" exactly when the figure is within the bound.
 */
import { targetLines, type ScaleRow } from '../../bench/synth-scale';

const row = (workloads: number, synthMs: number, floorMs: number, rss = 200): ScaleRow => ({
  label: `${workloads} workloads / 20 clusters`,
  workloads,
  stacks: 120,
  bytes: workloads * 10_000,
  synth: { ms: synthMs, cpuMs: synthMs, maxRssMiB: rss, bytes: 0, files: 0 },
  floor: { ms: floorMs, cpuMs: floorMs, maxRssMiB: 70, bytes: 0, files: 0 },
});
const example: ScaleRow = { ...row(3, 200, 10), label: 'example' };

describe('targetLines', () => {
  test('growth between sizes against linear within 10 %, the largest fleet against 4x and 600 MiB, the smaller ones\' own ratios for reference', () => {
    const lines = targetLines([example, row(1000, 1650, 240), row(5000, 5500, 1500), row(10_000, 9000, 2800, 495)]);
    expect(lines).toEqual([
      '5,000 / 1,000 workloads: synth time x3.33 for x5 workloads (at most x5.5, linear within 10 %): met',
      '10,000 / 5,000 workloads: synth time x1.64 for x2 workloads (at most x2.2, linear within 10 %): met',
      '10,000 workloads: 3.2x the floor (at most 4x): met; peak RSS 495 MiB (at most 600): met',
      'for reference, each smaller fleet against its own floor: 1,000 workloads 6.9x, 5,000 workloads 3.7x',
    ]);
  });

  test('superlinear growth, a slow or large 10,000-workload fleet: not met', () => {
    const lines = targetLines([row(1000, 1000, 200), row(5000, 6000, 1000), row(10_000, 13_000, 3000, 700)]);
    expect(lines[0]).toMatch(/x6\.00 for x5 workloads .*: not met$/);
    expect(lines[1]).toMatch(/x2\.17 for x2 workloads .*: met$/);
    expect(lines[2]).toBe('10,000 workloads: 4.3x the floor (at most 4x): not met; peak RSS 700 MiB (at most 600): not met');
  });

  test('only the sizes run: no fleet, no line; one fleet, its own ratio only', () => {
    expect(targetLines([example])).toEqual([]);
    expect(targetLines([example, row(1000, 1100, 200)])).toEqual(['for reference, each smaller fleet against its own floor: 1,000 workloads 5.5x']);
  });
});
