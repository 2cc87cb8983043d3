import { existsSync, readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { main } from '../../src/cli/main';
import { validateConfig } from '../../src/config';
import { splitPermissions } from '../../src/policy/document';
import { identityDecision } from '../support/iam';
import { exampleInput, filesOf, stackJson, synthTo, tempOut } from '../support/synth';

const run = (args: string[], env: Record<string, string> = {}) => {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  let stdout = '';
  let stderr = '';
  try {
    const code = main(args, { write: (s: string) => ((stdout += s), true) } as never, { write: (s: string) => ((stderr += s), true) } as never);
    return { code, stdout, stderr };
  } finally {
    process.env = saved;
  }
};
const configFile = (input: unknown) => {
  const file = path.join(path.dirname(tempOut()), 'platform.yaml');
  writeFileSync(file, stringify(input));
  return file;
};
const unsupported = () => {
  const input = exampleInput();
  input.clusters[0].kubernetesVersion = '1.27'; // valid config, but a version scanners no longer accept
  input.clusters[0].secretsStoreCsi = { driverChartVersion: '1.5.6' }; // the default driver chart needs Kubernetes 1.30
  return input;
};

describe('guardrails at synth', () => {
  test('an error finding stops the synth with every finding listed, and leaves earlier output untouched', () => {
    const dir = tempOut();
    expect(run(['synth', '--out', dir]).code).toBe(0);
    const before = filesOf(dir);
    const r = run(['synth', '--config', configFile(unsupported()), '--out', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error [CKV_AWS_339] production-cluster/aws_eks_cluster.production-cluster (clusters[0]): EKS version outside the supported range: version 1.27.');
    expect(r.stderr).toContain('guardrail error(s); nothing was written');
    expect(filesOf(dir)).toEqual(before);
  });

  test('an acknowledgement with a reason accepts the finding, and the report lists it', () => {
    const input = unsupported();
    input.acknowledgements = [{ rule: 'CKV_AWS_339', target: 'production-cluster/aws_eks_cluster.*', reason: 'upgrade to 1.33 scheduled for the next window', expires: '2099-01-01' }];
    const dir = tempOut();
    const r = run(['synth', '--config', configFile(input), '--out', dir]);
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(path.join(dir, 'eksguard-report.json'), 'utf8'));
    expect(report.acknowledged.map((a: any) => [a.ruleId, a.address, a.acknowledgement.source])).toEqual(expect.arrayContaining([
      ['CKV_AWS_339', 'aws_eks_cluster.production-cluster', 'acknowledgements[0]'],
      ['BPG-ACCESS-ADMIN-SCOPE', 'aws_eks_access_policy_association.role_sso-infra-platform', 'clusters[0].access.entries[0].breakGlass'],
    ]));
    expect(r.stdout).toContain('2 acknowledged');
  });

  test('an expired acknowledgement stops applying and is reported; one that matches nothing is reported too', () => {
    const input = unsupported();
    input.acknowledgements = [
      { rule: 'CKV_AWS_339', target: 'aws_eks_cluster.production-cluster', reason: 'upgrade to 1.33 scheduled for the next window', expires: '2026-01-31' },
      { rule: 'CKV_AWS_7', target: 'aws_kms_key.other', reason: 'a key that no longer exists here' },
    ];
    const r = run(['synth', '--config', configFile(input), '--out', tempOut()], { EKSGUARD_TODAY: '2026-11-22' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error [CKV_AWS_339]');
    input.acknowledgements[0].expires = '2027-01-31';
    const ok = run(['synth', '--config', configFile(input), '--out', tempOut()], { EKSGUARD_TODAY: '2026-11-22' });
    expect(ok.code).toBe(0);
    expect(ok.stderr).toContain('warning [acknowledgements[1]] acknowledgement of CKV_AWS_7 on aws_kms_key.other matches no finding');
  });

  test('relaxations with reasons are acknowledged by their config field, on every synth', () => {
    const input = exampleInput();
    input.clusters[0].nodeGroups[0].imds = { hopLimit: 2, reason: 'a legacy agent reads IMDS' };
    const dir = synthTo(input);
    const report = JSON.parse(readFileSync(path.join(dir, 'eksguard-report.json'), 'utf8'));
    expect(report.findings).toEqual([]);
    expect(report.acknowledged.filter((a: any) => a.address === 'aws_launch_template.general').map((a: any) => [a.ruleId, a.acknowledgement.source]).sort()).toEqual([
      ['BPG-IMDS-HOP1', 'clusters[0].nodeGroups[0].imds'],
      ['CKV_AWS_341', 'clusters[0].nodeGroups[0].imds'],
    ]);
  });

  test('acknowledgements are validated like the rest of the config', () => {
    const input = exampleInput();
    input.acknowledgements = [{ rule: 'CKV_AWS_339', target: 'x', reason: 'later', expires: '31/01/2027' }];
    expect(validateConfig(input).problems.map((p) => p.path).sort()).toEqual(['acknowledgements[0].expires', 'acknowledgements[0].reason']);
  });
});

describe('permissions over the inline quota', () => {
  const many = () => {
    const input = exampleInput();
    input.clusters[0].workloads[0].s3 = [{ bucket: 'tenant-data', prefixes: Array.from({ length: 400 }, (_, i) => `tenants/tenant-${String(i).padStart(4, '0')}/`), access: 'read-write' }];
    return input;
  };

  test('are split into managed policies attached to the role, allowing exactly the same (evaluated)', async () => {
    const w = stackJson(synthTo(many()), 'production-cluster-workloads').resource;
    const key = 'payments_app-sqs-consumer';
    const extra = Object.keys(w.aws_iam_policy ?? {}).filter((k) => k.startsWith(`${key}_`)).sort();
    expect(extra.length).toBeGreaterThan(0);
    for (const k of extra) {
      expect(w.aws_iam_policy[k].policy.replace(/\s/g, '').length).toBeLessThanOrEqual(6144);
      expect(w.aws_iam_role_policy_attachment[k]).toEqual(expect.objectContaining({ role: `\${aws_iam_role.${key}.name}`, policy_arn: `\${aws_iam_policy.${k}.arn}` }));
    }
    expect(w.aws_iam_role_policy[key].policy.length).toBeLessThanOrEqual(10240);
    const docs = [JSON.parse(w.aws_iam_role_policy[key].policy), ...extra.map((k) => JSON.parse(w.aws_iam_policy[k].policy))];
    const union = { Version: '2012-10-17' as const, Statement: docs.flatMap((d) => d.Statement) };
    for (const i of [0, 199, 399]) {
      const object = `arn:aws:s3:::tenant-data/tenants/tenant-${String(i).padStart(4, '0')}/report.csv`;
      expect(await identityDecision(union, { action: 's3:GetObject', resource: object })).toBe('Allowed');
    }
    expect(await identityDecision(union, { action: 's3:GetObject', resource: 'arn:aws:s3:::tenant-data/tenants/tenant-9999/report.csv' })).toBe('ImplicitlyDenied');
    // The rule pack agrees: no quota finding.
    const dir = tempOut();
    expect(run(['synth', '--config', configFile(many()), '--out', dir]).code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, 'eksguard-report.json'), 'utf8')).findings).toEqual([]);
  });

  test('a set no role can hold is a config problem', () => {
    const doc = { Version: '2012-10-17' as const, Statement: Array.from({ length: 2000 }, (_, i) => ({ Sid: `S${i}`, Effect: 'Allow' as const, Action: 's3:GetObject', Resource: `arn:aws:s3:::bucket-${i}/some/long/prefix/${'x'.repeat(40)}/*` })) };
    expect(splitPermissions(doc)).toEqual({ problem: expect.stringMatching(/more than the inline policy and 10 managed policies can hold/) });
  });
});

describe('eksguard check', () => {
  const out = synthTo(exampleInput());
  const bad = () => {
    const dir = path.dirname(tempOut());
    const file = path.join(dir, 'hand.tf.json');
    writeFileSync(file, JSON.stringify({
      resource: {
        aws_launch_template: { nodes: { metadata_options: { http_tokens: 'optional' } } },
        aws_iam_policy: { app: { name: 'app', policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObjects', Resource: 'arn:aws:s3:::b/*' }] }) } },
      },
    }, null, 2));
    return file;
  };

  test('reports no errors on the synthesized example (honouring its report\'s acknowledgements)', () => {
    const r = run(['check', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('eksguard check: 0 error(s), 0 warning(s), 1 acknowledged');
  });

  test('exits 1 on error findings in hand-written Terraform JSON, in every format', () => {
    const file = bad();
    const text = run(['check', file]);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/error \[CKV_AWS_79\] hand\/aws_launch_template\.nodes: Launch template allows IMDSv1/);
    expect(text.stdout).toContain('s3:GetObjects (did you mean s3:GetObject');
    const json = JSON.parse(run(['check', file, '--format', 'json']).stdout);
    expect(json.findings.map((f: any) => f.ruleId)).toEqual(expect.arrayContaining(['CKV_AWS_79', 'IAM-ACTION-UNKNOWN']));
    const md = run(['check', file, '--format', 'markdown']).stdout;
    expect(md).toContain('| error | `CKV_AWS_79` | `hand/aws_launch_template.nodes` |');
    const sarif = JSON.parse(run(['check', file, '--format', 'sarif']).stdout);
    expect(sarif.version).toBe('2.1.0');
    const result = sarif.runs[0].results.find((x: any) => x.ruleId === 'CKV_AWS_79');
    expect(result).toMatchObject({ level: 'error', locations: [{ physicalLocation: { region: { startLine: 4 } }, logicalLocations: [{ fullyQualifiedName: 'hand/aws_launch_template.nodes' }] }] });
    expect(sarif.runs[0].tool.driver.rules.map((x: any) => x.id)).toEqual(expect.arrayContaining(['CKV_AWS_79', 'IAM-ACTION-UNKNOWN']));
  });

  test('usage errors exit 2; a missing path exits 1', () => {
    expect(run(['check']).code).toBe(2);
    expect(run(['check', out, '--format', 'xml']).code).toBe(2);
    expect(run(['check', '/nonexistent/dir']).code).toBe(1);
    expect(existsSync(path.join(out, 'eksguard-report.json'))).toBe(true);
  });
});
