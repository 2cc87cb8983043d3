/** Inputs that once broke the rule pack, review or the cross-account planner (from a review). */
import { mkdtempSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { nameMatches } from '../../src/rules/acknowledgements';
import { IamCatalog } from '../../src/rules/catalog';
import { loadTerraform } from '../../src/rules/load';
import * as path from 'path';
import { main } from '../../src/cli/main';
import { validateConfig } from '../../src/config';
import { acknowledge, documentOf, RULES, runRules } from '../../src/rules';
import { review } from '../../src/review/review';
import { exampleInput, stackJson, synthTo, tempOut } from '../support/synth';

const doc = (resource: object) => documentOf({ resource }, 'hand', 'hand.tf.json');
const findings = (resource: object) => runRules(RULES, [doc(resource)]).findings;
const policy = (statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

describe('hostile Terraform JSON', () => {
  test('a null statement, a null body or a numeric action never stops the run', async () => {
    expect(() => findings({
      aws_iam_role: { r: { name: 'r', assume_role_policy: policy([null, { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }]) } },
      aws_iam_policy: { p: { name: 'p', policy: policy([{ Effect: 'Allow', Action: ['s3:GetObject', 123], Resource: 'arn:aws:s3:::b/*' }]) }, q: null },
    })).not.toThrow();
  });

  test('a role\'s inline_policy and managed_policy_arns are analysed like separate resources', async () => {
    const f = findings({ aws_iam_role: { r: { name: 'r', assume_role_policy: policy([]), inline_policy: [{ name: 'all', policy: policy([{ Effect: 'Allow', Action: '*', Resource: '*' }]) }], managed_policy_arns: ['arn:aws:iam::aws:policy/AdministratorAccess'] } } });
    expect(f.filter((x) => x.ruleId === 'CKV_AWS_62').map((x) => x.address)).toEqual(['aws_iam_role.r.inline_policy[0]']);
    expect(f.filter((x) => x.ruleId === 'CKV_AWS_274').map((x) => x.address)).toEqual(['aws_iam_role.r.managed_policy_arns[0]']);
  });

  test('ICMP rules from anywhere are not read as open SSH or HTTP', async () => {
    const f = findings({ aws_vpc_security_group_ingress_rule: { icmp: { security_group_id: 'sg-1', ip_protocol: 'icmp', from_port: 0, to_port: 0, cidr_ipv4: '0.0.0.0/0', description: 'echo reply' } } });
    expect(f.map((x) => x.ruleId).filter((id) => ['CKV_AWS_24', 'CKV_AWS_260'].includes(id))).toEqual([]);
  });

  test('an acknowledgement\'s * stays inside the name: never across a type, a dot or a stack; ? is no pattern', async () => {
    const finding = (stack: string, address: string) => ({ ruleId: 'CKV_AWS_62', severity: 'error' as const, stack, file: `${stack}.tf.json`, address, message: 'm', fix: 'x' });
    const ack = (target: string) => ({ rule: 'CKV_AWS_62', target, reason: 'reviewed by the platform team', source: 'a' });
    const covered = (target: string, f: ReturnType<typeof finding>) => acknowledge([f], [ack(target)]).acknowledged.length === 1;
    expect(covered('aws_iam_role.app_*', finding('s', 'aws_iam_role.app_reader'))).toBe(true);
    expect(covered('s/aws_iam_role.app_*', finding('s', 'aws_iam_role.app_reader'))).toBe(true);
    expect(covered('aws_iam_role.app*', finding('s', 'aws_iam_role.app.inline_policy[0]'))).toBe(false);
    expect(covered('aws_iam_role.app.inline_policy[0]', finding('s', 'aws_iam_role.app.inline_policy[0]'))).toBe(true);
    expect(covered('aws_iam_role.app_*', finding('s', 'aws_iam_role_policy.app_reader'))).toBe(false);
    expect(covered('aws_iam_*.app_reader', finding('s', 'aws_iam_role.app_reader'))).toBe(false);
    expect(covered('s*/aws_iam_role.app_reader', finding('s2', 'aws_iam_role.app_reader'))).toBe(false);
    expect(covered('s/*', finding('s', 'aws_iam_role.app_reader'))).toBe(false);
    expect(covered('aws_iam_role.?', finding('s', 'aws_iam_role.k'))).toBe(false);
    // A pattern in the rule acknowledges nothing, even where config validation did not run first.
    expect(acknowledge([finding('s', 'aws_iam_role.app')], [{ ...ack('s/aws_iam_role.app'), rule: '*' }]).findings).toHaveLength(1);
  });

  test('overlapping acknowledgements are all used', async () => {
    const f = { ruleId: 'CKV_AWS_7', severity: 'error' as const, stack: 's', file: 'f', address: 'aws_kms_key.k', message: 'm', fix: 'x' };
    const broad = { rule: 'CKV_AWS_7', target: 's/aws_kms_key.k*', reason: 'every key here rotates outside AWS', source: 'b' };
    const narrow = { rule: 'CKV_AWS_7', target: 'aws_kms_key.k', reason: 'rotation happens outside AWS', source: 'c' };
    const r = acknowledge([f], [broad, narrow]);
    expect(r.acknowledged.map((a) => a.acknowledgement.source)).toEqual(['b']);
    expect(r.stale).toEqual([]);
  });
});

describe('review edge cases', () => {
  const sg = (prefixList: string) => doc({ aws_security_group: { g: { description: 'd', egress: [{ from_port: 443, to_port: 443, protocol: 'tcp', prefix_list_ids: [prefixList], description: 'S3' }] } } });
  test('a changed prefix list and a NotAction trust are reported', async () => {
    expect(review([sg('pl-123')], [sg('pl-999')]).changes.map((c) => [c.category, c.broadening])).toEqual([['security-groups', true]]);
    const role = (trust: unknown[]) => doc({ aws_iam_role: { r: { name: 'r', assume_role_policy: policy(trust) } } });
    const r = review([role([{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }])], [role([{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999999999999:root' }, NotAction: 'iam:*' }])]);
    expect(r.broadening).toBe(1);
  });

  test('an empty side is an error, not "no changes"', async () => {
    const empty = path.dirname(tempOut());
    expect((await main(['review', '--base', empty, '--head', empty], { write: () => true } as never, { write: () => true } as never))).toBe(1);
  });

  test('check on one stack directory still honours the output\'s acknowledgements', async () => {
    const out = synthTo(exampleInput());
    expect((await main(['check', path.join(out, 'stacks', 'production-cluster')], { write: () => true } as never, { write: () => true } as never))).toBe(0);
  });
});

describe('cross-account edge cases', () => {
  const other = '999999999999';
  const key = `arn:aws:kms:us-east-1:${other}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
  const input = (managePolicies = true) => {
    const i = exampleInput();
    i.accounts = { [other]: { roleArn: `arn:aws:iam::${other}:role/deployer`, managePolicies } };
    return i;
  };

  test('a key used directly and as a secret\'s key gets one grant with both operations', async () => {
    const i = input();
    const w = i.clusters[0].workloads[1];
    w.kms = [{ keyArn: key, access: 'encrypt' }];
    w.secrets[0].kmsKeyArn = key;
    const grants = Object.values(stackJson(synthTo(i), `production-cluster-account-${other}`).resource.aws_kms_grant) as any[];
    expect(grants.map((g) => g.operations)).toEqual([['Decrypt', 'DescribeKey', 'Encrypt']]);
  });

  test('a resource in another region than the account stack, or a managed policy written by two clusters, is a config problem', async () => {
    const i = input();
    i.clusters[0].workloads[1].kms[0].keyArn = key.replace('us-east-1', 'eu-west-1');
    expect(validateConfig(i).problems.map((p) => p.path)).toEqual(['clusters[0].workloads[1].kms[0].keyArn']);
    const two = input();
    two.clusters[0].workloads[0].s3.push({ bucket: 'shared', access: 'read', account: other });
    two.clusters.push({ name: 'staging', kubernetesVersion: '1.33', existing: { oidcIssuerUrl: 'https://oidc.eks.us-east-1.amazonaws.com/id/STAGING0000000000000000000000000', vpcCidr: '10.1.0.0/16' }, workloads: [{ name: 'api', namespace: 'web', s3: [{ bucket: 'shared', access: 'read', account: other }] }] });
    expect(validateConfig(two).problems.map((p) => p.path)).toEqual(['clusters[1].workloads[0].s3[0].bucket']);
    two.accounts[other].managePolicies = false;
    expect(validateConfig(two).problems).toEqual([]);
  });
});

describe('acknowledgement name globs', () => {
  // `*` is any run of name characters, never `.` or `/`; matching is linear, so a target with many
  // stars cannot stall synth (a backtracking regular expression took minutes on this case).
  test.each<[string, string, boolean]>([
    ['payments_*', 'payments_app', true],
    ['payments_*', 'payments_a.b', false],
    ['a*b*c', 'aXbYc', true],
    ['a*b*c', 'aXbY', false],
    ['a*', 'a/b', false],
    ['a*c', 'abcxc', true],
    ['**********Z', `${'x'.repeat(20000)}`, false],
  ])('%s against %s: %s', (pattern, name, expected) => {
    expect(nameMatches(pattern, name)).toBe(expected);
  });
});

describe('reading what check is given', () => {
  test('a pattern with many wildcards in an action is matched against the catalog in linear time', async () => {
    expect(new IamCatalog().matching('ec2', `${'*?'.repeat(12)}Z`)).toEqual([]);
    expect(new IamCatalog().matching('ec2', 'Describe*s').length).toBeGreaterThan(10);
  });

  test('inside a directory, a symlink to /dev/zero (or to a file outside the tree) is refused, never read', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eksguard-links-'));
    symlinkSync('/dev/zero', path.join(dir, 'zero.tf.json'));
    writeFileSync(path.join(dir, 'real.tf.json'), JSON.stringify({ resource: { aws_iam_role: { r: { name: 'r', assume_role_policy: '{}' } } } }));
    expect(() => loadTerraform([dir])).toThrow(/zero\.tf\.json is a symbolic link to \/dev\/zero, outside/);
    expect(() => loadTerraform([path.join(dir, 'zero.tf.json')])).toThrow(/is not a regular file/);
  });

  test('fails when a file is not JSON, without echoing its content', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eksguard-notjson-'));
    writeFileSync(path.join(dir, 'x.tf.json'), 'aws_secret_access_key = "AKIA..."');
    expect(() => loadTerraform([dir])).toThrow(/is not valid JSON/);
    expect(() => loadTerraform([dir])).not.toThrow(/AKIA|aws_secret/);
  });
});
