/**
 * Issue 12, the tool in CI: `synth --sarif FILE` writes a valid SARIF log whatever the outcome (config
 * problems and guardrail errors become results at their config lines), never over a file it did not
 * write; `review --allow-empty-base` reviews a first pull request (no base yet) as everything new; an
 * internal error has its own exit code (4), distinct from findings (1), usage (2) and widening (3).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { main } from '../../src/cli/main';
import { exampleInput, tempOut } from '../support/synth';

jest.setTimeout(120_000);

const run = async (args: string[], out: (s: string) => boolean = () => true) => {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { write: (s: string) => ((stdout += s), out(s)) } as never, { write: (s: string) => ((stderr += s), true) } as never);
  return { code, stdout, stderr };
};
const workdir = () => mkdtempSync(path.join(tmpdir(), 'eksguard-wf-'));
const configIn = (dir: string, input: unknown) => {
  const file = path.join(dir, 'platform.yaml');
  writeFileSync(file, stringify(input));
  return file;
};
const sarifOf = (file: string) => {
  const log = JSON.parse(readFileSync(file, 'utf8'));
  expect(log.version).toBe('2.1.0');
  expect(log.runs).toHaveLength(1);
  return log.runs[0];
};
/** Line (1-based) of the first line of the file containing `text`. */
const lineWith = (file: string, text: string) => readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(text)) + 1;

describe('synth --sarif', () => {
  test('a synth that passes writes its warnings and acknowledged findings', async () => {
    const dir = workdir();
    const sarif = path.join(dir, 'eksguard.sarif');
    const r = await run(['synth', '--config', configIn(dir, exampleInput()), '--out', path.join(dir, 'out'), '--sarif', sarif]);
    expect(r.code).toBe(0);
    const log = sarifOf(sarif);
    expect(log.results.every((x: any) => x.level !== 'error' || x.suppressions !== undefined)).toBe(true);
  });

  test('guardrail errors stop the synth and become error results at their config lines', async () => {
    const dir = workdir();
    const input = exampleInput();
    input.clusters[0].kubernetesVersion = '1.27';
    input.clusters[0].secretsStoreCsi = { driverChartVersion: '1.5.6' };
    const config = configIn(dir, input);
    const sarif = path.join(dir, 'eksguard.sarif');
    const r = await run(['synth', '--config', config, '--out', path.join(dir, 'out'), '--sarif', sarif]);
    expect(r.code).toBe(1);
    const result = sarifOf(sarif).results.find((x: any) => x.ruleId === 'CKV_AWS_339');
    expect(result.level).toBe('error');
    const [where] = result.locations;
    expect(where.physicalLocation.artifactLocation.uri).toBe(path.relative(process.cwd(), config).split(path.sep).join('/'));
    expect(where.physicalLocation.region.startLine).toBe(lineWith(config, 'name: production-cluster'));
    // Nothing was written, so the resource is located by its address alone.
    expect(result.locations[1].physicalLocation).toBeUndefined();
    expect(result.locations[1].logicalLocations[0].fullyQualifiedName).toBe('production-cluster/aws_eks_cluster.production-cluster');
  });

  test('config problems become results at the field line', async () => {
    const dir = workdir();
    const input = exampleInput();
    input.clusters[0].workloads[0].namespace = 'Not_A_Label';
    const config = configIn(dir, input);
    const sarif = path.join(dir, 'eksguard.sarif');
    const r = await run(['synth', '--config', config, '--out', path.join(dir, 'out'), '--sarif', sarif]);
    expect(r.code).toBe(1);
    const log = sarifOf(sarif);
    const result = log.results.find((x: any) => x.ruleId === 'EKSGUARD-CONFIG');
    expect(result.message.text).toContain('[clusters[0].workloads[0].namespace]');
    expect(result.locations[0].physicalLocation.region.startLine).toBe(lineWith(config, 'Not_A_Label'));
    expect(log.tool.driver.rules.map((x: any) => x.id)).toContain('EKSGUARD-CONFIG');
  });

  test('never replaces a file it did not write: --sarif naming the config is bad usage, and nothing is written', async () => {
    const dir = workdir();
    const config = configIn(dir, exampleInput());
    const before = readFileSync(config, 'utf8');
    const r = await run(['synth', '--config', config, '--out', path.join(dir, 'out'), '--sarif', config]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not a SARIF log eksguard would replace');
    expect(readFileSync(config, 'utf8')).toBe(before);
  });
});

describe('review --allow-empty-base', () => {
  test('a base that does not exist yet reviews every resource of the head as new', async () => {
    const head = tempOut();
    expect((await run(['synth', '--out', head])).code).toBe(0);
    const missing = path.join(workdir(), 'no-base-yet');
    expect((await run(['review', '--base', missing, '--head', head])).code).toBe(1);
    const r = await run(['review', '--base', missing, '--head', head, '--allow-empty-base', '--format', 'json', '--fail-on', 'broadening']);
    expect(r.stderr).toContain('reviewing every resource of the head as new');
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout).broadening).toBeGreaterThan(0);
  });

  test('the head must never be empty', async () => {
    const r = await run(['review', '--base', workdir(), '--head', workdir(), '--allow-empty-base']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--head holds no Terraform');
  });
});

test('an internal error exits 4, distinct from findings (1), usage (2) and widening (3)', async () => {
  const r = await run(['schema'], () => {
    throw new Error('stdout closed');
  });
  expect(r.code).toBe(4);
  expect(r.stderr).toContain('internal error');
});
