/**
 * loadTerraform's `serialised` option (synth reading back its own output): the scan for repeated
 * keys is skipped only when asked; any other read keeps every repeated key as Terraform does.
 */
import { mkdtempSync, writeFileSync } from 'fs';
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
