/**
 * What the formats print is read by people (a terminal, a pull-request comment): text from a checked
 * file or a report (messages, addresses, acknowledgement reasons) shows as what it is and cannot
 * erase lines, forge lines or hide the rest of a comment.
 */
import { formatMarkdown, formatText } from '../../src/rules/format';
import type { RuleRun } from '../../src/rules';
import type { Finding } from '../../src/rules/model';

const finding = (message: string, address = 'aws_iam_role.app'): Finding => ({ ruleId: 'CKV_AWS_60', severity: 'error', stack: 'app', file: 'app/main.tf.json', address, message, fix: 'Name the principals' });
const run = (f: Finding, reason: string): RuleRun => ({
  findings: [f],
  acknowledged: [{ ...finding('Role trusts everyone', 'aws_iam_role.other'), acknowledgement: { rule: 'CKV_AWS_60', target: 'aws_iam_role.other', reason, source: 'acknowledgements[0]' } }],
  stale: [],
  multiple: [],
  checked: {},
});

describe('text output', () => {
  test.each([
    ['an ESC sequence that erases the line above', 'ok\u001b[1A\u001b[2K'],
    ['a line break that forges a second line', 'ok\nacknowledged [CKV_AWS_60] app/aws_iam_role.app: fine'],
    ['a bidi override that reverses the text', 'ok\u202eexpired'],
  ])('fails when a reason or message holding %s reaches the terminal raw', (_what, text) => {
    const out = formatText(run(finding(text), text));
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/);
    // One line per finding, one per acknowledgement, the summary: no forged lines.
    expect(out.trimEnd().split('\n')).toHaveLength(3);
    expect(formatText(run(finding('plain'), 'plain reason'))).toContain('plain reason');
  });
});

describe('markdown output', () => {
  test.each([
    ['an HTML comment that hides the rest', 'ok <!--'],
    ['a closing details tag', 'ok </details> outside'],
    ['a pipe that splits the cell', 'a | b'],
    ['a backtick that closes the code span', 'x` **bold**'],
  ])('fails when %s in a reason or address changes the comment around it', (_what, text) => {
    const out = formatMarkdown(run(finding(text, `aws_iam_role.${text}`), text));
    expect(out).not.toContain('<!--');
    expect(out.match(/<\/details>/g)).toHaveLength(1);
    for (const row of out.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| ---'))) {
      // Unescaped pipes delimit cells: every row keeps its column count.
      expect(row.replace(/\\\|/g, '').split('|').length).toBe(row.startsWith('| severity') || row.startsWith('| error') ? 7 : 5);
    }
    expect(formatMarkdown(run(finding('plain'), 'plain reason'))).toContain('| plain reason |');
  });
});
