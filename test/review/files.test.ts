/**
 * Issue 11, hostile review: a file the configuration reads (`file()`, `templatefile()`) is a reference
 * target, so editing `policy.json` or a manifest YAML is a change even when no `.tf` line moves.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { review } from '../../src/review/review';
import { loadInputs } from '../../src/rules';

jest.setTimeout(60_000);

const MAIN = `resource "aws_iam_role" "r" {
  name               = "app"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
resource "aws_iam_role_policy" "p" {
  role   = aws_iam_role.r.id
  policy = file("\${path.module}/policy.json")
}
resource "kubernetes_manifest" "crb" {
  manifest = yamldecode(templatefile("crb.yaml.tpl", { group = "ops" }))
}
`;
const POLICY = (action: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
const CRB = (subject: string) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: x\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: cluster-admin\nsubjects:\n- kind: Group\n  name: ${subject}\n`;

async function side(files: Record<string, string>) {
  const dir = mkdtempSync(path.join(tmpdir(), 'eksguard-files-'));
  for (const [f, t] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), t);
  }
  return loadInputs([dir], { rootName: 'root' });
}
const tree = (action: string, subject: string) => side({ 'main.tf': MAIN, 'policy.json': POLICY(action), 'crb.yaml.tpl': CRB(subject) });

describe('files read by the configuration', () => {
  test('fails when only policy.json changes (widened to *): unclassified on the block that reads it', async () => {
    const r = review(await tree('s3:GetObject', '${group}'), await tree('*', '${group}'));
    expect(r.changes.filter((c) => c.broadening).map((c) => c.resource)).toEqual(['root/aws_iam_role_policy.p']);
  });

  test('fails when only a manifest template changes (cluster-admin bound to system:authenticated)', async () => {
    const r = review(await tree('s3:GetObject', '${group}'), await tree('s3:GetObject', 'system:authenticated'));
    expect(r.changes.filter((c) => c.broadening).map((c) => c.resource)).toEqual(['root/kubernetes_manifest.crb']);
  });

  test('the same files on both sides are no change', async () => {
    expect(review(await tree('s3:GetObject', '${group}'), await tree('s3:GetObject', '${group}')).changes).toEqual([]);
  });
});
