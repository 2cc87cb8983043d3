/**
 * The package as a user gets it: `npm pack`, the tarball installed into a copy of
 * examples/library-app (a separate cdktf app) next to the newest constructs, WITHOUT network
 * (`npm ci --offline` from the npm cache that the main repository's `npm ci` filled: the consumer's
 * lockfile holds only versions the main lockfile pins, checked first), compiled by the consumer's
 * own tsc under strict flags and synthesized with plain node. Then the installed bin runs with node.
 */
import { execFileSync, spawnSync } from 'child_process';
import { createHash } from 'crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const APP = path.join(ROOT, 'examples', 'library-app');
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
const pkg = readJson(path.join(ROOT, 'package.json'));

interface LockEntry { version?: string; integrity?: string; resolved?: string }
const lockPackages = (file: string): Record<string, LockEntry> => readJson(file).packages;
/** `name@version integrity` of a lockfile entry (its key is a path ending in node_modules/<name>). */
const identity = (key: string, e: LockEntry) => `${key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length)}@${e.version} ${e.integrity}`;

/** npm with the environment of a user's shell: none of the variables `npm test` sets for this package. */
function env(): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(npm_package_|npm_lifecycle_|INIT_CWD$)/.test(k)) e[k] = v;
  return e;
}
const run = (cmd: string, args: string[], cwd: string) => {
  const r = spawnSync(cmd, args, { cwd, env: env(), encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
/** A view, typed as a plain Uint8Array (@types/node 20's Buffer predates TS 5.7's typed-array generics). */
const sha512 = (b: Buffer) => createHash('sha512').update(new Uint8Array(b.buffer, b.byteOffset, b.byteLength)).digest('base64');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

describe('the consumer app pins only what the main lockfile pins (so npm ci fills the cache it installs from)', () => {
  test('every package of examples/library-app/package-lock.json is in package-lock.json, same version and integrity', () => {
    const main = new Set(Object.entries(lockPackages(path.join(ROOT, 'package-lock.json'))).filter(([k]) => k !== '').map(([k, e]) => identity(k, e)));
    const missing = Object.entries(lockPackages(path.join(APP, 'package-lock.json')))
      .filter(([k]) => k !== '' && k !== 'node_modules/eksguard')
      .map(([k, e]) => identity(k, e))
      .filter((id) => !main.has(id));
    // To fix: align examples/library-app/package.json with package.json, then regenerate its lockfile
    // (npm pack; copy the tarball to examples/library-app/eksguard.tgz; npm install --package-lock-only there).
    expect(missing).toEqual([]);
  });

  test('the consumer uses the constructs, cdktf and providers that eksguard tests with (devDependencies), inside the peer ranges', () => {
    const app = readJson(path.join(APP, 'package.json'));
    for (const name of Object.keys(pkg.peerDependencies)) expect([name, app.dependencies[name]]).toEqual([name, pkg.devDependencies[name]]);
    expect(pkg.dependencies.constructs).toBeUndefined();
    expect(pkg.dependencies.cdktf).toBeUndefined();
  });
});

describe('npm pack, installed offline into examples/library-app, compiled strictly and synthesized with node', () => {
  let dir: string;
  let app: string;
  let tarball: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'eksguard-pack-'));
    // The build that prepare/prepack run (incremental: quick when dist/ is current), then the tarball of it.
    execFileSync(npm, ['run', 'build'], { cwd: ROOT, env: env(), stdio: 'pipe' });
    const packed = run(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], ROOT);
    if (packed.code !== 0) throw new Error(`npm pack failed: ${packed.err}`);
    tarball = path.join(dir, JSON.parse(packed.out)[0].filename);
    app = path.join(dir, 'app');
    cpSync(APP, app, { recursive: true, filter: (src) => !/[\\/](node_modules|dist|cdktf\.out)$/.test(src) });
    cpSync(tarball, path.join(app, 'eksguard.tgz'));
    // The lockfile records the tarball's integrity: this build's.
    const lock = readJson(path.join(app, 'package-lock.json'));
    lock.packages['node_modules/eksguard'].integrity = `sha512-${sha512(readFileSync(tarball))}`;
    writeFileSync(path.join(app, 'package-lock.json'), JSON.stringify(lock, null, 2));
    const ci = run(npm, ['ci', '--offline', '--no-audit', '--no-fund'], app);
    if (ci.code !== 0) throw new Error(`npm ci --offline in the consumer failed (is the npm cache filled by the main npm ci?):\n${ci.err}`);
  }, 240_000);
  afterAll(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  test('the tarball holds compiled JavaScript, declarations, the bin and the run-time files, and no sources or tests', () => {
    const list = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));
    for (const f of ['package.json', 'LICENSE', 'CHANGELOG.md', 'README.md', 'help', 'eksguard.schema.json', 'examples/platform.yaml', 'bin/eksguard.js', 'dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/cli/main.js', 'dist/stacks/cluster-stack.d.ts']) expect(list).toContain(f);
    expect(list.filter((f) => f.startsWith('test/') || (f.endsWith('.ts') && !f.endsWith('.d.ts')) || f.endsWith('.tsbuildinfo'))).toEqual([]);
  });

  test('one copy of constructs and cdktf: the app\'s (no nested copy under eksguard)', () => {
    expect(readJson(path.join(app, 'node_modules', 'constructs', 'package.json')).version).toBe(pkg.devDependencies.constructs);
    for (const peer of Object.keys(pkg.peerDependencies)) expect(existsSync(path.join(app, 'node_modules', 'eksguard', 'node_modules', peer))).toBe(false);
  });

  test('type-checks and compiles with the consumer\'s tsc under noUncheckedIndexedAccess and exactOptionalPropertyTypes, then synthesizes with plain node', () => {
    const tsconfig = readJson(path.join(app, 'tsconfig.json')).compilerOptions;
    expect([tsconfig.strict, tsconfig.noUncheckedIndexedAccess, tsconfig.exactOptionalPropertyTypes, tsconfig.skipLibCheck]).toEqual([true, true, true, true]);
    const tsc = run(process.execPath, [path.join(app, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], app);
    expect(tsc.out + tsc.err).toBe('');
    expect(tsc.code).toBe(0);
    const synth = run(process.execPath, ['dist/main.js'], app);
    expect(synth.err).toBe('');
    expect(synth.code).toBe(0);
    expect(readdirSync(path.join(app, 'cdktf.out', 'stacks')).sort()).toEqual(['shop', 'shop-workloads']);
    const cluster = readJson(path.join(app, 'cdktf.out', 'stacks', 'shop', 'cdk.tf.json'));
    expect(Object.values(cluster.resource.aws_eks_cluster).map((c: any) => c.name)).toEqual(['shop']);
    const workloads = readJson(path.join(app, 'cdktf.out', 'stacks', 'shop-workloads', 'cdk.tf.json'));
    const roles = Object.values(workloads.resource.aws_iam_role as Record<string, { assume_role_policy: string }>).map((r) => JSON.parse(r.assume_role_policy).Statement[0]);
    // orders uses IRSA (its own service account, by the sub claim), catalog Pod Identity.
    expect(roles.map((s) => s.Action).sort()).toEqual([['sts:AssumeRole', 'sts:TagSession'], 'sts:AssumeRoleWithWebIdentity'].sort());
    const irsa = roles.find((s) => s.Action === 'sts:AssumeRoleWithWebIdentity');
    expect(Object.entries(irsa.Condition.StringEquals).find(([k]) => k.endsWith(':sub'))?.[1]).toBe('system:serviceaccount:shop:orders');
  });

  test('the installed bin runs with node from any directory: --version, check of the app\'s output, the embedded example, the shipped schema', () => {
    const bin = path.join(app, 'node_modules', 'eksguard', 'bin', 'eksguard.js');
    expect(run(process.execPath, [bin, '--version'], dir).out).toBe(`${pkg.version}\n`);
    if (!existsSync(path.join(app, 'cdktf.out'))) expect(run(process.execPath, ['dist/main.js'], app).code).toBe(0);
    const check = run(process.execPath, [bin, 'check', 'cdktf.out'], app);
    expect(check.code).toBe(0);
    expect(check.out).toMatch(/^eksguard check: \d+ resources checked in 2 files/);
    // The embedded example is found inside the installed package; the output lands in the working directory.
    const synth = run(process.execPath, [bin, 'synth', '--out', 'example.out'], dir);
    expect(synth.code).toBe(0);
    expect(existsSync(path.join(dir, 'example.out', 'stacks', 'production-cluster', 'cdk.tf.json'))).toBe(true);
    const schema = run(process.execPath, [bin, 'schema'], dir);
    expect(JSON.parse(schema.out)).toEqual(readJson(path.join(app, 'node_modules', 'eksguard', 'eksguard.schema.json')));
    // The package's exports: the library entry and its package.json.
    const required = run(process.execPath, ['-e', "const e = require('eksguard'); console.log(typeof e.ClusterStack, require('eksguard/package.json').version)"], app);
    expect(required.out).toBe(`function ${pkg.version}\n`);
  });
});
