/**
 * IAM-style wildcards (`*` any run, `?` one character), matched in linear time: the two-pointer
 * glob match, never a backtracking regular expression, so a pattern with many stars in someone's
 * Terraform cannot stall `check`. Pure.
 */
export function wildcardMatches(pattern: string, text: string, options: { ignoreCase?: boolean; starStopsAt?: string; questionMark?: boolean } = {}): boolean {
  const p = options.ignoreCase ? pattern.toLowerCase() : pattern;
  const t = options.ignoreCase ? text.toLowerCase() : text;
  const stops = options.starStopsAt ?? '';
  const question = options.questionMark ?? true;
  let i = 0;
  let j = 0;
  let star = -1;
  let resume = 0;
  while (j < t.length) {
    if (i < p.length && p[i] === '*') {
      star = i++;
      resume = j;
    } else if (i < p.length && (p[i] === t[j] || (question && p[i] === '?' && !stops.includes(t[j])))) {
      i++;
      j++;
    } else if (star >= 0 && !stops.includes(t[resume])) {
      i = star + 1;
      j = ++resume;
    } else return false;
  }
  while (p[i] === '*') i++;
  return i === p.length;
}
