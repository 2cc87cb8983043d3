/**
 * synth replaces only what eksguard wrote: dangerous targets are refused before anything is
 * written, a directory is replaced only when it carries the marker (or is empty, or is an earlier
 * eksguard's output), and whatever eksguard did not write survives every synth.
 */
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { Writable } from 'stream';
import { stringify } from 'yaml';
import { planOutput } from '../../src/app/output-dir';
import { synthesize } from '../../src/app/synth';
import { main } from '../../src/cli/main';
import { ConfigError } from '../../src/config/problems';
import { exampleInput, valid } from '../support/synth';

const EXAMPLE = readFileSync(path.join(__dirname, '../../examples/platform.yaml'), 'utf8');
const STACK = path.join('stacks', 'production-cluster');

/** Every entry under a directory, as relative path → file bytes, `<dir>` or `-> link target`. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const entry of readdirSync(path.join(dir, rel)).sort()) {
      const r = path.join(rel, entry);
      const stat = lstatSync(path.join(dir, r));
      if (stat.isSymbolicLink()) out[r] = `-> ${readlinkSync(path.join(dir, r))}`;
      else if (stat.isDirectory()) {
        out[r] = '<dir>';
        walk(r);
      } else out[r] = readFileSync(path.join(dir, r), 'utf8');
    }
  };
  walk('');
  return out;
}

/** A project: `.git/`, `platform.yaml` (the example), `notes.txt`, inside a fresh temporary directory. */
function project(): string {
  const dir = path.join(realpathSync(mkdtempSync(path.join(tmpdir(), 'eksguard-outdir-'))), 'project');
  mkdirSync(path.join(dir, '.git', 'refs'), { recursive: true });
  writeFileSync(path.join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  writeFileSync(path.join(dir, 'platform.yaml'), EXAMPLE);
  writeFileSync(path.join(dir, 'notes.txt'), 'my notes\n');
  return dir;
}

const savedCwd = process.cwd();
const savedEnv = { ...process.env };
beforeEach(async () => {
  delete process.env.CDKTF_OUTDIR;
  delete process.env.EKSGUARD_CONFIG;
  delete process.env.SYNTH_HCL_OUTPUT;
});
afterEach(() => {
  process.chdir(savedCwd);
  process.env = { ...savedEnv };
});

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = (await main(args, { write: (s: string) => ((stdout += s), true) } as never, { write: (s: string) => ((stderr += s), true) } as never));
  return { code, stdout, stderr };
}

/** Run in `cwd` and expect exit 1 with a line starting with `line`, the whole of `root` unchanged. */
async function expectRefused(root: string, cwd: string, args: string[], line: string): Promise<string> {
  const before = tree(root);
  process.chdir(cwd);
  const r = (await run(args));
  // A whole line, or the start of one: shows stderr when no line matches.
  expect(r.stderr.split('\n').some((l) => l.startsWith(line)) ? line : r.stderr).toBe(line);
  expect(r.stderr).toContain('nothing was written');
  expect(r.code).toBe(1);
  expect(tree(root)).toEqual(before);
  return r.stderr;
}

