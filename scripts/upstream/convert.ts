/**
 * Regenerates test/data/upstream from local git mirrors of checkov and trivy-checks:
 *
 *   tsx scripts/upstream/convert.ts <checkov git dir> <trivy-checks git dir> [commit-ish, default HEAD]
 *
 * The mirrors are bare repositories (read with `git show`), e.g. the ones the `fetch` tool makes under
 * /work/.mirror. For every row of manifest.ts it finds the upstream test, converts its HCL to Terraform
 * JSON with @cdktf/hcl2json (block bodies flattened so that `resource.<type>.<name>` is an object, as in
 * Terraform JSON; nested blocks stay arrays; expressions stay `${…}` strings, exactly what a user's
 * configuration holds), and writes the fixtures plus expected.json (the verdicts upstream's tests state).
 * Tests written as Python dicts in checkov's internal parse format are read with python3's
 * ast.literal_eval and turned back into the Terraform JSON they stand for (fromCheckovConf).
 * Whatever it cannot convert is listed in expected.json `notConverted` with the reason.
 */
import { execFileSync } from 'child_process';
import { mkdirSync, rmSync, writeFileSync } from 'fs';
import * as path from 'path';
import { parse } from '@cdktf/hcl2json';
import { parse as parseYaml } from 'yaml';
import { ANY_RESOURCE, CORPUS_DIR, type Corpus, type CorpusCase, type NotConverted } from './corpus';
import { MANIFEST, type CheckovRow, type TrivyRow } from './manifest';

const CHECKOV = 'bridgecrewio/checkov';
const TRIVY = 'aquasecurity/trivy-checks';

class Mirror {
  readonly commit: string;
  constructor(readonly repo: string, readonly gitDir: string, rev: string) {
    this.commit = this.git('rev-parse', `${rev}^{commit}`).trim();
  }
  git(...args: string[]): string {
    return execFileSync('git', [`--git-dir=${this.gitDir}`, ...args], { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] });
  }
  show(file: string): string | undefined {
    try {
      return this.git('show', `${this.commit}:${file}`);
    } catch {
      return undefined;
    }
  }
  ls(dir: string): string[] {
    return this.git('ls-tree', '--name-only', `${this.commit}`, `${dir}/`).split('\n').filter((l) => l !== '');
  }
  ref(file: string): string {
    return `${this.repo}/${file}@${this.commit}`;
  }
}

/** Top-level blocks with labels, and how many: their bodies come out of hcl2json as one-element arrays. */
const LABELS: Record<string, number> = { resource: 2, data: 2, module: 1, provider: 1, variable: 1, output: 1 };

/** hcl2json output → Terraform JSON. Duplicate labels (which Terraform rejects) are dropped and reported. */
function flatten(hcl: any, dropped: string[]): any {
  const out: any = {};
  for (const [kind, value] of Object.entries<any>(hcl)) {
    const depth = LABELS[kind];
    if (depth === undefined) {
      out[kind] = kind === 'locals' && Array.isArray(value) ? Object.assign({}, ...value) : value;
      continue;
    }
    const walk = (node: any, level: number, label: string): any => {
      if (level < depth) {
        const o: any = {};
        for (const [k, v] of Object.entries<any>(node)) {
          const inner = walk(v, level + 1, label === '' ? k : `${label}.${k}`);
          if (inner !== undefined) o[k] = inner;
        }
        return o;
      }
      if (!Array.isArray(node)) return node;
      if (node.length !== 1) {
        dropped.push(`${kind === 'resource' ? '' : `${kind}.`}${label} (declared ${node.length} times)`);
        return undefined;
      }
      return node[0];
    };
    out[kind] = walk(value, 0, '');
  }
  return out;
}

