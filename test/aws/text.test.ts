import { ec2Description, iamDescription } from '../../src/aws/text';

// AWS refuses the whole apply for one character outside a description's set; a reason keeps what fits.
describe('free text in AWS descriptions', () => {
  test.each([
    ['a plain reason', 'pulls images from a public registry', 'pulls images from a public registry'],
    ['quotes and a percent sign', 'the "legacy" app needs 100% of it', 'the legacy app needs 100 of it'],
    ['template syntax, which EC2 allows', 'x ${file("/etc/passwd")}', 'x ${file( /etc/passwd )}'],
    ['non-ASCII', 'für die Buchhaltung ✓', 'f r die Buchhaltung '],
  ])('an EC2 description keeps %s within its characters', (_what, text, expected) => {
    expect(ec2Description(text)).toBe(expected);
    expect(ec2Description(text)).toMatch(/^[a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]{0,255}$/);
  });

  test('an EC2 description is at most 255 characters', () => {
    expect(ec2Description('x'.repeat(400))).toHaveLength(255);
  });

  test('an IAM description keeps Latin-1 and is at most 1,000 characters', () => {
    expect(iamDescription('für ✓')).toBe('für ?');
    expect(iamDescription('y'.repeat(1500))).toHaveLength(1000);
  });
});
