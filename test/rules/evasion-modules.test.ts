/**
 * Issue 11, hostile review: a local module is read wherever its source points (a dot-directory,
 * a directory outside the path given), so a module call cannot hide the grants it creates from
 * check or review. Flagged and compliant forms side by side.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { review } from '../../src/review/review';
import { loadInputs, RULES, runRules } from '../../src/rules';

jest.setTimeout(60_000);

const moduleText = (action: string) => `resource "aws_iam_role" "r" {
  name               = "app"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
resource "aws_iam_role_policy" "p" {
  role   = aws_iam_role.r.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "${action}", Resource = "*" }] })
}
`;
const call = (source: string) => `module "iam" {\n  source = "${source}"\n}\n`;

/** A repository with `root/` (the path given) and the module where the call's source points. */
function repo(source: string, action: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'eksguard-modules-'));
  const moduleDir = path.resolve(dir, 'root', source);
  for (const [f, t] of [[path.join(dir, 'root', 'main.tf'), call(source)], [path.join(moduleDir, 'main.tf'), moduleText(action)]]) {
    mkdirSync(path.dirname(f), { recursive: true });
    writeFileSync(f, t);
  }
  return path.join(dir, 'root');
}

const SOURCES = [['in a dot-directory', './.iam'], ['outside the path given', '../shared/iam']];

describe.each(SOURCES)('a local module %s', (_where, source) => {
  test('fails check when it grants * on *; the compliant module passes', async () => {
    const ids = async (action: string) => runRules(RULES, await loadInputs([repo(source, action)])).findings.map((f) => f.ruleId);
    expect(await ids('*')).toContain('CKV_AWS_62');
    expect(await ids('s3:GetObject')).not.toContain('CKV_AWS_62');
  });

  test('fails review when the head widens it; an unchanged module is no change', async () => {
    const side = async (action: string) => loadInputs([repo(source, action)], { rootName: 'root' });
    expect(review(await side('s3:GetObject'), await side('*')).broadening).toBeGreaterThan(0);
    expect(review(await side('s3:GetObject'), await side('s3:GetObject')).changes).toEqual([]);
  });
});

describe('a block that reads a local module output', () => {
  const ROOT = `module "pol" {\n  source = "./pol"\n}\nresource "aws_iam_role" "r" {\n  name               = "app"\n  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })\n}\nresource "aws_iam_role_policy" "p" {\n  role   = aws_iam_role.r.id\n  policy = module.pol.json\n}\n`;
  const POL = (action: string) => `data "aws_iam_policy_document" "d" {\n  statement {\n    actions   = ["${action}"]\n    resources = ["*"]\n  }\n}\noutput "json" {\n  value = data.aws_iam_policy_document.d.json\n}\n`;
  const side = (action: string) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eksguard-output-'));
    mkdirSync(path.join(dir, 'pol'));
    writeFileSync(path.join(dir, 'main.tf'), ROOT);
    writeFileSync(path.join(dir, 'pol', 'main.tf'), POL(action));
    return loadInputs([dir], { rootName: 'root' });
  };

  test('fails review when only the module behind the output changes (unclassified); the same module is no change', async () => {
    const r = review(await side('s3:GetObject'), await side('*'));
    expect(r.changes.filter((c) => c.broadening).map((c) => c.resource)).toContain('root/aws_iam_role_policy.p');
    expect(review(await side('s3:GetObject'), await side('s3:GetObject')).changes).toEqual([]);
  });
});
