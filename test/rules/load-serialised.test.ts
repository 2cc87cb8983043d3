/**
 * loadTerraform's `serialised` option (synth reading back its own output): the scan for repeated
 * keys is skipped only when asked; any other read keeps every repeated key as Terraform does.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { loadTerraform } from '../../src/rules';

describe('loadTerraform serialised', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'eksguard-serialised-'));
  const file = path.join(dir, 'main.tf.json');
  // Two "aws_iam_role" keys: Terraform declares both roles.
  writeFileSync(file, '{"resource":{"aws_iam_role":{"a":{"name":"a"}},"aws_iam_role":{"b":{"name":"b"}}}}');
  const roles = (serialised: boolean) => loadTerraform([dir], { serialised })[0].blocks.filter((b) => b.type === 'aws_iam_role').map((b) => b.name);

  test('a file of unknown origin keeps every repeated key', () => {
    expect(roles(false)).toEqual(['a', 'b']);
  });

  test('a file serialised from an object (where no key repeats) is read with JSON.parse alone', () => {
    expect(roles(true)).toEqual(['b']);
  });
});

/**
 * loadTerraform's `nameFile` (synth reads its temporary output under the final names): documents,
 * blocks (a role's inline policies too) and digests carry the names; files are read, file() paths
 * resolved and documents ordered where they are.
 */
describe('loadTerraform nameFile', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'eksguard-names-'));
  const write = (stack: string, json: unknown) => {
    mkdirSync(path.join(tmp, stack), { recursive: true });
    writeFileSync(path.join(tmp, stack, 'cdk.tf.json'), JSON.stringify(json));
  };
  write('b', { resource: { aws_iam_role: { r: { name: 'r', assume_role_policy: '${file("${path.module}/trust.json")}', inline_policy: [{ name: 'p', policy: '{}' }] } } } });
  writeFileSync(path.join(tmp, 'b', 'trust.json'), '{"Statement":[]}');
  write('a', { resource: { aws_s3_bucket: { x: { bucket: 'x' } } } });
  // Names that sort the other way round: the order stays the paths'.
  const rename = (file: string) => path.join('/final', path.relative(tmp, file).replace(/^a/, 'z'));

  test('every name is the renamed one; reads and order are the paths\'', () => {
    const docs = loadTerraform([path.join(tmp, 'a'), path.join(tmp, 'b')], { nameFile: rename });
    const plain = loadTerraform([path.join(tmp, 'a'), path.join(tmp, 'b')]);
    expect(docs.map((d) => d.stack)).toEqual(['a', 'b']);
    expect(docs.map((d) => d.file)).toEqual([path.join('/final', 'z', 'cdk.tf.json'), path.join('/final', 'b', 'cdk.tf.json')]);
    expect(docs[1].blocks.map((b) => `${b.address} ${b.file}`)).toEqual([
      `aws_iam_role.r ${path.join('/final', 'b', 'cdk.tf.json')}`,
      `aws_iam_role.r.inline_policy[0] ${path.join('/final', 'b', 'cdk.tf.json')}`,
    ]);
    expect(docs.map((d) => Object.keys(d.digests ?? {}))).toEqual(docs.map((d) => [d.file]));
    expect(docs.map((d) => Object.values(d.digests ?? {}))).toEqual(plain.map((d) => Object.values(d.digests ?? {})));
    // file() is read beside the file as read, not at its new name.
    expect(docs[1].files).toEqual(plain[1].files);
    expect(Object.values(docs[1].files ?? {})[0]).toMatch(/^sha256:/);
  });
});