describe('dangerous output directories are refused before anything is written', () => {
  test('fails when --out is the project root, and leaves every file in place', async () => {
    const dir = project();
    const stderr = (await expectRefused(path.dirname(dir), dir, ['synth', '--config', 'platform.yaml', '--out', '.'], '[--out] is the working directory (got "."). Pass --out a directory of its own, e.g. --out cdktf.out.'));
    expect(stderr).toContain('eksguard: 1 problem(s) with the output directory .; nothing was written.');
  });

  test('fails when --out is a file, or a symlink to one', async () => {
    const dir = project();
    symlinkSync('platform.yaml', path.join(dir, 'config-link'));
    (await expectRefused(path.dirname(dir), dir, ['synth', '--config', 'platform.yaml', '--out', 'platform.yaml'], '[--out] is a file, not a directory (got "platform.yaml"). Pass --out a directory of its own, e.g. --out cdktf.out.'));
    (await expectRefused(path.dirname(dir), dir, ['synth', '--config', 'platform.yaml', '--out', 'config-link'], `[--out] resolves to ${path.join(dir, 'platform.yaml')}, which is a file, not a directory (got "config-link").`));
    (await expectRefused(path.dirname(dir), dir, ['synth', '--config', 'platform.yaml', '--out', 'notes.txt/cdktf.out'], `[--out] is below ${path.join(dir, 'notes.txt')}, which is not a directory (got "notes.txt/cdktf.out").`));
  });

  test('fails when --out is a directory eksguard did not write, naming what it holds', async () => {
    const dir = project();
    mkdirSync(path.join(dir, 'src'));
    writeFileSync(path.join(dir, 'src', 'index.ts'), 'export {};\n');
    mkdirSync(path.join(dir, 'src', 'lib'));
    (await expectRefused(path.dirname(dir), dir, ['synth', '--config', 'platform.yaml', '--out', 'src'], '[--out] is a directory eksguard did not write (it has no .eksguard-output marker) and holds index.ts, lib/ (got "src"). Pass --out a new or empty directory, or move what it holds away; an output of an earlier eksguard, holding only stacks/, manifest.json and eksguard-report.json, is replaced as it is.'));
  });

  test('fails when --out is the config file\'s directory, seen from another working directory', async () => {
    const dir = project();
    const elsewhere = mkdtempSync(path.join(tmpdir(), 'eksguard-cwd-'));
    const config = path.join(dir, 'platform.yaml');
    (await expectRefused(path.dirname(dir), elsewhere, ['synth', '--config', config, '--out', dir], `[--out] is the directory of the config file ${config} (got "${dir}").`));
  });

  test('fails when --out is an ancestor of the working directory or of the config file', async () => {
    const dir = project();
    mkdirSync(path.join(dir, 'infra'));
    const config = path.join(dir, 'infra', 'platform.yaml');
    writeFileSync(config, EXAMPLE);
    (await expectRefused(path.dirname(dir), path.join(dir, 'infra'), ['synth', '--config', 'platform.yaml', '--out', '..'], '[--out] contains the working directory (got "..").'));
    const elsewhere = mkdtempSync(path.join(tmpdir(), 'eksguard-cwd-'));
    (await expectRefused(path.dirname(dir), elsewhere, ['synth', '--config', config, '--out', path.dirname(dir)], `[--out] contains the config file ${config} (got "${path.dirname(dir)}").`));
  });

  test('fails when --out is a symlink to the project, resolving it first', async () => {
    const dir = project();
    symlinkSync(dir, path.join(dir, 'link-to-project'));
    (await expectRefused(path.dirname(dir), dir, ['synth', '--config', 'platform.yaml', '--out', './link-to-project'], `[--out] resolves to ${dir}, which is the working directory (got "./link-to-project").`));
    // Through the symlink and back up: the operating system's `..`, not the text's.
    mkdirSync(path.join(dir, 'deep', 'er'), { recursive: true });
    symlinkSync(path.join(dir, 'deep', 'er'), path.join(dir, 'shortcut'));
    (await expectRefused(path.dirname(dir), dir, ['synth', '--config', 'platform.yaml', '--out', 'shortcut/../..'], `[--out] resolves to ${dir}, which is the working directory (got "shortcut/../..").`));
  });

  test('fails when CDKTF_OUTDIR (set by the cdktf CLI) is the project root, naming CDKTF_OUTDIR', async () => {
    const dir = project();
    process.env.CDKTF_OUTDIR = dir;
    process.env.EKSGUARD_CONFIG = 'platform.yaml';
    (await expectRefused(path.dirname(dir), dir, ['synth'], `[CDKTF_OUTDIR] is the working directory (got "${dir}"). Set CDKTF_OUTDIR to a directory of its own, e.g. cdktf.out.`));
    process.env.CDKTF_OUTDIR = 'platform.yaml';
    (await expectRefused(path.dirname(dir), dir, ['synth'], '[CDKTF_OUTDIR] is a file, not a directory (got "platform.yaml").'));
    // --out wins over CDKTF_OUTDIR, and is the one named.
    (await expectRefused(path.dirname(dir), dir, ['synth', '--out', 'notes.txt'], '[--out] is a file, not a directory (got "notes.txt").'));
  });

  test('fails when --out is inside .git, or is the home directory', async () => {
    const dir = project();
    (await expectRefused(path.dirname(dir), dir, ['synth', '--config', 'platform.yaml', '--out', '.git/cdktf.out'], '[--out] is inside a .git directory (got ".git/cdktf.out").'));
    // A home of its own ($HOME, what ~ means), so the test can never reach the real one.
    const home = path.join(path.dirname(dir), 'users', 'alice');
    mkdirSync(home, { recursive: true });
    writeFileSync(path.join(home, '.profile'), 'export EDITOR=vi\n');
    process.env.HOME = home;
    (await expectRefused(path.dirname(dir), dir, ['synth', '--config', 'platform.yaml', '--out', home], `[--out] is the home directory (got "${home}").`));
    (await expectRefused(path.dirname(dir), dir, ['synth', '--config', 'platform.yaml', '--out', path.dirname(home)], `[--out] contains the home directory (got "${path.dirname(home)}").`));
  });

  test('fails when the output directory is the filesystem root', async () => {
    const root = path.parse(process.cwd()).root;
    expect(planOutput(root, { source: '--out' })).toEqual({ problems: [{ path: '--out', message: 'is the filesystem root', value: root, fix: 'Pass --out a directory of its own, e.g. --out cdktf.out' }] });
  });

  test('fails when a local stateDir is the output directory, and keeps the state files there', async () => {
    const dir = project();
    process.chdir(dir);
    expect((await run(['synth', '--config', 'platform.yaml', '--out', 'cdktf.out'])).code).toBe(0);
    writeFileSync(path.join(dir, 'cdktf.out', 'terraform.production-cluster.tfstate'), '{"version": 4}\n');
    const withStateDir = (stateDir: string) => writeFileSync(path.join(dir, 'platform.yaml'), EXAMPLE.replace(/^backend:.*$/m, `backend: { type: local, stateDir: ${stateDir} }`));
    withStateDir('cdktf.out');
    (await expectRefused(path.dirname(dir), dir, ['synth', '--config', 'platform.yaml', '--out', 'cdktf.out'], '[backend.stateDir] is inside the output directory cdktf.out, which every synth replaces (got "cdktf.out"). Keep state outside it, e.g. stateDir: . or state/.'));
    withStateDir('./cdktf.out/state');
    (await expectRefused(path.dirname(dir), dir, ['synth', '--config', 'platform.yaml', '--out', './cdktf.out'], '[backend.stateDir] is inside the output directory ./cdktf.out, which every synth replaces (got "./cdktf.out/state").'));
  });

  test('fails when a local stateDir reaches into the output through a symlink, or the output does not exist yet', async () => {
    const dir = project();
    process.chdir(dir);
    expect((await run(['synth', '--config', 'platform.yaml', '--out', 'cdktf.out'])).code).toBe(0);
    mkdirSync(path.join(dir, 'cdktf.out', 'state'));
    symlinkSync(path.join('cdktf.out', 'state'), path.join(dir, 'state-link'));
    const withStateDir = (stateDir: string) => writeFileSync(path.join(dir, 'platform.yaml'), EXAMPLE.replace(/^backend:.*$/m, `backend: { type: local, stateDir: ${stateDir} }`));
    withStateDir('state-link');
    (await expectRefused(path.dirname(dir), dir, ['synth', '--config', 'platform.yaml', '--out', 'cdktf.out'], '[backend.stateDir] is inside the output directory cdktf.out, which every synth replaces (got "state-link").'));
    // Read lexically (as the backend path is written) it is inside; through the symlink it is not.
    const elsewhere = mkdtempSync(path.join(tmpdir(), 'eksguard-elsewhere-'));
    mkdirSync(path.join(elsewhere, 'x'));
    symlinkSync(path.join(elsewhere, 'x'), path.join(dir, 'away'));
    withStateDir('away/../cdktf.out/stacks/production-cluster/assets');
    (await expectRefused(path.dirname(dir), dir, ['synth', '--config', 'platform.yaml', '--out', 'cdktf.out'], '[backend.stateDir] is inside the output directory cdktf.out, which every synth replaces (got "away/../cdktf.out/stacks/production-cluster/assets").'));
    withStateDir('build/out/state');
    (await expectRefused(path.dirname(dir), dir, ['synth', '--config', 'platform.yaml', '--out', 'build/out'], '[backend.stateDir] is inside the output directory build/out, which every synth replaces (got "build/out/state").'));
    expect(existsSync(path.join(dir, 'build'))).toBe(false);
  });

  test('fails in the library too: synthesize() refuses the working directory with every problem in a ConfigError', async () => {
    const dir = project();
    process.chdir(dir);
    const before = tree(path.dirname(dir));
    expect(() => synthesize(valid(exampleInput()), '.')).toThrow(ConfigError);
    expect(() => synthesize(valid(exampleInput()), '.')).toThrow('[outdir] is the working directory (got "."). Set outdir to a directory of its own, e.g. cdktf.out.');
    expect(tree(path.dirname(dir))).toEqual(before);
  });
});