/** Merges Terraform JSON documents (the .tf files of one directory); duplicate addresses are dropped and reported. */
function merge(docs: any[], dropped: string[]): any {
  const out: any = {};
  for (const doc of docs) {
    for (const [kind, value] of Object.entries<any>(doc)) {
      if (LABELS[kind] !== 2) {
        out[kind] = Array.isArray(value) ? [...(out[kind] ?? []), ...value] : { ...(out[kind] ?? {}), ...value };
        continue;
      }
      out[kind] ??= {};
      for (const [type, byName] of Object.entries<any>(value)) {
        out[kind][type] ??= {};
        for (const [name, body] of Object.entries<any>(byName)) {
          if (name in out[kind][type]) {
            dropped.push(`${type}.${name} (declared in two files)`);
            delete out[kind][type][name];
          } else out[kind][type][name] = body;
        }
      }
    }
  }
  return out;
}

async function hclToJson(file: string, text: string, dropped: string[]): Promise<any> {
  return flatten(await parse(file, text), dropped);
}

function addresses(json: any): string[] {
  const out: string[] = [];
  for (const [kind, prefix] of [['resource', ''], ['data', 'data.']] as const) {
    for (const [type, byName] of Object.entries<any>(json?.[kind] ?? {})) for (const name of Object.keys(byName)) out.push(`${prefix}${type}.${name}`);
  }
  return out;
}

/** The Python expression text (brackets included) whose opening bracket is at `from`, comments dropped. */
function balanced(source: string, from: number): string {
  const open = source[from];
  const close = open === '[' ? ']' : open === '{' ? '}' : ')';
  let depth = 1;
  let i = from + 1;
  let quote: string | undefined;
  let out = open;
  for (; i < source.length && depth > 0; i++) {
    const ch = source[i];
    if (quote !== undefined) {
      if (ch === '\\') {
        out += ch + source[i + 1];
        i++;
        continue;
      }
      if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#') {
      while (i < source.length && source[i] !== '\n') i++;
      out += '\n';
      continue;
    } else if (ch === open) depth++;
    else if (ch === close) depth--;
    out += ch;
  }
  return out;
}

