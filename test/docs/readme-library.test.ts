/**
 * README's "Use it as a library" example is run as written (with `eksguard` mapped to src/): it
 * synthesizes two clusters into one stack at the addresses the README lists, passes EksGuardChecks
 * with its acknowledgements, and fails the synth with the README's error text without them.
 */
import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { transformSync } from '@swc/core';

const README = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
const section = README.slice(README.indexOf('## Use it as a library'));
const example = /```ts\n([\s\S]*?)```/.exec(section)![1];

function run(source: string): string {
  const outdir = path.join(mkdtempSync(path.join(tmpdir(), 'eksguard-readme-')), 'cdktf.out');
  const { code } = transformSync(source, { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } });
  const before = process.env.CDKTF_OUTDIR;
  process.env.CDKTF_OUTDIR = outdir;
  try {
    const req = (id: string) => (id === 'eksguard' ? require('../../src') : require(id));
    new Function('require', 'module', 'exports', code)(req, { exports: {} }, {});
  } finally {
    if (before === undefined) delete process.env.CDKTF_OUTDIR;
    else process.env.CDKTF_OUTDIR = before;
  }
  return outdir;
}

describe('README: Use it as a library', () => {
  test('the example synthesizes both clusters at the addresses the README lists, and passes the checks', () => {
    const outdir = run(example);
    const doc = JSON.parse(readFileSync(path.join(outdir, 'stacks', 'platform', 'cdk.tf.json'), 'utf8'));
    const listed = [...section.slice(0, section.indexOf('**`EksGuardChecks`**')).matchAll(/`(aws_[a-z_]+)\.([a-z_{},-]+)`/g)];
    expect(listed.length).toBeGreaterThan(5);
    for (const [, type, names] of listed) {
      const brace = /\{([^}]*)\}(.*)/.exec(names);
      const all = brace === null ? [names] : brace[1].split(',').map((n) => `${n}${brace[2]}`);
      for (const name of all) if (!['cluster', 'nodes', 'old_name'].includes(name)) expect(doc.resource[type]?.[name]).toBeDefined();
    }
    const report = JSON.parse(readFileSync(path.join(outdir, 'eksguard-report.json'), 'utf8'));
    expect(report.findings.filter((f: any) => f.severity === 'error')).toEqual([]);
    expect(report.acknowledged.map((a: any) => `${a.ruleId} ${a.address}`).sort()).toEqual(['AA-TRUST-WILDCARD aws_iam_role.demo', 'CKV_AWS_60 aws_iam_role.demo']);
  });

  test('fails as the README shows without the acknowledgements', () => {
    const without = example.replace(/EksGuardChecks\.acknowledge\(demo, \[[\s\S]*?\]\);\n/, '');
    expect(without).not.toContain('acknowledge(');
    let message = '';
    try {
      run(without);
    } catch (e) {
      message = (e as Error).message;
    }
    const shown = /```text\n([\s\S]*?)```/.exec(section)![1].split('\n').map((l) => l.trim()).filter((l) => l !== '');
    expect(message).toContain(shown[0]);
    expect(message).toContain(shown[1]);
    expect(message).toContain(shown[2].replace(/ \.\.\.$/, ''));
  });
});

describe('README: a config-driven app', () => {
  const block = /A config-driven app, in short:\n\n```ts\n([\s\S]*?)```/.exec(README)![1];

  test('renders every stack of each planned cluster as written (the example config for its elided clusters)', () => {
    expect(block).toContain("clusters: [/* ... */]");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { exampleInput } = require('../../bench/generate');
    const input = exampleInput();
    (globalThis as any).__readmeClusters = input.clusters;
    const source = block.replace(/region: '[^']*', accountId: '[^']*', clusters: \[\/\* \.\.\. \*\/\]/, `region: '${input.region}', accountId: '${input.accountId}', clusters: (globalThis as any).__readmeClusters`).replace(/'cdktf\.out'/g, 'process.env.CDKTF_OUTDIR');
    const outdir = run(source);
    const name = input.clusters[0].name;
    for (const stack of [name, `${name}-platform`, `${name}-workloads`]) {
      expect(JSON.parse(readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8')).resource).toBeDefined();
    }
  });
});
