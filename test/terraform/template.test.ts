/**
 * templateParts (src/terraform/template.ts), which the rule pack's evaluator and the HCL renderer
 * share: the pieces of a template, pinned against a reading one character at a time.
 */
import { interpolationEnd, templateParts, TemplatePart } from '../../src/terraform/template';

/** The reference reading: one character at a time. */
function reference(t: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let literal = '';
  const flush = () => {
    if (literal !== '') parts.push({ kind: 'literal', text: literal });
    literal = '';
  };
  let i = 0;
  while (i < t.length) {
    const c = t[i];
    if ((c === '$' || c === '%') && t[i + 1] === c && t[i + 2] === '{') {
      flush();
      parts.push({ kind: 'escape', text: t.slice(i, i + 3) });
      i += 3;
    } else if ((c === '$' || c === '%') && t[i + 1] === '{') {
      flush();
      const end = interpolationEnd(t, i + 2);
      if (end < 0) {
        parts.push({ kind: 'unclosed', text: t.slice(i) });
        return parts;
      }
      parts.push({ kind: c === '$' ? 'interpolation' : 'directive', text: t.slice(i, end + 1), inner: t.slice(i + 2, end) });
      i = end + 1;
    } else {
      literal += c;
      i++;
    }
  }
  flush();
  return parts;
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('templateParts', () => {
  test.each([
    [''],
    ['plain text'],
    ['${a}'],
    ['$${a} and %%{b}'],
    ['arn:${data.x.arn}:%{ if a }x%{ endif }'],
    ['$$$${x}'],
    ['%$%{'],
    ['${"}"}'],
    ['tail $'],
    ['tail %'],
    ['unclosed ${a'],
    ['{"Principal":{"Federated":"${aws_iam_openid_connect_provider.x.arn}"},"Condition":{"StringEquals":{"${local.issuer}:sub":"system:serviceaccount:a:b"}}}'],
  ])('%j: the pieces read one character at a time', (t) => {
    expect(templateParts(t)).toEqual(reference(t));
  });

  test('5,000 generated templates of $, %, braces, quotes and text: the same pieces', () => {
    const next = rng(11);
    const alphabet = ['$', '%', '{', '}', '"', '\\', 'a', ' ', '(', ')', '[', ']', 'x.y'];
    for (let n = 0; n < 5000; n++) {
      const t = Array.from({ length: Math.floor(next() * 24) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
      expect({ t, parts: templateParts(t) }).toEqual({ t, parts: reference(t) });
    }
  });

  test('linear in the length: 200,000 dollar signs with one percent sign at the end', () => {
    const t = `${'$'.repeat(200_000)}%`;
    const start = process.hrtime.bigint();
    expect(templateParts(t)).toEqual([{ kind: 'literal', text: t }]);
    // A quadratic search takes minutes here; a linear one milliseconds (a generous bound on a shared machine).
    expect(Number(process.hrtime.bigint() - start) / 1e6).toBeLessThan(2000);
  });
});
