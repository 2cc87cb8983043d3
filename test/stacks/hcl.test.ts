/**
 * Issue 13: `synth --hcl` is a faithful rendering of the JSON. For the example and every fixture,
 * each stack's cdk.tf parses back (@cdktf/hcl2json) to exactly its cdk.tf.json (references, policies
 * holding quotes, Kubernetes manifests holding lists), and `terraform fmt -check` finds nothing to
 * change. Hostile strings (quotes, backslashes, template sequences, control characters) stay text.
 * The tier with `terraform validate` and plan equality is in test/terraform.
 */
import { parse } from '@cdktf/hcl2json';
import { spawnSync } from 'child_process';
import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { synthesize } from '../../src/app/synth';
import { quoted, renderHcl } from '../../src/terraform/hcl';
import { fixtureInputs } from '../support/fixtures';
import { exampleInput, existingClusterInput, tempOut, terraformOnPath, valid } from '../support/synth';

jest.setTimeout(300_000);

/** Terraform JSON and hcl2json's reading of HCL in one shape: one-element lists of objects (blocks) as the object, meta-argument references without `${ }`, keys sorted. */
function normal(v: unknown, key = ''): unknown {
  if (Array.isArray(v)) {
    const a = v.map((x) => normal(x, key));
    return a.length === 1 && a[0] !== null && typeof a[0] === 'object' && !Array.isArray(a[0]) ? a[0] : a;
  }
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v)
        .filter(([k]) => k !== '//')
        .map(([k, x]) => [k, normal(x, k)] as const)
        .sort(([a], [b]) => (a < b ? -1 : 1)),
    );
  }
  if (typeof v === 'string' && ['depends_on', 'ignore_changes', 'replace_triggered_by', 'provider'].includes(key)) return v.replace(/^\$\{(.*)\}$/, '$1');
  return v;
}

const terraform = terraformOnPath('the terraform fmt -check half of test/stacks/hcl.test.ts');

const inputs: Record<string, unknown> = { example: exampleInput(), 'existing cluster': existingClusterInput(), ...fixtureInputs() };

describe.each(Object.entries(inputs))('%s', (_name, input) => {
  const out = tempOut();
  const hclOut = tempOut();
  beforeAll(() => {
    synthesize(valid(input), out);
    synthesize(valid(input), hclOut, [], { hcl: true });
  });

  test('every stack parses back to its JSON', async () => {
    const stacks = readdirSync(path.join(out, 'stacks'));
    expect(readdirSync(path.join(hclOut, 'stacks')).sort()).toEqual(stacks.sort());
    for (const stack of stacks) {
      const json = JSON.parse(readFileSync(path.join(out, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
      const hcl = await parse('cdk.tf', readFileSync(path.join(hclOut, 'stacks', stack, 'cdk.tf'), 'utf8'));
      expect({ stack, hcl: normal(hcl) }).toEqual({ stack, hcl: normal(json) });
    }
  });

  (terraform ? test : test.skip)('terraform fmt -check finds nothing to change', () => {
    const r = spawnSync('terraform', ['fmt', '-check', '-diff', '-recursive', path.join(hclOut, 'stacks')], { encoding: 'utf8' });
    expect(r.stdout).toBe('');
    expect(r.status).toBe(0);
  });

  test('the manifest points at the HCL files', () => {
    const manifest = JSON.parse(readFileSync(path.join(hclOut, 'manifest.json'), 'utf8'));
    for (const s of Object.values(manifest.stacks) as Array<{ synthesizedStackPath: string }>) expect(s.synthesizedStackPath).toMatch(/\/cdk\.tf$/);
  });
});

describe('strings are text in HCL as in JSON', () => {
  const hostile = ['say "hi"', 'back\\slash', 'a\nb\r\tc', 'escaped $${file("/etc/passwd")} and %%{ if true }', 'bell \u0007 del \u007f', 'end"\n}\nresource "x" "y" {', 'EOF', 'ünïcödé ✓'];
  test.each(hostile)('%j round-trips through a value, a map key and a list', async (s) => {
    const json = { resource: { aws_ssm_parameter: { p: { name: 'p', type: 'String', value: s, tags: { [s]: s }, insecure_value: undefined } } }, output: { o: { value: [s, { [s]: [s] }] } } };
    const text = renderHcl(JSON.parse(JSON.stringify(json)), new Set());
    expect(normal(await parse('x.tf', text))).toEqual(normal(JSON.parse(JSON.stringify(json))));
  });

  test('a template sequence is copied as is: references stay references, and the quotes inside them are not escaped', () => {
    expect(quoted('${replace(aws_eks_cluster.c.identity[0].oidc[0].issuer, "https://", "")}:sub')).toBe('"${replace(aws_eks_cluster.c.identity[0].oidc[0].issuer, "https://", "")}:sub"');
    expect(quoted('{"Statement":[{"Resource":"${aws_kms_key.k.arn}"}]}')).toBe('"{\\"Statement\\":[{\\"Resource\\":\\"${aws_kms_key.k.arn}\\"}]}"');
  });

  test('what cannot be rendered faithfully is refused, never written wrong', () => {
    expect(() => renderHcl({ resource: { x: { 'not valid': {} } } }, new Set())).toThrow('is not an HCL identifier');
    expect(() => quoted('${unclosed')).toThrow('not closed');
  });
});
