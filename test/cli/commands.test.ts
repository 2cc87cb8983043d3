/**
 * The command line: node:util parseArgs per command, --version, <command> --help, `rules`, `-` for
 * stdin, paths from the working directory, and one problem line with exit 2 for bad usage.
 */
import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { Readable, Writable } from 'stream';
import { COMMANDS, commandHelp, main } from '../../src/cli/main';
import { jsonSchema } from '../../src/cli/main';
import { RULES } from '../../src/rules';
import { RULE_IDS } from '../../src/rules/ids';

const ROOT = path.join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

async function run(argv: string[], stdin?: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const sink = (write: (s: string) => void) => new Writable({ write: (c, _e, cb) => (write(String(c)), cb()) });
  const input = Readable.from(stdin === undefined ? [] : [Buffer.from(stdin)]);
  const code = await main(argv, sink((s) => (out += s)), sink((s) => (err += s)), input);
  return { code, out, err };
}

describe('--version and help', () => {
  test('--version prints the package version', async () => {
    expect(await run(['--version'])).toEqual({ code: 0, out: `${pkg.version}\n`, err: '' });
    expect((await run(['-v'])).out).toBe(`${pkg.version}\n`);
  });

  // Every command has its own help, taken from the help file, and it names every option the parser accepts.
  test.each(Object.keys(COMMANDS))('%s --help prints its usage and every option it accepts', async (command) => {
    for (const flag of ['--help', '-h']) {
      const r = await run([command, flag]);
      expect(r.code).toBe(0);
      expect(r.err).toBe('');
      expect(r.out.split('\n')[0]).toMatch(new RegExp(`^Usage: eksguard ${command}( |$)`));
      for (const option of Object.keys(COMMANDS[command]!.options)) expect(r.out).toContain(`--${option}`);
    }
    expect((await run(['help', command])).out).toBe(commandHelp(command));
  });

  test('help, --help and no command print the whole help file, which lists every command', async () => {
    const text = readFileSync(path.join(ROOT, 'help'), 'utf8');
    for (const argv of [[], ['help'], ['--help'], ['-h']]) expect((await run(argv)).out).toBe(text);
    for (const command of Object.keys(COMMANDS)) expect(text).toMatch(new RegExp(`^  ${command}( |$)`, 'm'));
  });
});

describe('usage errors: one problem line, exit 2', () => {
  test.each([
    [['synth', '--outdir', 'x'], /^eksguard: unknown option --outdir for synth; allowed: --config, --out, --hcl, --sarif, --help/],
    [['check', 'cdktf.out', '--formt', 'json'], /^eksguard: unknown option --formt for check/],
    [['schema', '--pretty'], /^eksguard: unknown option --pretty for schema/],
    [['rules', '-x'], /^eksguard: unknown option -x for rules/],
    [['synth', '--out'], /^eksguard: --out needs a value \(--out VALUE or --out=VALUE\)/],
    [['synth', '--config', '--hcl'], /^eksguard: --config needs a value/],
    [['check', 'x', '--allow-empty=yes'], /^eksguard: --allow-empty takes no value/],
    [['synth', 'platform.yaml'], /^eksguard: synth takes no positional arguments \(got platform.yaml\)/],
    [['deploy'], /^eksguard: unknown command "deploy"; commands: synth, check, review, rules, schema, migrate-aws-auth, help/],
    [['rules', '--format', 'xml'], /^eksguard: --format must be text or json/],
    [['help', 'deploy'], /^eksguard: no help for "deploy"/],
    [['--version', 'x'], /^eksguard: --version takes nothing else/],
  ])('fails when %j', async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(message);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });

  test('a value that starts with a dash is taken when written --flag=value', async () => {
    // --out=-x is a value (an odd directory name), not a forgotten one; synth then judges it.
    const r = await run(['synth', '--config', path.join(ROOT, 'does-not-exist.yaml'), '--out=-x']);
    expect(r.code).toBe(1);
    expect(r.err).not.toMatch(/needs a value/);
  });
});

