/**
 * The rule pack's thread (src/app/cluster-checks.ts): a large platform synthesized by the compiled
 * package checks its clusters on a worker thread; what it writes (every stack file and the report)
 * and what it refuses are exactly what the main-thread path (these TypeScript sources) writes and
 * refuses. The compiled package is built first (as prepare does; quick when dist/ is current).
 */
import { execFileSync, spawnSync } from 'child_process';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { fleetInput } from '../../bench/generate';
import { synthesize } from '../../src/app/synth';
import { GuardrailError } from '../../src/app/guardrails';
import { startClusterChecks, THREAD_FROM_WORKLOADS } from '../../src/app/cluster-checks';
import { filesOf, tempOut, valid } from '../support/synth';

const ROOT = path.join(__dirname, '..', '..');

/** Run `script` with node in the package root (the compiled modules are under dist/). */
function node(script: string, args: string[] = []): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['-e', script, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, EKSGUARD_TODAY: '2026-12-03' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Synthesize CONFIG into OUT with the compiled package; prints what ran the checks, or the guardrail findings. */
const COMPILED_SYNTH = `
const { readFileSync } = require('fs');
const { validateConfig } = require('./dist/src/config');
const { synthesize } = require('./dist/src/app/synth');
const { GuardrailError } = require('./dist/src/app/guardrails');
const checks = require('./dist/src/app/cluster-checks');
const [config, out] = process.argv.slice(1);
const probe = checks.startClusterChecks(${THREAD_FROM_WORKLOADS});
console.log(probe.constructor.name);
probe.close();
const v = validateConfig(JSON.parse(readFileSync(config, 'utf8')));
try {
  synthesize(v.config, out);
  console.log('synthesized');
} catch (e) {
  if (!(e instanceof GuardrailError)) throw e;
  console.log(JSON.stringify(e.findings));
}
`;

function large(): any {
  // Two clusters of THREAD_FROM_WORKLOADS / 2 workloads: just at the size the thread starts.
  return fleetInput(2, THREAD_FROM_WORKLOADS / 2, 2);
}

/** Every file, the output directory written as <out> (the report's digests are of identical bytes). */
function outputOf(dir: string): Record<string, string> {
  return Object.fromEntries(Object.entries(filesOf(dir)).map(([f, text]) => [f, text.split(dir).join('<out>')]));
}

describe("the rule pack's thread", () => {
  beforeAll(() => {
    execFileSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'pipe' });
  }, 300_000);

  test('the main thread checks a platform below the size, and always from the TypeScript sources', () => {
    for (const n of [0, THREAD_FROM_WORKLOADS - 1, THREAD_FROM_WORKLOADS, 100_000]) {
      const c = startClusterChecks(n);
      expect(c.constructor.name).toBe('InlineChecks');
      c.close();
    }
  });

  test('a large platform: the compiled package checks on the thread and writes exactly what the main-thread path writes', () => {
    const input = large();
    const configFile = path.join(mkdtempSync(path.join(tmpdir(), 'eksguard-thread-')), 'platform.json');
    writeFileSync(configFile, JSON.stringify(input));
    const threaded = tempOut();
    const r = node(COMPILED_SYNTH, [configFile, threaded]);
    expect(r.stderr.split('\n').filter((l) => !l.startsWith('warning') && l !== '')).toEqual([]);
    expect(r.stdout.split('\n').slice(0, 2)).toEqual(['ThreadChecks', 'synthesized']);
    const inline = tempOut();
    process.env.EKSGUARD_TODAY = '2026-12-03';
    try {
      synthesize(valid(input), inline);
    } finally {
      delete process.env.EKSGUARD_TODAY;
    }
    const expected = outputOf(inline);
    const actual = outputOf(threaded);
    expect(Object.keys(actual)).toEqual(Object.keys(expected));
    for (const f of Object.keys(expected)) expect({ f, text: actual[f] }).toEqual({ f, text: expected[f] });
    expect(JSON.parse(expected['eksguard-report.json']).acknowledged.length).toBeGreaterThan(0);
  }, 300_000);

  test('a guardrail error found on the thread stops the synth with the findings the main thread finds, and writes nothing', () => {
    const input = large();
    input.clusters[1].kubernetesVersion = '1.27'; // valid config, but a version scanners no longer accept
    input.clusters[1].secretsStoreCsi = { driverChartVersion: '1.5.6' };
    const configFile = path.join(mkdtempSync(path.join(tmpdir(), 'eksguard-thread-')), 'platform.json');
    writeFileSync(configFile, JSON.stringify(input));
    const threaded = tempOut();
    const r = node(COMPILED_SYNTH, [configFile, threaded]);
    const [ran, findings] = r.stdout.split('\n');
    expect(ran).toBe('ThreadChecks');
    let expected: unknown;
    try {
      synthesize(valid(input), tempOut());
    } catch (e) {
      expect(e).toBeInstanceOf(GuardrailError);
      expected = JSON.parse(JSON.stringify((e as GuardrailError).findings).split(path.dirname(tempOut())).join('<tmp>'));
    }
    expect(expected).toBeDefined();
    const got = JSON.parse(findings.split(path.dirname(tempOut())).join('<tmp>'));
    // The files differ by output directory only: compare what each finding says.
    const strip = (fs: any[]) => fs.map(({ file: _file, ...f }) => f);
    expect(strip(got)).toEqual(strip(expected as any[]));
    expect(strip(got).some((f: any) => f.ruleId === 'CKV_AWS_339')).toBe(true);
    expect(() => filesOf(threaded)).toThrow();
  }, 300_000);

  test('a check that fails on the thread fails the synth with its error, not a hang', () => {
    const r = node(`
      const { startClusterChecks } = require('./dist/src/app/cluster-checks');
      const c = startClusterChecks(${THREAD_FROM_WORKLOADS});
      c.submit({ stackDirs: ['/nonexistent/eksguard/stacks/x'], outdir: '/nonexistent', finalOutdir: '/nonexistent', trustPolicyMaxChars: 2048, configPaths: [] });
      try { c.results(); console.log('no error'); } catch (e) { console.log(c.constructor.name + ': ' + e.message); } finally { c.close(); }
    `);
    expect(r.stdout).toMatch(/^ThreadChecks: .*nonexistent/);
  }, 60_000);
});