/** The string literals inside the bracketed expression that follows `name =` in Python source. */
function pythonSet(source: string, name: string): string[] | undefined {
  const m = new RegExp(`${name}\\s*=\\s*(?:set\\(\\s*)?([\\[{(])`).exec(source);
  if (m === null) return undefined;
  const body = balanced(source, m.index + m[0].length - 1);
  return [...body.matchAll(/"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'/g)].map((s) => (s[1] ?? s[2]).replace(/\\(["'\\])/g, '$1'));
}

/** A Python literal (dict, list, str, number, True/False/None) as JSON, read by Python's own ast.literal_eval. */
function pythonLiteral(text: string): unknown {
  const program = 'import ast, json, sys; print(json.dumps(ast.literal_eval(sys.stdin.read())))';
  return JSON.parse(execFileSync('python3', ['-c', program], { input: text, encoding: 'utf8' }));
}

/** Attributes whose value is an IAM policy document: checkov's parser hands them over decoded. */
const POLICY_ATTRIBUTES = new Set(['policy', 'inline_policy', 'assume_role_policy']);

/**
 * A resource configuration in checkov's internal parse format (every attribute value wrapped in a
 * one-element list, nested blocks as lists of such dicts, decoded policies as dicts) → the Terraform
 * JSON body it was parsed from. A decoded policy becomes its JSON string.
 */
function fromCheckovConf(conf: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const isDict = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  for (const [key, value] of Object.entries(conf)) {
    if (!Array.isArray(value)) out[key] = isDict(value) ? JSON.stringify(value) : value;
    else if (value.length === 1 && (POLICY_ATTRIBUTES.has(key) || !isDict(value[0]))) out[key] = isDict(value[0]) ? JSON.stringify(value[0]) : value[0];
    else if (value.length > 0 && value.every(isDict)) out[key] = value.map((v) => fromCheckovConf(v));
    else out[key] = value;
  }
  return out;
}

/** Undoes the escapes of a non-raw Python string literal (the ones checkov's tests use). */
function pythonUnescape(s: string): string {
  return s.replace(/\\(\n|\\|"|'|n|t)/g, (_, c: string) => ({ '\n': '', '\\': '\\', '"': '"', "'": "'", n: '\n', t: '\t' })[c]!);
}

/** A Python test file split into its `def test…` methods. */
function testMethods(source: string): { name: string; body: string }[] {
  const parts = source.split(/\n(?=[ \t]+def test)/);
  return parts.slice(1).map((p) => ({ name: /def (test\w*)/.exec(p)![1], body: p }));
}

interface Output {
  cases: CorpusCase[];
  notConverted: NotConverted[];
  files: Map<string, any>;
}

async function convertCheckov(m: Mirror, row: CheckovRow, out: Output): Promise<void> {
  const skip = (what: string, why: string): void => void out.notConverted.push({ rule: row.rule, upstream: 'checkov', upstreamId: row.upstreamId, what, why });
  const emit = (name: string, json: any, source: string, test: string, passed: readonly string[], failed: readonly string[], dropped: string[]): void => {
    let pass = [...passed];
    let fail = [...failed];
    const fixture = `checkov/${row.upstreamId}/${name}.tf.json`;
    const present = new Set(addresses(json));
    // checkov names data sources without the `data.` prefix.
    const named = (a: string): string => (!present.has(a) && present.has(`data.${a}`) ? `data.${a}` : a);
    pass = pass.map(named);
    fail = fail.map(named);
    // Instances of a count/for_each block (`aws_instance.x["key"]`): eksguard judges the block, which
    // fails when any of its instances fails and passes when all pass.
    const base = (a: string): string => a.replace(/\[[^\]]*\]$/, '');
    const isInstance = (a: string): boolean => !present.has(a) && base(a) !== a && present.has(base(a));
    const failingBlocks = new Set(fail.filter(isInstance).map(base));
    const passingBlocks = new Set(pass.filter(isInstance).map(base).filter((b) => !failingBlocks.has(b)));
    for (const a of [...pass, ...fail].filter((x) => !present.has(x) && !isInstance(x))) {
      skip(`${a} in ${fixture}`, `not in the converted fixture${dropped.length > 0 ? ` (dropped: ${dropped.join(', ')})` : ''}`);
    }
    pass = [...pass.filter((a) => !isInstance(a)), ...passingBlocks];
    fail = [...fail.filter((a) => !isInstance(a)), ...failingBlocks];
    for (const d of dropped) skip(`${d} in ${fixture}`, 'Terraform rejects a duplicate address; JSON object keys cannot hold it');
    if (![...pass, ...fail].some((a) => present.has(a))) return skip(fixture, 'none of the resources the test judges is in the converted fixture');
    out.files.set(fixture, json);
    out.cases.push({ rule: row.rule, upstream: 'checkov', upstreamId: row.upstreamId, fixture, source, test, pass: pass.filter((a) => present.has(a)).sort(), fail: fail.filter((a) => present.has(a)).sort() });
  };
  const dirJson = async (dir: string, dropped: string[]): Promise<any | undefined> => {
    const files = m.ls(dir).filter((f) => f.endsWith('.tf'));
    if (files.length === 0) return undefined;
    const sub = m.ls(dir).filter((f) => !f.endsWith('.tf') && !f.endsWith('.yaml') && !f.endsWith('.json'));
    for (const s of sub) skip(s, 'a subdirectory (module) of the fixture: not converted');
    return merge(await Promise.all(files.map((f) => hclToJson(f, m.show(f)!, dropped))), dropped);
  };

  if (row.kind === 'graph') {
    const dir = `tests/terraform/graph/checks/resources/${row.check}`;
    const expectedFile = `${dir}/expected.yaml`;
    const expected = m.show(expectedFile);
    if (expected === undefined) return skip(dir, 'no expected.yaml at this commit');
    const verdicts = parseYaml(expected) as { pass?: string[]; fail?: string[] };
    const dropped: string[] = [];
    const json = await dirJson(dir, dropped);
    if (json === undefined) return skip(dir, 'no .tf files');
    return emit(row.check, json, m.ref(`${dir}/*.tf`), m.ref(expectedFile), verdicts.pass ?? [], verdicts.fail ?? [], dropped);
  }

  const base = `tests/terraform/checks/${row.kind}/aws`;
  const testFile = `${base}/test_${row.check}.py`;
  const source = m.show(testFile);
  if (source === undefined) return skip(testFile, 'no such test at this commit');
  for (const method of testMethods(source)) {
    const pass = pythonSet(method.body, 'passing_resources');
    const fail = pythonSet(method.body, 'failing_resources');
    const dirName = /["'/](example_\w+)["']/.exec(method.body)?.[1];
    const loads = /hcl2\.loads\(\s*(r?)"""([\s\S]*?)"""\s*\)/.exec(method.body);
    if (pass !== undefined && fail !== undefined && dirName !== undefined) {
      const dir = `${base}/${dirName}`;
      const dropped: string[] = [];
      const json = await dirJson(dir, dropped);
      if (json === undefined) {
        skip(`${testFile}::${method.name}`, `${dir} has no .tf files at this commit`);
        continue;
      }
      emit(dirName.replace(/^example_/, ''), json, m.ref(`${dir}/*.tf`), m.ref(`${testFile}::${method.name}`), pass, fail, dropped);
    } else if (loads !== null) {
      const text = loads[1] === 'r' ? loads[2] : pythonUnescape(loads[2]);
      const result = /CheckResult\.(PASSED|FAILED)/.exec(method.body)?.[1];
      const target = /\[['"]resource['"]\]\[0\]\[['"](\w+)['"]\]\[['"]([\w-]+)['"]\]/.exec(method.body);
      if (result === undefined || target === null) {
        skip(`${testFile}::${method.name}`, 'inline HCL without a PASSED/FAILED assertion on one resource');
        continue;
      }
      const dropped: string[] = [];
      const json = await hclToJson(`${method.name}.tf`, text, dropped);
      const address = `${target[1]}.${target[2]}`;
      emit(method.name, json, m.ref(`${testFile}::${method.name}`), m.ref(`${testFile}::${method.name}`), result === 'PASSED' ? [address] : [], result === 'FAILED' ? [address] : [], dropped);
    } else if (/resource_conf\s*=\s*\{/.test(method.body)) {
      const at = /resource_conf\s*=\s*\{/.exec(method.body)!;
      const result = /CheckResult\.(PASSED|FAILED)/.exec(method.body)?.[1];
      const type = /entity_type\s*=\s*["'](\w+)["']/.exec(method.body)?.[1] ?? row.inlineType;
      if (result === undefined || type === undefined) {
        skip(`${testFile}::${method.name}`, 'a Python dict configuration without a PASSED/FAILED assertion or a resource type');
        continue;
      }
      const conf = pythonLiteral(balanced(method.body, at.index + at[0].length - 1)) as Record<string, unknown>;
      const json = { resource: { [type]: { [method.name]: fromCheckovConf(conf) } } };
      const address = `${type}.${method.name}`;
      const ref = m.ref(`${testFile}::${method.name}`);
      emit(method.name, json, ref, ref, result === 'PASSED' ? [address] : [], result === 'FAILED' ? [address] : [], []);
    } else {
      skip(`${testFile}::${method.name}`, 'no fixture directory, resource sets or inline HCL found');
    }
  }
}

/** The custom.id of a trivy Rego check's METADATA comment block. */
function regoId(rego: string): string | undefined {
  return /^#\s+id:\s*(\S+)/m.exec(rego)?.[1];
}

/** A Rego literal (JSON with trailing commas and `json.marshal(...)` calls) as a JSON value. */
function regoLiteral(text: string): unknown {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      const end = /^"(?:[^"\\]|\\.)*"/.exec(text.slice(i))![0];
      out += end;
      i += end.length - 1;
    } else if (text.startsWith('json.marshal(', i)) {
      const inner = balanced(text, i + 'json.marshal'.length);
      out += JSON.stringify(JSON.stringify(regoLiteral(inner.slice(1, -1))));
      i += 'json.marshal'.length + inner.length - 1;
    } else if (ch === ',' && /^,\s*[}\]]/.test(text.slice(i))) {
      continue;
    } else out += ch;
  }
  return JSON.parse(out);
}

/**
 * trivy's Rego tests of IAM checks, whose input is trivy's cloud model of IAM policies
 * (`{"aws": {"iam": {"policies": [{"name", "document"}]}}}` or `roles: [{"policies": [...]}]`): each
 * test becomes a fixture of `aws_iam_policy` (or `aws_iam_role_policy`) resources holding the same
 * documents; `count(r) == 0` means every resource passes, more means at least one fails.
 */
function convertTrivyIamTests(m: Mirror, row: TrivyRow, testFile: string, source: string, out: Output): boolean {
  const tests = source.split(/\n(?=test_\w+ if \{)/).slice(1);
  if (tests.length === 0 || !tests.every((t) => /input as \{"aws": \{"iam": \{"(policies|roles)": (policies|roles)\}\}\}/.test(t))) return false;
  for (const t of tests) {
    const name = /^(test_\w+)/.exec(t)![1];
    const count = /count\(r\) == (\d+)/.exec(t)?.[1];
    const shape = /input as \{"aws": \{"iam": \{"(policies|roles)"/.exec(t)![1];
    const at = new RegExp(`${shape} := \\[`).exec(t);
    if (count === undefined || at === null) {
      out.notConverted.push({ rule: row.rule, upstream: 'trivy', upstreamId: row.upstreamId, what: `${testFile}::${name}`, why: 'no `count(r) == N` assertion or no literal input' });
      continue;
    }
    const items = regoLiteral(balanced(t, at.index + at[0].length - 1)) as any[];
    const doc = (p: any): string => (typeof p?.document?.value === 'string' ? p.document.value : JSON.stringify(p?.document?.value));
    const resources: Record<string, Record<string, unknown>> = {};
    if (shape === 'policies') {
      resources.aws_iam_policy = Object.fromEntries(items.map((p, i) => [`policy_${i}`, { name: p?.name?.value ?? `policy_${i}`, policy: doc(p) }]));
    } else {
      resources.aws_iam_role_policy = Object.fromEntries(
        items.flatMap((r, i) => (r?.policies ?? []).map((p: any, j: number) => [`role_${i}_policy_${j}`, { name: p?.name?.value ?? `policy_${j}`, role: r?.name?.value ?? `role_${i}`, policy: doc(p) }])),
      );
    }
    const json = { resource: resources };
    const fixture = `trivy/${row.upstreamId}/${name}.tf.json`;
    const all = addresses(json).sort();
    if (all.length === 0) {
      out.notConverted.push({ rule: row.rule, upstream: 'trivy', upstreamId: row.upstreamId, what: `${testFile}::${name}`, why: 'the test input holds no policy' });
      continue;
    }
    out.files.set(fixture, json);
    const ref = m.ref(`${testFile}::${name}`);
    out.cases.push({ rule: row.rule, upstream: 'trivy', upstreamId: row.upstreamId, fixture, source: ref, test: ref, pass: count === '0' ? all : [], fail: count === '0' ? [] : [ANY_RESOURCE] });
  }
  return true;
}

async function convertTrivy(m: Mirror, row: TrivyRow, out: Output): Promise<void> {
  const skip = (what: string, why: string): void => void out.notConverted.push({ rule: row.rule, upstream: 'trivy', upstreamId: row.upstreamId, what, why });
  const regoFile = `checks/cloud/aws/${row.check}.rego`;
  const rego = m.show(regoFile);
  if (rego === undefined) return skip(regoFile, 'no such check at this commit');
  if (regoId(rego) !== row.upstreamId) return skip(regoFile, `its metadata id is ${regoId(rego)}, not ${row.upstreamId}`);
  const testFile = `checks/cloud/aws/${row.check}_test.rego`;
  const regoTests = m.show(testFile);
  if (regoTests !== undefined && !convertTrivyIamTests(m, row, testFile, regoTests, out)) {
    skip(testFile, "Rego tests on trivy's cloud-state model of this service, which is not mapped back to Terraform (only IAM policies are)");
  }
  const examplesFile = /^#\s+examples:\s*(\S+)/m.exec(rego)?.[1];
  const examples = examplesFile === undefined ? undefined : m.show(examplesFile);
  if (examplesFile === undefined || examples === undefined) return skip(regoFile, 'the check names no examples file (no Terraform examples)');
  const tf = (parseYaml(examples) as { terraform?: { good?: string[]; bad?: string[] } }).terraform;
  if (tf === undefined) return skip(examplesFile, 'no terraform examples');
  for (const [kind, snippets] of [['good', tf.good ?? []], ['bad', tf.bad ?? []]] as const) {
    for (const [i, snippet] of snippets.entries()) {
      const dropped: string[] = [];
      const json = await hclToJson(`${kind}-${i}.tf`, snippet, dropped);
      const fixture = `trivy/${row.upstreamId}/${kind}-${i}.tf.json`;
      for (const d of dropped) skip(`${d} in ${fixture}`, 'Terraform rejects a duplicate address; JSON object keys cannot hold it');
      out.files.set(fixture, json);
      const all = addresses(json).sort();
      const ref = m.ref(`${examplesFile}#terraform.${kind}[${i}]`);
      out.cases.push({ rule: row.rule, upstream: 'trivy', upstreamId: row.upstreamId, fixture, source: ref, test: ref, pass: kind === 'good' ? all : [], fail: kind === 'bad' ? [ANY_RESOURCE] : [] });
    }
  }
}

async function main(): Promise<void> {
  const [checkovDir, trivyDir, rev = 'HEAD'] = process.argv.slice(2);
  if (checkovDir === undefined || trivyDir === undefined) {
    process.stderr.write('usage: tsx scripts/upstream/convert.ts <checkov git dir> <trivy-checks git dir> [rev]\n');
    process.exit(2);
  }
  const checkov = new Mirror(CHECKOV, checkovDir, rev);
  const trivyMirror = new Mirror(TRIVY, trivyDir, rev);
  const out: Output = { cases: [], notConverted: [], files: new Map() };
  for (const row of MANIFEST) {
    if (row.upstream === 'checkov') await convertCheckov(checkov, row, out);
    else await convertTrivy(trivyMirror, row, out);
  }
  const licence = (m: Mirror): string => (m.show('LICENSE') ?? '').split('\n').map((l) => l.trim()).filter((l) => l !== '').slice(0, 2).join(' ');
  const corpus: Corpus = {
    sources: {
      checkov: { repo: CHECKOV, commit: checkov.commit, licence: licence(checkov) },
      trivy: { repo: TRIVY, commit: trivyMirror.commit, licence: licence(trivyMirror) },
    },
    cases: out.cases,
    notConverted: out.notConverted,
  };
  for (const sub of ['checkov', 'trivy']) rmSync(path.join(CORPUS_DIR, sub), { recursive: true, force: true });
  for (const [file, json] of out.files) {
    mkdirSync(path.dirname(path.join(CORPUS_DIR, file)), { recursive: true });
    writeFileSync(path.join(CORPUS_DIR, file), `${JSON.stringify(json, null, 2)}\n`);
  }
  writeFileSync(path.join(CORPUS_DIR, 'expected.json'), `${JSON.stringify(corpus, null, 2)}\n`);
  process.stdout.write(`${out.cases.length} cases in ${out.files.size} fixtures; ${out.notConverted.length} items not converted\n`);
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