describe('rules', () => {
  test('text: every rule with its severity, title, why, fix and how to acknowledge', async () => {
    const r = await run(['rules']);
    expect(r.code).toBe(0);
    for (const rule of RULES) {
      expect(r.out).toContain(`${rule.id} (${rule.severity}): ${rule.title}\n`);
      expect(r.out).toContain(`  why:         ${rule.why}\n`);
      expect(r.out).toContain(`  acknowledge: acknowledgements: [{ rule: ${rule.id}, target: "<stack>/${rule.types[0]}.<name>"`);
    }
  });

  test('json: the same list, in pack order, each rule with a why of its own', async () => {
    const r = await run(['rules', '--format', 'json']);
    const list = JSON.parse(r.out).rules as Array<{ id: string; severity: string; why: string; fix: string; acknowledge: { rule: string; target: string } }>;
    expect(list.map((x) => x.id)).toEqual([...RULE_IDS]);
    for (const x of list) {
      expect(x.why.length).toBeGreaterThan(40);
      expect(x.why).not.toBe(x.fix);
      expect(x.acknowledge.rule).toBe(x.id);
    }
  });

  test('fails when a rule has no why (every rule in the pack states why it matters)', () => {
    expect(RULES.filter((r) => typeof r.why !== 'string' || r.why.trim().length === 0).map((r) => r.id)).toEqual([]);
  });
});

describe('stdin', () => {
  const AWS_AUTH = readFileSync(path.join(ROOT, 'examples', 'aws-auth.yaml'), 'utf8');

  test('migrate-aws-auth - reads the ConfigMap from stdin, as from a file', async () => {
    const fromFile = await run(['migrate-aws-auth', path.join(ROOT, 'examples', 'aws-auth.yaml')]);
    const fromStdin = await run(['migrate-aws-auth', '-'], AWS_AUTH);
    expect(fromStdin.code).toBe(0);
    expect(fromStdin.out).toBe(fromFile.out);
    expect(fromStdin.out).toContain('principalArn: arn:aws:iam::123456789012:role/DeveloperRole');
  });

  test('fails when stdin is not the aws-auth ConfigMap: exit 1, naming stdin', async () => {
    const r = await run(['migrate-aws-auth', '-'], 'kind: Pod\n');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^eksguard: stdin: /);
  });
});

describe('check - (one Terraform document on stdin)', () => {
  const PARITY = path.join(ROOT, 'test', 'data', 'inputs', 'parity');
  // The same findings as checking the file itself; the stack is named stdin, the file -.
  const findings = (out: string) => (JSON.parse(out).findings as Array<{ rule: string; address: string; file: string; stack: string }>).map((f) => `${f.rule} ${f.address}`).sort();
  test.each([
    ['plan JSON (terraform show -json plan.out | eksguard check -)', path.join(PARITY, 'plan.json')],
    ['Terraform JSON', path.join(PARITY, 'json', 'main.tf.json')],
    ['HCL', path.join(PARITY, 'hcl', 'main.tf')],
  ])('%s: the findings of the file, named -', async (_kind, file) => {
    const fromFile = await run(['check', file, '--format', 'json']);
    const fromStdin = await run(['check', '-', '--format', 'json'], readFileSync(file, 'utf8'));
    expect(fromStdin.code).toBe(fromFile.code);
    expect(findings(fromStdin.out)).toEqual(findings(fromFile.out));
    expect(findings(fromStdin.out).length).toBeGreaterThan(0);
    for (const f of JSON.parse(fromStdin.out).findings) expect([f.file, f.stack]).toEqual(['-', 'stdin']);
    expect(fromStdin.out).not.toContain('eksguard-stdin-');
  });

  test('SARIF locates stdin findings in -, never in the temporary file', async () => {
    const r = await run(['check', '-', '--format', 'sarif'], readFileSync(path.join(PARITY, 'plan.json'), 'utf8'));
    const uris = JSON.parse(r.out).runs[0].results.map((x: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) => x.locations[0]!.physicalLocation.artifactLocation.uri);
    expect(uris.length).toBeGreaterThan(0);
    expect(new Set(uris)).toEqual(new Set(['-']));
  });

  test('fails when stdin holds no Terraform: exit 1, 0 resources checked', async () => {
    const r = await run(['check', '-'], 'hello: world\n');
    expect(r.code).toBe(1);
  });

  test('fails when - is given twice: exit 2', async () => {
    expect((await run(['check', '-', '-'], '{}')).code).toBe(2);
  });
});

