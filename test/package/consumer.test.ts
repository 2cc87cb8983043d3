/**
 * The package as a user gets it: `npm pack`, the tarball installed into a copy of
 * examples/library-app (a separate cdktf app) next to the newest constructs, WITHOUT network
 * (`npm ci --offline` from the npm cache that the main repository's `npm ci` filled: the consumer's
 * lockfile holds only versions the main lockfile pins, checked first), compiled by the consumer's
 * own tsc under strict flags and synthesized with plain node, several times with different switches
 * (one pack, install and compile for all of them). The app puts two clusters and their workloads in
 * one stack, `fleet`, and applies the EksGuardChecks Aspect to it: a planted violation fails its
 * synth naming the construct path, an acknowledgement with a reason on that construct passes it, one
 * on another construct does not. Then the installed bin runs with node.
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

/**
 * npm with the environment of a user's shell: none of the variables `npm test` sets for this
 * package, none of the consumer app's switches (CONSUMER_*, CDKTF_OUTDIR) unless `extra` sets them.
 */
function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(npm_package_|npm_lifecycle_|INIT_CWD$|CONSUMER_|CDKTF_OUTDIR$)/.test(k)) e[k] = v;
  return { ...e, ...extra };
}
const run = (cmd: string, args: string[], cwd: string, extra: Record<string, string> = {}) => {
  const r = spawnSync(cmd, args, { cwd, env: env(extra), encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
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

type Run = ReturnType<typeof run>;
type Resources = Record<string, Record<string, any>>;
/** Every `${...}` reference a resource body holds: `aws_iam_role.green_orders.arn` → `aws_iam_role.green_orders`, `local.green_oidc_issuer`. */
const references = (body: unknown): string[] =>
  [...JSON.stringify(body).matchAll(/\$\{([^}]*)\}/g)].flatMap((m) => [...m[1]!.matchAll(/\b((?:local|data\.[a-z0-9_]+|[a-z][a-z0-9_]*)\.[A-Za-z0-9_-]+)/g)].map((r) => r[1]!));

describe('npm pack, installed offline into examples/library-app, compiled strictly and synthesized with node', () => {
  let dir: string;
  let app: string;
  let tarball: string;
  let tsc: Run;
  /** The consumer's synth with plain node, into `<app>/<outdir>`, with the app's switches in `extra`. */
  const synth = (outdir: string, extra: Record<string, string> = {}) => ({ ...run(process.execPath, ['dist/main.js'], app, { CDKTF_OUTDIR: outdir, ...extra }), outdir: path.join(app, outdir) });
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
    // Compiled once; every test below runs the same dist/main.js.
    tsc = run(process.execPath, [path.join(app, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], app);
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
    expect(tsc.out + tsc.err).toBe('');
    expect(tsc.code).toBe(0);
    // The app's default output directory, as a user runs it (no switches).
    const synth = run(process.execPath, ['dist/main.js'], app);
    expect(synth.err).toBe('');
    expect(synth.code).toBe(0);
    expect(readdirSync(path.join(app, 'cdktf.out', 'stacks')).sort()).toEqual(['fleet', 'shop', 'shop-workloads']);
    const cluster = readJson(path.join(app, 'cdktf.out', 'stacks', 'shop', 'cdk.tf.json'));
    expect(Object.values(cluster.resource.aws_eks_cluster).map((c: any) => c.name)).toEqual(['shop']);
    const workloads = readJson(path.join(app, 'cdktf.out', 'stacks', 'shop-workloads', 'cdk.tf.json'));
    const roles = Object.values(workloads.resource.aws_iam_role as Record<string, { assume_role_policy: string }>).map((r) => JSON.parse(r.assume_role_policy).Statement[0]);
    // orders uses IRSA (its own service account, by the sub claim), catalog Pod Identity.
    expect(roles.map((s) => s.Action).sort()).toEqual([['sts:AssumeRole', 'sts:TagSession'], 'sts:AssumeRoleWithWebIdentity'].sort());
    const irsa = roles.find((s) => s.Action === 'sts:AssumeRoleWithWebIdentity');
    expect(Object.entries(irsa.Condition.StringEquals).find(([k]) => k.endsWith(':sub'))?.[1]).toBe('system:serviceaccount:shop:orders');
    // The Aspect checked the app's own stack and wrote its report (bound to fleet's bytes) beside stacks/.
    const report = readJson(path.join(app, 'cdktf.out', 'eksguard-report.json'));
    expect(Object.keys(report.digests)).toEqual(['stacks/fleet/cdk.tf.json']);
    expect(report.findings.filter((f: { severity: string }) => f.severity === 'error')).toEqual([]);
  });

  describe('two clusters and their workloads in one stack (fleet)', () => {
    let resources: Resources;
    let providers: Record<string, { alias?: string }[]>;
    let locals: Record<string, unknown>;
    beforeAll(() => {
      const r = synth('fleet.out');
      if (r.code !== 0) throw new Error(`the consumer synth failed:\n${r.err}`);
      const doc = readJson(path.join(r.outdir, 'stacks', 'fleet', 'cdk.tf.json'));
      resources = doc.resource;
      providers = doc.provider;
      locals = doc.locals ?? {};
    });
    const all = () => Object.entries(resources).flatMap(([type, byName]) => Object.entries(byName).map(([name, body]) => ({ address: `${type}.${name}`, name, body })));

    test('every resource has its own address, prefixed by its cluster construct (blue_ or green_), the same parts for each', () => {
      const list = all();
      // One resource per construct path: nothing merged into another (cdktf would merge two same-named ones silently).
      const paths = list.map((r) => r.body['//'].metadata.path as string);
      expect(new Set(paths).size).toBe(list.length);
      for (const r of list) expect([r.address, r.body['//'].metadata.path.split('/')[1]]).toEqual([r.address, r.name.split('_')[0]]);
      const of = (id: string) => list.filter((r) => r.name.startsWith(`${id}_`)).map((r) => r.address.replace(`.${id}_`, '.')).sort();
      expect(of('blue').length + of('green').length).toBe(list.length);
      expect(of('blue')).toEqual(of('green'));
      // Both clusters, each with an IRSA workload and a Pod Identity workload.
      expect(Object.keys(resources.aws_eks_cluster!).sort()).toEqual(['blue_eks', 'green_eks']);
      expect(Object.values(resources.aws_eks_cluster!).map((c) => c.name).sort()).toEqual(['fleet-blue', 'fleet-green']);
      for (const id of ['blue', 'green']) {
        expect(JSON.parse(resources.aws_iam_role![`${id}_orders`]!.assume_role_policy).Statement[0].Action).toBe('sts:AssumeRoleWithWebIdentity');
        expect(JSON.parse(resources.aws_iam_role![`${id}_catalog`]!.assume_role_policy).Statement[0].Action).toEqual(['sts:AssumeRole', 'sts:TagSession']);
        expect(resources.aws_eks_pod_identity_association![`${id}_catalog-association`]).toBeDefined();
        expect(resources.aws_eks_addon![`${id}_addons_eks-pod-identity-agent`]).toBeDefined();
      }
    });

    test('each cluster\'s resources reference only its own parts', () => {
      const addresses = new Set([...all().map((r) => r.address), ...Object.keys(locals).map((l) => `local.${l}`)]);
      let checked = 0;
      for (const r of [...all(), ...Object.entries(locals).map(([name, body]) => ({ address: `local.${name}`, name, body }))]) {
        const id = r.name.split('_')[0]!;
        for (const ref of references(r.body)) {
          checked++;
          // Every reference names a resource or a local of this stack, of the same cluster construct.
          expect([r.address, ref, addresses.has(ref)]).toEqual([r.address, ref, true]);
          expect([r.address, ref.split('.')[1]!.startsWith(`${id}_`)]).toEqual([r.address, true]);
        }
      }
      expect(checked).toBeGreaterThan(40);
      // Spot checks of the links that matter: trust → its own OIDC provider, association → its own cluster and role,
      // service account → its own role, through its own cluster's Kubernetes provider.
      for (const id of ['blue', 'green']) {
        const trust = JSON.parse(resources.aws_iam_role![`${id}_orders`]!.assume_role_policy).Statement[0];
        expect(trust.Principal.Federated).toBe(`\${aws_iam_openid_connect_provider.${id}_oidc.arn}`);
        expect(Object.keys(trust.Condition.StringEquals).sort()).toEqual([`\${local.${id}_oidc_issuer}:aud`, `\${local.${id}_oidc_issuer}:sub`]);
        const association = resources.aws_eks_pod_identity_association![`${id}_catalog-association`]!;
        expect([association.cluster_name, association.role_arn]).toEqual([`\${aws_eks_cluster.${id}_eks.name}`, `\${aws_iam_role.${id}_catalog.arn}`]);
        const sa = resources.kubernetes_service_account_v1![`${id}_orders-sa`]!;
        expect([sa.metadata.annotations['eks.amazonaws.com/role-arn'], sa.provider]).toEqual([`\${aws_iam_role.${id}_orders.arn}`, `kubernetes.${id}`]);
        expect(resources.aws_eks_cluster![`${id}_eks`]!.role_arn).toBe(`\${aws_iam_role.${id}_eks_cluster.arn}`);
        expect(resources.aws_eks_cluster![`${id}_eks`]!.encryption_config.provider.key_arn).toBe(`\${aws_kms_key.${id}_eks_secrets.arn}`);
      }
      expect(providers.kubernetes!.map((p) => p.alias).sort()).toEqual(['blue', 'green']);
    });
  });

  describe('the EksGuardChecks Aspect in the consumer app', () => {
    const planted = 'fleet/green/planted';
    const errorsOf = (r: Run) => r.err.split('\n').filter((l) => / error \[/.test(l)).map((l) => l.trim());

    test('a planted violation (a role anyone may assume, in green) fails the synth, naming its construct path', () => {
      const r = synth('planted.out', { CONSUMER_PLANT: '1' });
      expect(r.code).not.toBe(0);
      expect(r.err).toContain('Validation failed with the following errors');
      expect(r.err).toContain('[fleet] eksguard: 2 error finding(s) in stack fleet');
      const errors = errorsOf(r);
      expect(errors.map((l) => l.slice(0, l.indexOf(':')))).toEqual([
        `[${planted}] error [AA-TRUST-WILDCARD] fleet/aws_iam_role.green_planted_7936A8A9`,
        `[${planted}] error [CKV_AWS_60] fleet/aws_iam_role.green_planted_7936A8A9`,
      ]);
      // Nothing of the failed stack was written, nor a report.
      expect(existsSync(path.join(r.outdir, 'stacks', 'fleet'))).toBe(false);
      expect(existsSync(path.join(r.outdir, 'eksguard-report.json'))).toBe(false);
    });

    test('an acknowledgement with a reason on that construct passes the synth; the report and eksguard check carry it', () => {
      const r = synth('acknowledged.out', { CONSUMER_PLANT: '1', CONSUMER_ACK: 'green/planted' });
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      const report = readJson(path.join(r.outdir, 'eksguard-report.json'));
      expect(report.findings.filter((f: { severity: string }) => f.severity === 'error')).toEqual([]);
      expect(report.acknowledged.map((f: any) => [f.ruleId, f.address, f.acknowledgement.source, f.acknowledgement.reason])).toEqual(['AA-TRUST-WILDCARD', 'CKV_AWS_60'].map((rule) => [
        rule, 'aws_iam_role.green_planted_7936A8A9', `EksGuardChecks.acknowledge(${planted})`, 'consumer test: the planted role is never deployed',
      ]));
      // The installed CLI honours the Aspect's acknowledgements for those exact bytes.
      const check = run(process.execPath, [path.join(app, 'node_modules', 'eksguard', 'bin', 'eksguard.js'), 'check', 'acknowledged.out'], app);
      expect(check.code).toBe(0);
      expect(check.out).toMatch(/^acknowledged \[CKV_AWS_60\] fleet\/aws_iam_role\.green_planted_7936A8A9: consumer test/m);
    });

    test('an acknowledgement on a parent construct (green) covers it too', () => {
      const r = synth('parent.out', { CONSUMER_PLANT: '1', CONSUMER_ACK: 'green' });
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
    });

    test('an acknowledgement on a different construct (blue, or green\'s orders role) does not silence it', () => {
      for (const other of ['blue', 'green/orders']) {
        const r = synth(`other-${other.replace('/', '-')}.out`, { CONSUMER_PLANT: '1', CONSUMER_ACK: other });
        expect([other, r.code === 0]).toEqual([other, false]);
        expect(errorsOf(r).map((l) => l.slice(0, l.indexOf(']') + 1))).toEqual([`[${planted}]`, `[${planted}]`]);
      }
    });
  });

  test('the installed bin runs with node from any directory: --version, check of the app\'s output, the embedded example, the shipped schema', () => {
    const bin = path.join(app, 'node_modules', 'eksguard', 'bin', 'eksguard.js');
    expect(run(process.execPath, [bin, '--version'], dir).out).toBe(`${pkg.version}\n`);
    if (!existsSync(path.join(app, 'cdktf.out'))) expect(run(process.execPath, ['dist/main.js'], app).code).toBe(0);
    const check = run(process.execPath, [bin, 'check', 'cdktf.out'], app);
    expect(check.code).toBe(0);
    expect(check.out).toMatch(/^eksguard check: \d+ resources checked in 3 files/);
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
