/**
 * globsIntersect (src/rules/catalog.ts) settles most pairs by their literal ends before searching:
 * it must answer exactly as the plain search over the whole patterns does.
 */
import { globsIntersect } from '../../src/rules/catalog';

/** The whole search, with no shortcut: the reference the shortcut is checked against. */
function reference(a: string, b: string): boolean {
  const seen = new Set<number>();
  const go = (i: number, j: number): boolean => {
    const key = i * (b.length + 1) + j;
    if (seen.has(key)) return false;
    seen.add(key);
    if (i === a.length && j === b.length) return true;
    if (i < a.length && a[i] === '*') return go(i + 1, j) || (j < b.length && go(i, j + 1));
    if (j < b.length && b[j] === '*') return go(i, j + 1) || (i < a.length && go(i + 1, j));
    return i < a.length && j < b.length && (a[i] === b[j] || a[i] === '?' || b[j] === '?') && go(i + 1, j + 1);
  };
  return go(0, 0);
}

describe('globsIntersect', () => {
  // Each pair: can one string match both patterns?
  test.each([
    ['arn:*:s3:::*/*', 'arn:aws:s3:::bucket/key', true],
    ['arn:*:s3:::*', 'arn:aws:s3:::bucket', true],
    ['arn:*:s3:::*/*', 'arn:aws:s3:::bucket', false],
    ['arn:*:iam::*:role/*', 'arn:aws:s3:::bucket', false],
    ['ab', 'ab*', true],
    ['aa', 'a', false],
    ['a?c', 'abc', true],
    ['*', '', true],
    ['', '?', false],
    ['x*y', 'x*z', false],
  ])('%s and %s: %s', (a, b, expected) => {
    expect(globsIntersect(a, b)).toBe(expected);
    expect(globsIntersect(b, a)).toBe(expected);
  });

  test('answers as the whole search does for 20,000 random pairs', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pattern = () => Array.from({ length: Math.floor(next() * 8) }, () => 'ab*?:'[Math.floor(next() * 5)]).join('');
    let agree = 0;
    let intersect = 0;
    for (let n = 0; n < 20000; n++) {
      const a = pattern();
      const b = pattern();
      const want = reference(a, b);
      if (globsIntersect(a, b) === want) agree++;
      else throw new Error(`${a} and ${b}: expected ${want}`);
      if (want) intersect++;
    }
    expect(agree).toBe(20000);
    // Both answers are well represented.
    expect(intersect).toBeGreaterThan(2000);
    expect(intersect).toBeLessThan(18000);
  });
});
