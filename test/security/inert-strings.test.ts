/**
 * Hostile input: every string a config can hold reaches Terraform as data. The JSON Schema
 * (generated from the zod schema) is walked for every string field and record key; a payload of
 * Terraform template syntax goes into each one found in the fixtures. Each is either refused with
 * a problem line that names the field, or synthesized: then every live `${...}`/`%{...}` of the
 * output must be one the project writes itself (the same set as without payloads).
 */
import { execFileSync } from 'child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { synthesize } from '../../src/app/synth';
import { jsonSchema } from '../../src/cli/main';
import { formatPath } from '../../src/config/problems';
import { validateConfig } from '../../src/config/validate';
import { App, Lazy, TerraformLocal, TerraformOutput, TerraformStack, Token } from 'cdktf';
import { crossStackNumberTokenText, escapeTemplate, inertHclKey, inertHclString, inertString, liveTemplates, MAP_TOKEN_VALUES, numberTokenText } from '../../src/terraform/escape';
import { fixtureInputs } from '../support/fixtures';
import { liveTemplatesIn, tempOut, terraformOnPath } from '../support/synth';

type Segment = string; // a property name, '[]' (array items), '<*>' (record values) or '<key>' (record keys)

/** Every string-typed place of the schema that is not an enum or a constant. */
function stringFields(schema: any): Segment[][] {
  const out = new Map<string, Segment[]>();
  const walk = (n: any, at: Segment[]) => {
    if (n === null || typeof n !== 'object') return;
    if (n.type === 'string' && n.enum === undefined && n.const === undefined) out.set(at.join('.'), at);
    for (const [k, v] of Object.entries(n.properties ?? {})) walk(v, [...at, k]);
    if (typeof n.additionalProperties === 'object') walk(n.additionalProperties, [...at, '<*>']);
    if (n.propertyNames !== undefined && n.propertyNames.enum === undefined) out.set([...at, '<key>'].join('.'), [...at, '<key>']);
    if (n.items !== undefined) walk(n.items, [...at, '[]']);
    for (const k of ['anyOf', 'oneOf', 'allOf']) for (const b of n[k] ?? []) walk(b, at);
  };
  walk(schema, []);
  return [...out.values()];
}

interface Place {
  readonly path: PropertyKey[];
  /** A record key (rename it) rather than a value (replace it). */
  readonly key: boolean;
}

function places(value: unknown, field: Segment[], at: PropertyKey[] = []): Place[] {
  if (field.length === 0) return typeof value === 'string' ? [{ path: at, key: false }] : [];
  const [seg, ...rest] = field;
  if (value === null || typeof value !== 'object') return [];
  if (seg === '[]') return Array.isArray(value) ? value.flatMap((v, i) => places(v, rest, [...at, i])) : [];
  if (seg === '<*>') return Array.isArray(value) ? [] : Object.entries(value).flatMap(([k, v]) => places(v, rest, [...at, k]));
  if (seg === '<key>') return Array.isArray(value) ? [] : Object.keys(value).map((k) => ({ path: [...at, k], key: true }));
  return places((value as any)[seg], rest, [...at, seg]);
}

function withPayload(input: any, place: Place, payload: string): any {
  const copy = structuredClone(input);
  let parent = copy;
  for (const p of place.path.slice(0, -1)) parent = parent[p as any];
  const last = place.path[place.path.length - 1] as any;
  if (place.key) {
    // Keep the key's position so nothing but the key changes.
    const entries = Object.entries(parent).map(([k, v]) => (k === last ? [payload, v] : [k, v]));
    for (const k of Object.keys(parent)) delete parent[k];
    for (const [k, v] of entries) parent[k as string] = v;
  } else parent[last] = payload;
  return copy;
}

/** Template syntax Terraform would evaluate: a file read, a directive, a reference, an escape that must stay an escape. */
const PAYLOADS = [
  'eksguard ${file("/etc/passwd")} %{ if true }x%{ endif } $${aws:username} ${jsonencode({a=1})}',
  'eksguard ${path.root} and %{ endif } text',
  'eksguard ${path.root} text',
];

function templatesIn(dir: string): Set<string> {
  const found = new Set<string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const f = path.join(d, e);
      if (statSync(f).isDirectory()) walk(f);
      else if (f.endsWith('.tf.json')) liveTemplatesIn(JSON.parse(readFileSync(f, 'utf8')), found);
    }
  };
  walk(dir);
  return found;
}