describe('the schema', () => {
  test('every property has a description, and the shipped eksguard.schema.json is the schema the CLI prints', async () => {
    const schema = jsonSchema();
    const undescribed: string[] = [];
    let properties = 0;
    (function walk(x: unknown, at: string): void {
      if (Array.isArray(x)) return x.forEach((y, i) => walk(y, `${at}[${i}]`));
      if (x === null || typeof x !== 'object') return;
      const props = (x as { properties?: Record<string, { description?: string }> }).properties;
      for (const [k, v] of Object.entries(props ?? {})) {
        properties++;
        if (typeof v.description !== 'string' || v.description.length < 5) undescribed.push(`${at}.${k}`);
      }
      for (const [k, v] of Object.entries(x)) walk(v, `${at}/${k}`);
    })(schema, '');
    expect(properties).toBeGreaterThan(150);
    expect(undescribed).toEqual([]);
    // Regenerate with: npm run -s eksguard -- schema > eksguard.schema.json
    expect(JSON.parse(readFileSync(path.join(ROOT, 'eksguard.schema.json'), 'utf8'))).toEqual(schema);
    expect((await run(['schema'])).out).toBe(`${JSON.stringify(schema, null, 2)}\n`);
  });

  test('the example config points editors at the schema', () => {
    expect(readFileSync(path.join(ROOT, 'examples', 'platform.yaml'), 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=../eksguard.schema.json');
  });
});

describe('the bin, as npm runs it: paths are relative to the directory the user ran npm from', () => {
  const bin = path.join(ROOT, 'bin', 'eksguard.js');
  const built = existsSync(path.join(ROOT, 'dist', 'src', 'cli', 'main.js'));
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), 'eksguard-cwd-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('dist/ is built (npm ci runs prepare; npm run build otherwise)', () => expect(built).toBe(true));

  test('npm run eksguard -- synth --out DIR from another directory writes DIR there, not in the package root', () => {
    // npm runs the script in the package root with INIT_CWD set to where the user ran it.
    const env = { ...process.env, INIT_CWD: dir, npm_lifecycle_event: 'eksguard', npm_package_name: 'eksguard' };
    const r = spawnSync(process.execPath, [bin, 'synth', '--out', 'relative.out'], { cwd: ROOT, env, encoding: 'utf8' });
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.status).toBe(0);
    expect(existsSync(path.join(dir, 'relative.out', 'stacks', 'production-cluster', 'cdk.tf.json'))).toBe(true);
    expect(existsSync(path.join(ROOT, 'relative.out'))).toBe(false);
    const check = spawnSync(process.execPath, [bin, 'check', 'relative.out'], { cwd: ROOT, env, encoding: 'utf8' });
    expect(check.status).toBe(0);
    expect(check.stdout).toMatch(/^eksguard check: \d+ resources checked/);
  });

  test('run directly (npx eksguard, or the installed bin), paths are the working directory\'s', () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.INIT_CWD;
    delete env.npm_lifecycle_event;
    const r = spawnSync(process.execPath, [bin, 'check', 'relative.out', '--format', 'json'], { cwd: dir, env, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).findings).toEqual([]);
  });
});
