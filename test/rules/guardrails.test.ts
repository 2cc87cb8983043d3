import { createHash } from 'crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { main } from '../../src/cli/main';
import { TerraformElement, TerraformStack } from 'cdktf';
import { relaxationAcknowledgements } from '../../src/app/guardrails';
import { buildApp } from '../../src/app/build';
import { collectStamps, stampRelaxation } from '../../src/terraform/stamps';
import { elementAddress } from '../../src/terraform/addresses';
import { validateConfig } from '../../src/config';
import { formatProblem } from '../../src/config/problems';
import { shardOf, workloadsStackName } from '../../src/naming';
import { acknowledge, parseTarget } from '../../src/rules';
import { everyFeatureInput } from '../support/fixtures';
import { splitPermissions } from '../../src/policy/document';
import { identityDecision } from '../support/iam';
import { exampleInput, filesOf, stackJson, synthTo, tempOut, valid } from '../support/synth';

const run = async (args: string[], env: Record<string, string> = {}) => {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  let stdout = '';
  let stderr = '';
  try {
    const code = (await main(args, { write: (s: string) => ((stdout += s), true) } as never, { write: (s: string) => ((stderr += s), true) } as never));
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
  test('an error finding stops the synth with every finding listed, and leaves earlier output untouched', async () => {
    const dir = tempOut();
    expect((await run(['synth', '--out', dir])).code).toBe(0);
    const before = filesOf(dir);
    const r = (await run(['synth', '--config', configFile(unsupported()), '--out', dir]));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error [CKV_AWS_339] production-cluster/aws_eks_cluster.production-cluster (clusters[0]): EKS version outside the supported range: version 1.27.');
    expect(r.stderr).toContain('guardrail error(s); nothing was written');
    expect(filesOf(dir)).toEqual(before);
  });

  test('an acknowledgement with a reason accepts the finding, and the report lists it', async () => {
    const input = unsupported();
    input.acknowledgements = [{ rule: 'CKV_AWS_339', target: 'production-cluster/aws_eks_cluster.production-cluster', reason: 'upgrade to 1.33 scheduled for the next window', expires: '2099-01-01' }];
    const dir = tempOut();
    const r = (await run(['synth', '--config', configFile(input), '--out', dir]));
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(path.join(dir, 'eksguard-report.json'), 'utf8'));
    expect(report.acknowledged.map((a: any) => [a.ruleId, a.address, a.acknowledgement.source])).toEqual(expect.arrayContaining([
      ['CKV_AWS_339', 'aws_eks_cluster.production-cluster', 'acknowledgements[0]'],
      ['BPG-ACCESS-ADMIN-SCOPE', 'aws_eks_access_policy_association.role_sso-infra-platform', 'clusters[0].access.entries[0].breakGlass'],
    ]));
    expect(r.stdout).toContain('2 acknowledged');
  });

  test('an expired acknowledgement stops applying and is reported; one that matches nothing is reported too', async () => {
    const input = unsupported();
    input.acknowledgements = [
      { rule: 'CKV_AWS_339', target: 'aws_eks_cluster.production-cluster', reason: 'upgrade to 1.33 scheduled for the next window', expires: '2026-01-31' },
      { rule: 'CKV_AWS_7', target: 'aws_kms_key.other', reason: 'a key that no longer exists here' },
    ];
    const r = (await run(['synth', '--config', configFile(input), '--out', tempOut()], { EKSGUARD_TODAY: '2026-11-22' }));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error [CKV_AWS_339]');
    input.acknowledgements[0].expires = '2027-01-31';
    const ok = (await run(['synth', '--config', configFile(input), '--out', tempOut()], { EKSGUARD_TODAY: '2026-11-22' }));
    expect(ok.code).toBe(0);
    expect(ok.stderr).toContain('warning [acknowledgements[1]] acknowledgement of CKV_AWS_7 on aws_kms_key.other matches no finding');
  });

  test('relaxations with reasons are acknowledged by their config field, on every synth', async () => {
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

  test('acknowledgements are validated like the rest of the config', async () => {
    const input = exampleInput();
    input.acknowledgements = [{ rule: 'CKV_AWS_339', target: 'x', reason: 'later', expires: '31/01/2027' }];
    expect(validateConfig(input).problems.map((p) => p.path).sort()).toEqual(['acknowledgements[0].expires', 'acknowledgements[0].reason', 'acknowledgements[0].target']);
  });
});

describe('an acknowledgement acknowledges exactly one reviewed thing', () => {
  const problemsOf = (ack: object) => {
    const input = exampleInput();
    input.acknowledgements = [{ reason: 'reviewed by the platform team', ...ack }];
    return validateConfig(input).problems.map(formatProblem);
  };

  test.each([
    ['a wildcard', '*', 'must be one rule id, not a pattern'],
    ['a glob', 'CKV_AWS_3*', 'must be one rule id, not a pattern'],
    ['a misspelled id', 'CKV_AWS_3390', 'is not a rule of the pack (got "CKV_AWS_3390"). Did you mean CKV_AWS_339?'],
    ['an id in the wrong case', 'bpg-imds-hop1', 'is not a rule of the pack (got "bpg-imds-hop1"). Did you mean BPG-IMDS-HOP1?'],
    ['an unknown id', 'NO-SUCH-RULE-AT-ALL', 'is not a rule of the pack (got "NO-SUCH-RULE-AT-ALL"). Use the id a finding names'],
  ])('fails when the rule is %s', (_, rule, says) => {
    expect(problemsOf({ rule, target: 'production-cluster/aws_eks_cluster.production-cluster' })).toEqual([expect.stringContaining(`[acknowledgements[0].rule] ${says}`)]);
  });

  test.each([
    ['a bare *', '*', 'would acknowledge every resource'],
    ['every resource of a stack', 'production-cluster/*', 'would acknowledge every resource of production-cluster'],
    ['a glob across types', 'aws_*.production-cluster', 'has a * in the resource type'],
    ['a glob across stacks', 'production-*/aws_eks_cluster.production-cluster', 'has a * in the stack'],
    ['every resource of a type', 'aws_eks_cluster.*', 'would acknowledge every aws_eks_cluster'],
    ['a glob past the name', 'aws_iam_role.app*.inline_policy*', 'has a * or another part after the name'],
    ['not an address', 'production-cluster', 'must be a Terraform address <type>.<name>'],
    ['two stacks deep', 'a/b/aws_eks_cluster.x', 'must be [<stack>/]<type>.<name> with one stack name before a single /'],
  ])('fails when the target is %s', (_, target, says) => {
    expect(problemsOf({ rule: 'CKV_AWS_339', target })).toEqual([expect.stringContaining(`[acknowledgements[0].target] ${says}`)]);
  });

  test('fails when matches is above 1 on a target that can only be one finding', async () => {
    expect(problemsOf({ rule: 'CKV_AWS_339', target: 'production-cluster/aws_eks_cluster.production-cluster', matches: 2 })).toEqual([expect.stringContaining('[acknowledgements[0].matches] is above 1')]);
    expect(problemsOf({ rule: 'CKV_AWS_339', target: 'aws_eks_cluster.production-cluster*', matches: 2 })).toEqual([]);
  });

  describe('a glob that matches two findings', () => {
    // Two clusters on an unsupported version: one CKV_AWS_339 finding each.
    const twoClusters = (matches?: number) => {
      const input = unsupported();
      input.clusters.push({ ...JSON.parse(JSON.stringify(input.clusters[0])), name: 'production-cluster-2' });
      input.acknowledgements = [{ rule: 'CKV_AWS_339', target: 'aws_eks_cluster.production-cluster*', reason: 'upgrade of both clusters is scheduled', ...(matches === undefined ? {} : { matches }) }];
      return input;
    };
    const both = 'production-cluster/aws_eks_cluster.production-cluster, production-cluster-2/aws_eks_cluster.production-cluster-2';

    test('fails the synth without matches: it acknowledges neither, and says why', async () => {
      const r = (await run(['synth', '--config', configFile(twoClusters()), '--out', tempOut()]));
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('error [CKV_AWS_339] production-cluster/aws_eks_cluster.production-cluster');
      expect(r.stderr).toContain('error [CKV_AWS_339] production-cluster-2/aws_eks_cluster.production-cluster-2');
      expect(r.stderr).toContain(`warning [acknowledgements[0]] acknowledgement of CKV_AWS_339 on aws_eks_cluster.production-cluster* matches 2 findings (${both}), more than its matches: 1, so it acknowledges none of them`);
    });

    test('with matches: 2 acknowledges both, warns on every synth and lists them in the report', async () => {
      const dir = tempOut();
      const warning = `warning [acknowledgements[0]] acknowledgement of CKV_AWS_339 on aws_eks_cluster.production-cluster* covers 2 findings (matches: 2): ${both}`;
      for (let i = 0; i < 2; i++) {
        const r = (await run(['synth', '--config', configFile(twoClusters(2)), '--out', dir]));
        expect(r.code).toBe(0);
        expect(r.stderr).toContain(warning);
      }
      const report = JSON.parse(readFileSync(path.join(dir, 'eksguard-report.json'), 'utf8'));
      expect(report.multiple).toEqual([{ acknowledgement: expect.objectContaining({ target: 'aws_eks_cluster.production-cluster*', matches: 2, source: 'acknowledgements[0]' }), covers: both.split(', ') }]);
      expect(report.acknowledged.filter((a: any) => a.ruleId === 'CKV_AWS_339').map((a: any) => `${a.stack}/${a.address}`)).toEqual(both.split(', '));
    });
  });

  test('every relaxation acknowledgement names one address of one stack: its own shard\'s, never another cluster\'s', async () => {
    const config = valid(everyFeatureInput());
    const acks = relaxationAcknowledgements(config);
    expect(acks.length).toBeGreaterThan(10);
    for (const a of acks) expect([a.target, parseTarget(a.target)]).toEqual([a.target, expect.objectContaining({ stack: expect.any(String), glob: false })]);
    // The wildcard-subject role and the pods' internet egress sit in the workloads' shards; a cluster named like a shard is not reached.
    const batch = `${workloadsStackName('production-cluster', shardOf('legacy', 'batch', 2), 2)}/aws_iam_role.legacy_batch`;
    expect(acks.filter((a) => a.rule === 'BPG-IRSA-SUB-NS-WIDE').map((a) => a.target)).toEqual([batch]);
    const finding = (stack: string) => ({ ruleId: 'BPG-IRSA-SUB-NS-WIDE', severity: 'error' as const, stack, file: `${stack}/cdk.tf.json`, address: 'aws_iam_role.legacy_batch', message: 'm', fix: 'f' });
    const r = acknowledge([finding(batch.split('/')[0]), finding('production-cluster-workloads-x')], acks);
    expect(r.findings.map((f) => f.stack)).toEqual(['production-cluster-workloads-x']);
    // And on a synth every one of them covers what it relaxes.
    const report = JSON.parse(readFileSync(path.join(synthTo(everyFeatureInput()), 'eksguard-report.json'), 'utf8'));
    expect(report.findings.filter((f: any) => f.severity === 'error')).toEqual([]);
    expect(report.stale.map((x: any) => x.acknowledgement.source)).toEqual(['acknowledgements[0]']); // the fixture's cluster is on a supported version
    expect(report.acknowledged.map((a: any) => a.acknowledgement.source)).toEqual(expect.arrayContaining(['clusters[0].network.nodeInternetEgress', 'clusters[0].workloads[4].wildcardSubject']));
  });
});

describe('relaxations are read from what the constructs stamp', () => {
  // Every address of the built App × every rule a relaxation accepts: a relaxation's acknowledgements
  // cover exactly the element(s) stamped with it, in their stack, and no other address of any stack.
  test('an acknowledgement of a relaxation covers its own resource and nothing else', () => {
    const input = everyFeatureInput();
    input.clusters[1].existing.podIdentityAgent = 'installed';
    const app = buildApp(valid(input), { outdir: tempOut() });
    const stamps = collectStamps(app);
    const addresses = app.node.children.filter(TerraformStack.isStack).flatMap((stack) =>
      stack.node.findAll().filter(TerraformElement.isTerraformElement).flatMap((e) => {
        const address = elementAddress(e as TerraformElement);
        return address === undefined ? [] : [{ stack: stack.node.id, address }];
      }));
    const rules = [...new Set(stamps.acknowledgements.map((a) => a.rule))];
    const findings = addresses.flatMap(({ stack, address }) => rules.map((ruleId) => ({ ruleId, severity: 'error' as const, stack, file: `${stack}/cdk.tf.json`, address, message: 'm', fix: 'f' })));
    const r = acknowledge(findings, stamps.acknowledgements);
    const covered = r.acknowledged.map((a) => `${a.ruleId} ${a.stack}/${a.address}`).sort();
    expect(covered).toEqual([...new Set(stamps.acknowledgements.map((a) => `${a.rule} ${a.target}`))].sort());
    // Each target is one element of the App, and the relaxations reach every kind they should.
    for (const a of stamps.acknowledgements) expect(addresses.filter((x) => `${x.stack}/${x.address}` === a.target)).toHaveLength(1);
    expect(new Set(stamps.acknowledgements.map((a) => a.source))).toEqual(new Set([
      'clusters[0].endpointAccess', 'clusters[0].logging.reducedTypes', 'clusters[0].nodeGroups[1].imds', 'clusters[0].network.nodeInternetEgress',
      'clusters[0].access.entries[0].breakGlass', 'clusters[0].access.breakGlassRole', 'clusters[0].workloads[4].wildcardSubject', 'clusters[1].existing.podIdentityAgent',
    ]));
    expect(stamps.acknowledgements.filter((a) => a.rule === 'PODID-AGENT').map((a) => a.target)).toEqual(['staging-cluster-workloads/aws_eks_pod_identity_association.staging_web']);
  });

  test('what is covered is what is stamped: a stamp on another resource would cover it, and none is there', () => {
    const app = buildApp(valid(everyFeatureInput()), { outdir: tempOut() });
    const stack = app.node.children.filter(TerraformStack.isStack).find((s) => s.node.id === 'production-cluster')!;
    const other = stack.node.findAll().filter(TerraformElement.isTerraformElement).find((e) => elementAddress(e as TerraformElement) === 'aws_iam_role.nodes') as TerraformElement;
    const before = collectStamps(app).acknowledgements.filter((a) => a.target.endsWith('aws_iam_role.nodes'));
    stampRelaxation(other, { configPath: 'planted', reason: 'a planted relaxation', rules: ['CKV_AWS_60'] });
    const after = collectStamps(app).acknowledgements.filter((a) => a.target.endsWith('aws_iam_role.nodes'));
    expect([before.length, after.map((a) => a.target)]).toEqual([0, ['production-cluster/aws_iam_role.nodes']]);
  });

  test('config paths come from the stamps: a node group, an access entry, a workload, else the cluster', () => {
    const { configPaths } = collectStamps(buildApp(valid(everyFeatureInput()), { outdir: tempOut() }));
    expect(configPaths.get('production-cluster/aws_launch_template.gpu')).toBe('clusters[0].nodeGroups[1]');
    expect(configPaths.get('production-cluster/aws_eks_access_policy_association.role_sso-infra-platform')).toBe('clusters[0].access.entries[0]');
    expect(configPaths.get('production-cluster/aws_vpc_endpoint.sts')).toBe('clusters[0].network.endpoints');
    expect(configPaths.get('production-cluster/aws_iam_role.nodes')).toBe('clusters[0]');
    const batch = `${workloadsStackName('production-cluster', shardOf('legacy', 'batch', 2), 2)}/aws_iam_role.legacy_batch`;
    expect(configPaths.get(batch)).toBe('clusters[0].workloads[4]');
    const platform = [...configPaths].filter(([k]) => k.startsWith('staging-cluster-platform/'));
    expect(platform.length).toBeGreaterThan(3);
    expect(new Set(platform.map(([, v]) => v))).toEqual(new Set(['clusters[1]']));
    // Another account's stacks hold what the cluster's workloads need there: they name the cluster.
    const account = [...configPaths].filter(([k]) => k.startsWith('production-cluster-account-'));
    expect(account.length).toBeGreaterThan(0);
    expect(new Set(account.map(([, v]) => v))).toEqual(new Set(['clusters[0]']));
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
    expect((await run(['synth', '--config', configFile(many()), '--out', dir])).code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, 'eksguard-report.json'), 'utf8')).findings).toEqual([]);
  });

  test('a set no role can hold is a config problem', async () => {
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

  test('reports no errors on the synthesized example (honouring its report\'s acknowledgements)', async () => {
    const r = (await run(['check', out]));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('eksguard check: 0 error(s), 0 warning(s), 1 acknowledged');
  });

  test('exits 1 on error findings in hand-written Terraform JSON, in every format', async () => {
    const file = bad();
    const text = (await run(['check', file]));
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/error \[CKV_AWS_79\] hand\/aws_launch_template\.nodes: Launch template allows IMDSv1/);
    expect(text.stdout).toContain('s3:GetObjects (did you mean s3:GetObject');
    const json = JSON.parse((await run(['check', file, '--format', 'json'])).stdout);
    expect(json.findings.map((f: any) => f.ruleId)).toEqual(expect.arrayContaining(['CKV_AWS_79', 'IAM-ACTION-UNKNOWN']));
    const md = (await run(['check', file, '--format', 'markdown'])).stdout;
    expect(md).toContain('| error | `CKV_AWS_79` | hand/aws_launch_template.nodes |');
    const sarif = JSON.parse((await run(['check', file, '--format', 'sarif'])).stdout);
    expect(sarif.version).toBe('2.1.0');
    const result = sarif.runs[0].results.find((x: any) => x.ruleId === 'CKV_AWS_79');
    expect(result).toMatchObject({ level: 'error', locations: [{ physicalLocation: { region: { startLine: 4 } }, logicalLocations: [{ fullyQualifiedName: 'hand/aws_launch_template.nodes' }] }] });
    expect(sarif.runs[0].tool.driver.rules.map((x: any) => x.id)).toEqual(expect.arrayContaining(['CKV_AWS_79', 'IAM-ACTION-UNKNOWN']));
  });

  test('usage errors exit 2; a missing path exits 1', async () => {
    expect((await run(['check'])).code).toBe(2);
    expect((await run(['check', out, '--format', 'xml'])).code).toBe(2);
    expect((await run(['check', '/nonexistent/dir'])).code).toBe(1);
    expect(existsSync(path.join(out, 'eksguard-report.json'))).toBe(true);
  });
});