describe('what synth may replace, and what it keeps', () => {
  test('a second synth into its own marked output replaces it, carrying Terraform\'s files and a user\'s files over', async () => {
    const dir = project();
    process.chdir(dir);
    expect((await run(['synth', '--config', 'platform.yaml', '--out', 'cdktf.out'])).code).toBe(0);
    const out = path.join(dir, 'cdktf.out');
    expect(JSON.parse(readFileSync(path.join(out, '.eksguard-output'), 'utf8'))).toMatchObject({ tool: 'eksguard', format: 1, entries: ['eksguard-report.json', 'manifest.json', 'stacks/'] });
    mkdirSync(path.join(out, STACK, '.terraform', 'providers'), { recursive: true });
    writeFileSync(path.join(out, STACK, '.terraform.lock.hcl'), '# lock\n');
    writeFileSync(path.join(out, STACK, 'plan.tfplan'), 'plan');
    writeFileSync(path.join(out, '.gitignore'), '*\n');
    // A stack the next config no longer has, with Terraform's files in it.
    mkdirSync(path.join(out, 'stacks', 'retired', '.terraform'), { recursive: true });
    writeFileSync(path.join(out, 'stacks', 'retired', 'cdk.tf.json'), '{}');
    writeFileSync(path.join(out, STACK, 'cdk.tf.json'), '{"stale": true}');

    const r = (await run(['synth', '--config', 'platform.yaml', '--out', 'cdktf.out']));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('kept 2 entries eksguard did not write: .gitignore, stacks/retired/.terraform');
    const after = tree(out);
    expect(after[path.join(STACK, '.terraform.lock.hcl')]).toBe('# lock\n');
    expect(after[path.join(STACK, '.terraform', 'providers')]).toBe('<dir>');
    expect(after[path.join(STACK, 'plan.tfplan')]).toBe('plan');
    expect(after['.gitignore']).toBe('*\n');
    expect(after[path.join('stacks', 'retired', '.terraform')]).toBe('<dir>');
    expect(after[path.join('stacks', 'retired', 'cdk.tf.json')]).toBeUndefined(); // eksguard's, replaced
    expect(JSON.parse(after[path.join(STACK, 'cdk.tf.json')]).resource).toBeDefined();
    // The project around it, and no temporary sibling left.
    expect(readdirSync(dir).sort()).toEqual(['.git', 'cdktf.out', 'notes.txt', 'platform.yaml']);
  });

  test('an empty existing directory is accepted', async () => {
    const dir = project();
    mkdirSync(path.join(dir, 'out'));
    process.chdir(dir);
    expect((await run(['synth', '--config', 'platform.yaml', '--out', 'out'])).code).toBe(0);
    expect(existsSync(path.join(dir, 'out', '.eksguard-output'))).toBe(true);
    expect(existsSync(path.join(dir, 'out', STACK, 'cdk.tf.json'))).toBe(true);
  });

  test('an earlier eksguard\'s output (no marker, exactly its shape) is replaced, keeping its Terraform files', async () => {
    const dir = project();
    process.chdir(dir);
    expect((await run(['synth', '--config', 'platform.yaml', '--out', 'cdktf.out'])).code).toBe(0);
    const out = path.join(dir, 'cdktf.out');
    // What the previous version left: no marker.
    rmSync(path.join(out, '.eksguard-output'));
    mkdirSync(path.join(out, STACK, '.terraform'));
    expect((await run(['synth', '--config', 'platform.yaml', '--out', 'cdktf.out'])).code).toBe(0);
    expect(existsSync(path.join(out, '.eksguard-output'))).toBe(true);
    expect(existsSync(path.join(out, STACK, '.terraform'))).toBe(true);
    // Versions before the rule pack wrote no eksguard-report.json.
    rmSync(path.join(out, '.eksguard-output'));
    rmSync(path.join(out, 'eksguard-report.json'));
    expect((await run(['synth', '--config', 'platform.yaml', '--out', 'cdktf.out'])).code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['.eksguard-output', 'eksguard-report.json', 'manifest.json', 'stacks']);
    expect(existsSync(path.join(out, STACK, '.terraform'))).toBe(true);
  });

  test('fails when an earlier output holds anything beyond its shape, or its marker cannot be read', async () => {
    const dir = project();
    process.chdir(dir);
    expect((await run(['synth', '--config', 'platform.yaml', '--out', 'cdktf.out'])).code).toBe(0);
    const out = path.join(dir, 'cdktf.out');
    rmSync(path.join(out, '.eksguard-output'));
    writeFileSync(path.join(out, 'terraform.tfstate'), '{"version": 4}\n');
    (await expectRefused(path.dirname(dir), dir, ['synth', '--config', 'platform.yaml', '--out', 'cdktf.out'], '[--out] is a directory eksguard did not write (it has no .eksguard-output marker) and holds eksguard-report.json, manifest.json, stacks/, terraform.tfstate (got "cdktf.out").'));
    writeFileSync(path.join(out, '.eksguard-output'), '{"tool": "eksguard", "format": 2, "entries": []}');
    (await expectRefused(path.dirname(dir), dir, ['synth', '--config', 'platform.yaml', '--out', 'cdktf.out'], '[--out] has a .eksguard-output marker eksguard cannot read (format 2, and this eksguard reads format 1) (got "cdktf.out"). Pass --out a new or empty directory, or remove the directory yourself if it is an output you no longer need.'));
  });

  test('a marker claims only what a synth writes: a user\'s file it lists is kept', async () => {
    const dir = project();
    process.chdir(dir);
    expect((await run(['synth', '--config', 'platform.yaml', '--out', 'cdktf.out'])).code).toBe(0);
    const out = path.join(dir, 'cdktf.out');
    writeFileSync(path.join(out, '.eksguard-output'), JSON.stringify({ tool: 'eksguard', format: 1, entries: ['notes.txt', '.git/', 'stacks/', 'manifest.json', 'eksguard-report.json'] }));
    writeFileSync(path.join(out, 'notes.txt'), 'kept\n');
    mkdirSync(path.join(out, '.git'));
    expect((await run(['synth', '--config', 'platform.yaml', '--out', 'cdktf.out'])).code).toBe(0);
    expect(readFileSync(path.join(out, 'notes.txt'), 'utf8')).toBe('kept\n');
    expect(existsSync(path.join(out, '.git'))).toBe(true);
  });

  test('fails when a marked output holds an entry of eksguard\'s name its marker does not list', async () => {
    const dir = project();
    process.chdir(dir);
    expect((await run(['synth', '--config', 'platform.yaml', '--out', 'cdktf.out'])).code).toBe(0);
    const out = path.join(dir, 'cdktf.out');
    // A marker that does not claim manifest.json leaves it the user's: refused, not replaced.
    writeFileSync(path.join(out, '.eksguard-output'), JSON.stringify({ tool: 'eksguard', format: 1, entries: ['stacks/', 'eksguard-report.json'] }));
    (await expectRefused(path.dirname(dir), dir, ['synth', '--config', 'platform.yaml', '--out', 'cdktf.out'], '[--out] holds manifest.json, which its .eksguard-output marker does not list as eksguard\'s (got "cdktf.out"). Move manifest.json out of the directory, or pass --out a new or empty directory.'));
  });

  test('a symlink to a marked output is followed: the target is replaced and the link stays', async () => {
    const dir = project();
    process.chdir(dir);
    expect((await run(['synth', '--config', 'platform.yaml', '--out', 'real-out'])).code).toBe(0);
    symlinkSync('real-out', path.join(dir, 'cdktf.out'));
    mkdirSync(path.join(dir, 'real-out', STACK, '.terraform'));
    expect((await run(['synth', '--config', 'platform.yaml', '--out', 'cdktf.out'])).code).toBe(0);
    expect(lstatSync(path.join(dir, 'cdktf.out')).isSymbolicLink()).toBe(true);
    expect(existsSync(path.join(dir, 'real-out', STACK, '.terraform'))).toBe(true);
  });

  test('the temporary siblings never clobber files of the same names', async () => {
    const dir = project();
    process.chdir(dir);
    const siblings = ['tmp', 'old', 'hcl'].map((kind) => `cdktf.out.${kind}-${process.pid}`);
    for (const s of siblings) writeFileSync(path.join(dir, s), `mine: ${s}\n`);
    for (const args of [[], [], ['--hcl']]) expect((await run(['synth', '--config', 'platform.yaml', '--out', 'cdktf.out', ...args])).code).toBe(0);
    for (const s of siblings) expect(readFileSync(path.join(dir, s), 'utf8')).toBe(`mine: ${s}\n`);
    expect(readdirSync(dir).sort()).toEqual(['.git', 'cdktf.out', ...siblings, 'notes.txt', 'platform.yaml'].sort());
  });

  test('fails when the rule pack stops the synth, and removes only what this run created', async () => {
    const dir = project();
    writeFileSync(path.join(dir, 'platform.yaml'), stringify({ ...exampleInput(), clusters: exampleInput().clusters.map((c: any) => ({ ...c, kubernetesVersion: '1.27', secretsStoreCsi: { driverChartVersion: '1.5.6' } })) }));
    const r = (await expectRefused(path.dirname(dir), dir, ['synth', '--config', 'platform.yaml', '--out', 'build/eksguard/cdktf.out'], 'eksguard: 1 guardrail error(s); nothing was written. Fix them, or acknowledge one with a reason under acknowledgements (rule, target, reason).'));
    expect(r).toContain('error [CKV_AWS_339]');
    expect(existsSync(path.join(dir, 'build'))).toBe(false);
  });
});

test('fails when --out has no value: exit 2, and nothing is written to a directory named "true"', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'eksguard-novalue-'));
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    let err = '';
    const sink = new Writable({ write(c, _e, cb) { err += c.toString(); cb(); } });
    expect((await main(['synth', '--out'], sink, sink))).toBe(2);
    expect(err).toContain('--out needs a value');
    expect(existsSync(path.join(dir, 'true'))).toBe(false);
  } finally {
    process.chdir(cwd);
  }
});