const fields = stringFields(jsonSchema());
const fixtures = fixtureInputs();

describe('every string field of the schema', () => {
  test('is set by at least one fixture (so every one below gets a payload)', () => {
    const missing = fields.filter((f) => Object.values(fixtures).every((input) => places(input, f).length === 0)).map((f) => f.join('.'));
    expect(missing).toEqual([]);
  });

  // Per fixture: which places accept a payload, and proof that refused ones name their field.
  const accepted: Record<string, Array<{ place: Place; payload: string }>> = {};
  const refused: Record<string, Array<{ where: string; problems: string[] }>> = {};
  for (const [name, input] of Object.entries(fixtures)) {
    accepted[name] = [];
    refused[name] = [];
    for (const field of fields) {
      for (const place of places(input, field)) {
        let refusedBy: string[] | undefined;
        for (const payload of PAYLOADS) {
          const r = validateConfig(withPayload(input, place, payload));
          if (r.config !== undefined) {
            accepted[name].push({ place, payload });
            refusedBy = undefined;
            break;
          }
          refusedBy = r.problems.map((p) => p.path);
        }
        if (refusedBy !== undefined) refused[name].push({ where: formatPath(place.key ? place.path.slice(0, -1) : place.path), problems: refusedBy });
      }
    }
  }

  test.each(Object.keys(fixtures))('%s: every field that refuses the payload names itself in a problem line', (name) => {
    const unnamed = refused[name].filter(({ where, problems }) => !problems.some((p) => p.startsWith(where) || where.startsWith(p === '(root)' ? '' : p)));
    expect(unnamed).toEqual([]);
    expect(refused[name].length).toBeGreaterThan(0);
  });

  test.each(Object.keys(fixtures))('%s: free-text fields accept the payload (the test is not vacuous)', (name) => {
    expect(accepted[name].length).toBeGreaterThan(0);
  });

  test('the free text of the every-feature fixture takes the payload: reasons, descriptions, encryption context keys', () => {
    const paths = accepted['every feature'].map((a) => formatPath(a.place.path));
    for (const expected of [/endpointAccess\.reason$/, /breakGlass\.reason$/, /securityGroup\.egress\[0\]\.description$/, /acknowledgements\[0\]\.reason$/]) {
      expect(paths.some((p) => expected.test(p))).toBe(true);
    }
    expect(accepted['every feature'].some((a) => a.place.key && formatPath(a.place.path).includes('encryptionContext'))).toBe(true);
  });

  test('an encryption context value refuses template text: IAM reads ${ there as a policy variable', () => {
    expect(refused['every feature'].map((r) => r.where)).toContain('clusters[0].workloads[4].kms[0].encryptionContext.app');
  });

  test('backend.stateDir refuses template text: Terraform evaluates the remote-state path but not the backend\'s', () => {
    expect(refused['every feature'].map((r) => r.where)).toContain('backend.stateDir');
  });

  test.each(Object.keys(fixtures))('%s: with every accepted payload at once, the output holds only the project\'s own interpolations', (name) => {
    const input = fixtures[name];
    let hostile = input;
    for (const { place, payload } of accepted[name]) hostile = withPayload(hostile, place, payload);
    const base = validateConfig(input);
    const bad = validateConfig(hostile);
    expect(bad.problems).toEqual([]);
    const baseOut = tempOut();
    const badOut = tempOut();
    synthesize(base.config!, baseOut);
    synthesize(bad.config!, badOut);
    const own = templatesIn(baseOut);
    const live = [...templatesIn(badOut)];
    expect(live.filter((t) => !own.has(t))).toEqual([]);
    expect(live.filter((t) => /file\(|path\.root|jsonencode|%\{/.test(t))).toEqual([]);
    expect(own.size).toBeGreaterThan(0);
  });
});

const terraform = terraformOnPath('the Terraform CLI checks of escaped output in test/security/inert-strings.test.ts');

(terraform ? test : test.skip)('--hcl output of every payload parses, and holds exactly the resources of the JSON', () => {
  const input = fixtures['every feature'];
  let hostile = input;
  // Config text holds no line breaks (validation refuses them in free text); quotes, backslashes and
  // template syntax reach HCL, and `inertHclString` is unit-tested with line breaks below.
  const texts = ['quote " and \\ backslash ${path.root} " } resource "terraform_data" "pwn" { \\" \\\\"', '<<EOF line two %{ if true }x%{ endif } \\u0022'];
  hostile = withPayload(hostile, { path: ['clusters', 0, 'workloads', 4, 'kms', 0, 'encryptionContext', 'app'], key: false }, texts[1]);
  hostile = withPayload(hostile, { path: ['clusters', 0, 'workloads', 4, 'kms', 0, 'encryptionContext', 'app'], key: true }, texts[0]);
  hostile = withPayload(hostile, { path: ['clusters', 0, 'endpointAccess', 'reason'], key: false }, texts[0]);
  const r = validateConfig(hostile);
  expect(r.problems).toEqual([]);
  const jsonOut = tempOut();
  const hclOut = tempOut();
  synthesize(r.config!, jsonOut);
  synthesize(r.config!, hclOut, [], { hcl: true });
  const env = { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null' };
  for (const stack of readdirSync(path.join(hclOut, 'stacks'))) {
    const file = path.join(hclOut, 'stacks', stack, 'cdk.tf');
    // fmt parses the file: exit 2 is a syntax error, 3 only a formatting difference.
    let code = 0;
    try {
      execFileSync('terraform', ['fmt', '-check', '-list=false', file], { env, stdio: 'ignore' });
    } catch (e) {
      code = (e as { status: number }).status;
    }
    expect(`${stack}: ${code === 3 ? 0 : code}`).toBe(`${stack}: 0`);
    const json = JSON.parse(readFileSync(path.join(jsonOut, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
    const resources = Object.values(json.resource ?? {}).reduce((n: number, byName) => n + Object.keys(byName as object).length, 0);
    expect(`${stack}: ${(readFileSync(file, 'utf8').match(/^resource "/gm) ?? []).length}`).toBe(`${stack}: ${resources}`);
  }
});

(terraform ? test : test.skip)('fails when a map key HCL reads as an expression (for, -x) breaks the --hcl output', () => {
  const input = fixtures['every feature'];
  input.tags = { for: 'v', '-x': 'y', team: 'platform' };
  input.clusters[0].nodeGroups[0].labels = { for: 'x', role: 'general' };
  const r = validateConfig(input);
  expect(r.problems).toEqual([]);
  const hclOut = tempOut();
  synthesize(r.config!, hclOut, [], { hcl: true });
  const env = { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null' };
  for (const stack of readdirSync(path.join(hclOut, 'stacks'))) {
    const file = path.join(hclOut, 'stacks', stack, 'cdk.tf');
    let code = 0;
    try {
      execFileSync('terraform', ['fmt', '-check', '-list=false', file], { env, stdio: 'ignore' });
    } catch (e) {
      code = (e as { status: number }).status;
    }
    expect(`${stack}: ${code}`).toBe(`${stack}: 0`);
  }
  // Every map key is a quoted string (src/terraform/hcl.ts), which HCL never reads as an expression.
  const cluster = readFileSync(path.join(hclOut, 'stacks', 'production-cluster', 'cdk.tf'), 'utf8');
  expect(cluster).toMatch(/^ +"for" += "v"$/m);
  expect(cluster).toMatch(/^ +"-x" += "y"$/m);
  expect(cluster).toMatch(/^ +"team" += "platform"$/m);
});

(terraform ? test : test.skip)('real Terraform reads every escaped HCL map key back as exactly its text', () => {
  const keys = ['for', '-x', '-', 'for_each', 'team', 'a b', 'q"uote', 'back\\slash', '${path.root}', '1abc', '_x'];
  const rendered = keys.map((k) => inertHclKey(k)).map((k) => (/(^\d)|[^A-Za-z0-9_-]/.test(k) ? `"${k}"` : k)); // cdktf's wrapIdentifierInQuotesIfNeeded
  const dir = mkdtempSync(path.join(tmpdir(), 'eksguard-hclkey-'));
  writeFileSync(path.join(dir, 'main.tf'), `output "keys" {\n  value = {\n${rendered.map((k, i) => `    ${k} = ${i}`).join('\n')}\n  }\n}\n`);
  const env = { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null', TF_IN_AUTOMATION: '1' };
  execFileSync('terraform', ['init', '-input=false', '-backend=false'], { cwd: dir, env, stdio: 'ignore' });
  execFileSync('terraform', ['apply', '-auto-approve', '-input=false', '-lock=false'], { cwd: dir, env, stdio: 'ignore' });
  const values = JSON.parse(execFileSync('terraform', ['output', '-json'], { cwd: dir, env }).toString());
  expect(Object.entries(values.keys.value).sort(([, a], [, b]) => (a as number) - (b as number)).map(([k]) => k)).toEqual(keys);
});

describe('the escaping boundary', () => {
  test.each([
    ['plain', 'plain text', 'plain text'],
    ['an interpolation', 'a${b}c', 'a$${b}c'],
    ['a directive', '%{ if x }y%{ endif }', '%%{ if x }y%%{ endif }'],
    ['an escape written by the user stays an escape', 'a$${b}', 'a$$${b}'],
    ['dollars before a brace', '$$${x}', '$$$${x}'],
  ])('escapes %s', (_what, text, escaped) => {
    expect(escapeTemplate(text)).toBe(escaped);
    expect(liveTemplates(escaped)).toEqual([]);
  });

  test('finds the number text cdktf decodes as a token exactly as cdktf encodes it', () => {
    const encoded = String(Token.asNumber(Lazy.numberValue({ produce: () => 1 })));
    expect(numberTokenText(`a ${encoded} b`)).toBe(encoded);
    expect(numberTokenText('1e5, 3.2e+10 and 6.02e23')).toBeUndefined();
  });

  test('names a stack\'s cross-stack references as cdktf does (cross-stack-reference-input-<stack>)', () => {
    const app = new App({ outdir: tempOut() });
    const from = new TerraformStack(app, 'origin-stack');
    const to = new TerraformStack(app, 'reader');
    new TerraformOutput(to, 'o', { value: new TerraformLocal(from, 'l', 'v').asString });
    app.synth();
    const names = Object.keys(JSON.parse(readFileSync(path.join(app.outdir, 'stacks', 'reader', 'cdk.tf.json'), 'utf8')).data.terraform_remote_state);
    expect(names).toEqual(['cross-stack-reference-input-origin-stack']);
    expect(crossStackNumberTokenText('origin-stack')).toBeUndefined();
    expect(crossStackNumberTokenText('82e297')).toBe('-82e297');
    expect(numberTokenText('82e297')).toBeUndefined();
  });

  test('knows cdktf\'s map token values, the exact strings its resolve refuses in a string', () => {
    expect([...MAP_TOKEN_VALUES].sort()).toEqual([Token.ANY_MAP_TOKEN_VALUE, Token.STRING_MAP_TOKEN_VALUE].sort());
  });

  test('escapes HCL string characters in the literal parts only', () => {
    expect(inertHclString('a "b" \\ ${c}\n${TfToken[TOKEN.3]}')).toBe('a \\"b\\" \\\\ $${c}\\n${TfToken[TOKEN.3]}');
  });

  test('keeps cdktf token markers live and escapes the text around them', () => {
    expect(inertString('arn:${TfToken[TOKEN.12]}:${x}')).toBe('arn:${TfToken[TOKEN.12]}:$${x}');
  });

  test('fails when a config string carries a cdktf token marker', () => {
    const input = fixtures['every feature'];
    const r = validateConfig(withPayload(input, { path: ['clusters', 0, 'endpointAccess', 'reason'], key: false }, 'admins at ${TfToken[TOKEN.1]} need it'));
    expect(r.problems.map((p) => p.path)).toEqual(['clusters[0].endpointAccess.reason']);
  });

  (terraform ? test : test.skip)('real Terraform reads every escaped payload back as exactly its text', () => {
    const texts = [...PAYLOADS, 'a$${b}', '$$${x}', '%%{', '100%{', 'tail $'];
    const dir = mkdtempSync(path.join(tmpdir(), 'eksguard-escape-'));
    const output = Object.fromEntries(texts.map((t, i) => [`t${i}`, { value: inertString(t) }]));
    writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify({ output: { ...output, keys: { value: { [inertString(texts[0])]: 'v' } } } }));
    const env = { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null', TF_IN_AUTOMATION: '1' };
    execFileSync('terraform', ['init', '-input=false', '-backend=false'], { cwd: dir, env, stdio: 'ignore' });
    execFileSync('terraform', ['apply', '-auto-approve', '-input=false', '-lock=false'], { cwd: dir, env, stdio: 'ignore' });
    const values = JSON.parse(execFileSync('terraform', ['output', '-json'], { cwd: dir, env }).toString());
    expect(texts.map((_, i) => values[`t${i}`].value)).toEqual(texts);
    expect(Object.keys(values.keys.value)).toEqual([texts[0]]);
  });
});