describe('eksguard check trusts a report only for the bytes it was written for', () => {
  /** Computed here, not with eksguard's helper: the report must name the file's real SHA-256. */
  const sha256 = (bytes: Buffer) => `sha256:${createHash('sha256').update(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)).digest('hex')}`;
  const rel = (file: string) => path.relative(process.cwd(), file) || file;
  /** A hand-written role anyone may assume, and every finding on it "acknowledged" by a report the attacker wrote. */
  const forge = async (dir: string, file: string, report: string, options: { digests?: boolean } = {}) => {
    mkdirSync(path.dirname(file), { recursive: true });
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }] });
    writeFileSync(file, JSON.stringify({ resource: { aws_iam_role: { open: { name: 'open', assume_role_policy: trust } } } }, null, 2));
    const found = JSON.parse((await run(['check', file, '--format', 'json'])).stdout).findings;
    expect(found.map((f: any) => f.ruleId)).toContain('AA-TRUST-WILDCARD');
    const key = path.relative(dir, file);
    writeFileSync(report, JSON.stringify({
      // The attacker can compute the digest too: only where a report sits, and what it says, decide.
      ...(options.digests === false ? {} : { digests: { [key]: sha256(readFileSync(file)) } }),
      acknowledged: found.map((f: any) => ({ ...f, file: key, acknowledgement: { rule: '*', target: '*', reason: 'trust me, this was reviewed', source: 'acknowledgements[0]' } })),
    }));
    return found.length;
  };

  test('fails when a forged report beside a hand-written file would silence a Principal "*" trust', async () => {
    const dir = path.dirname(tempOut());
    const file = path.join(dir, 'open.tf.json');
    const report = path.join(dir, 'eksguard-report.json');
    (await forge(dir, file, report));
    const r = (await run(['check', file]));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/error \[AA-TRUST-WILDCARD\] open\/aws_iam_role\.open/);
    expect(r.stdout).toContain(', 0 acknowledged');
    expect(r.stderr).toContain(`warning [${rel(report)}] not applied to ${rel(file)}: a report applies only to the stack files of its own output`);
    expect((await run(['check', dir])).code).toBe(1);
  });

  test('fails when a report in an output\'s place records no digests, or a digest of other bytes', async () => {
    const out = tempOut();
    const file = path.join(out, 'stacks', 'open', 'cdk.tf.json');
    const report = path.join(out, 'eksguard-report.json');
    (await forge(out, file, report, { digests: false }));
    const none = (await run(['check', out]));
    expect(none.code).toBe(1);
    expect(none.stdout).toContain(', 0 acknowledged');
    expect(none.stderr).toContain(`warning [${rel(report)}] not applied to ${rel(file)}: it records no file digests, so nothing binds it to this file`);
    (await forge(out, file, report));
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n`);
    const other = (await run(['check', out]));
    expect(other.code).toBe(1);
    expect(other.stderr).toContain(`warning [${rel(report)}] not applied to ${rel(file)}: the file changed since synth`);
  });

  // One acknowledged finding in the cluster stack (the config's), one in the workloads stack (a relaxation's).
  const acknowledgedOut = () => {
    const input = unsupported();
    input.acknowledgements = [{ rule: 'CKV_AWS_339', target: 'production-cluster/aws_eks_cluster.production-cluster', reason: 'upgrade to 1.33 scheduled for the next window' }];
    Object.assign(input.clusters[0].workloads[2], { serviceAccount: 'svc-*', wildcardSubject: { reason: 'a test operator creates these service accounts' } });
    return synthTo(input);
  };
  const clusterFile = (out: string) => path.join(out, 'stacks', 'production-cluster', 'cdk.tf.json');

  test('honours a genuine synth output\'s acknowledgements, each only in the file it was made for', async () => {
    const out = acknowledgedOut();
    const whole = (await run(['check', out]));
    expect([whole.code, whole.stderr]).toEqual([0, '']);
    expect(whole.stdout).toContain('acknowledged [CKV_AWS_339] production-cluster/aws_eks_cluster.production-cluster: upgrade to 1.33 scheduled for the next window');
    expect(whole.stdout).toContain('acknowledged [BPG-IRSA-SUB-NS-WIDE] production-cluster-workloads/aws_iam_role.default_svc-test');
    expect(whole.stdout).toContain('0 error(s), 0 warning(s), 3 acknowledged');
    expect((await run(['check', clusterFile(out)])).stdout).toContain('0 error(s), 0 warning(s), 2 acknowledged');
    // A copy of the stack elsewhere is another file: the output's report does not reach it.
    const copy = path.join(path.dirname(tempOut()), 'copy', 'stacks', 'production-cluster', 'cdk.tf.json');
    mkdirSync(path.dirname(copy), { recursive: true });
    copyFileSync(clusterFile(out), copy);
    const both = (await run(['check', out, copy]));
    expect(both.code).toBe(1);
    expect(both.stdout).toContain(`error [CKV_AWS_339] production-cluster/aws_eks_cluster.production-cluster: EKS version outside the supported range`);
    expect(both.stdout).toContain('3 acknowledged');
  });

  test('fails when one byte of a stack file changed after synth: that file\'s acknowledgements are ignored, with a warning', async () => {
    const out = acknowledgedOut();
    const file = clusterFile(out);
    const synthesized = readFileSync(file, 'utf8');
    const edited = synthesized.replace('"1.27"', '"1.28"'); // one byte: still unsupported, and no longer what was reviewed
    expect(Buffer.byteLength(edited)).toBe(Buffer.byteLength(synthesized));
    writeFileSync(file, edited);
    const r = (await run(['check', out]));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`warning [${rel(path.join(out, 'eksguard-report.json'))}] not applied to ${rel(file)}: the file changed since synth (${sha256(Buffer.from(edited))} now, ${sha256(Buffer.from(synthesized))} in the report). Synthesize again to write a report bound to the current files, or fix the findings.\n`);
    expect(r.stdout).toContain('error [CKV_AWS_339] production-cluster/aws_eks_cluster.production-cluster: EKS version outside the supported range: version 1.28');
    // The workloads stack is unchanged: its acknowledgement still applies.
    expect(r.stdout).toContain('acknowledged [BPG-IRSA-SUB-NS-WIDE] production-cluster-workloads/aws_iam_role.default_svc-test');
    expect(r.stdout).not.toContain('acknowledged [CKV_AWS_339]');
  });

  test('--no-acknowledgements ignores a genuine report', async () => {
    const out = acknowledgedOut();
    for (const args of [['check', '--no-acknowledgements', out], ['check', out, '--no-acknowledgements']]) {
      const r = (await run(args));
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('error [CKV_AWS_339] production-cluster/aws_eks_cluster.production-cluster');
      expect(r.stdout).toContain('warning [BPG-IRSA-SUB-NS-WIDE] production-cluster-workloads/aws_iam_role.default_svc-test');
      expect(r.stdout).toContain('eksguard check: 1 error(s), 2 warning(s), 0 acknowledged');
      expect(r.stderr).toBe('');
    }
    expect((await run(['check', out, '--no-acknowledgements=yes'])).code).toBe(2);
  });

  test('the report binds every stack file the pack read to its SHA-256', async () => {
    const out = synthTo(exampleInput());
    const report = JSON.parse(readFileSync(path.join(out, 'eksguard-report.json'), 'utf8'));
    const stacks = readdirSync(path.join(out, 'stacks')).sort();
    expect(report.digests).toEqual(Object.fromEntries(stacks.map((s) => [`stacks/${s}/cdk.tf.json`, sha256(readFileSync(path.join(out, 'stacks', s, 'cdk.tf.json')))])));
    expect(report.acknowledged.map((a: any) => a.file)).toEqual(['stacks/production-cluster/cdk.tf.json']);
  });
});
