/**
 * No valid input crashes: whatever names a config uses (the project's own construct ids,
 * JavaScript's Object.prototype members, names whose Terraform keys collide), `eksguard synth`
 * ends with exit 0, or exit 1 and problem lines, never a stack trace. A property test generates
 * configs from adversarial vocabularies; the cases found by hand are pinned in a table.
 */
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { Writable } from 'stream';
import { main } from '../../src/cli/main';
import { exampleInput } from '../support/synth';

function capture(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({ write(chunk, _enc, cb) { text += chunk.toString(); cb(); } });
  return { stream, text: () => text };
}

/** Lines synth may print on stderr: problems, warnings, findings and its summary. */
const LINE = /^(((warning|error) )?\[.+?\] .+|eksguard: .+)$/;

async function synth(input: unknown, hcl = false): Promise<{ code: number; err: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'eksguard-crash-'));
  const file = path.join(dir, 'platform.json');
  writeFileSync(file, JSON.stringify(input));
  const out = capture();
  const err = capture();
  const code = (await main(['synth', '--config', file, '--out', path.join(dir, 'cdktf.out'), ...(hcl ? ['--hcl'] : [])], out.stream, err.stream));
  return { code, err: err.text() };
}

async function expectNoCrash(input: unknown, hcl = false): Promise<{ code: number; err: string }> {
  // A throw fails the test: synth must exit with a code.
  const result: { code: number; err: string } | undefined = await synth(input, hcl);
  expect([0, 1]).toContain(result!.code);
  const stray = result!.err.split('\n').filter((l) => l !== '' && !LINE.test(l));
  expect(stray).toEqual([]);
  return result!;
}

const ex = () => exampleInput();
const c0 = (c: any) => c.clusters[0];

describe('inputs that crashed synth', () => {
  // Each: what the config does, and either 'synthesized' or the field its problem line names.
  test.each<[string, string, (c: any) => void]>([
    ['a namespace named constructor', 'synthesized', (c) => { c0(c).workloads[0].namespace = 'constructor'; }],
    ['a node group named like an internal construct (nodes)', 'synthesized', (c) => { c0(c).nodeGroups[0].name = 'nodes'; }],
    ['a node group named access', 'synthesized', (c) => { c0(c).nodeGroups[0].name = 'access'; }],
    ['a cluster named access', 'synthesized', (c) => { c0(c).name = 'access'; c0(c).workloads[2].eks[0].cluster = 'access'; }],
    ['a cluster and a node group both named oidc', 'synthesized', (c) => { c0(c).name = 'oidc'; c0(c).nodeGroups[0].name = 'oidc'; c0(c).workloads[2].eks[0].cluster = 'oidc'; }],
    ['a cluster named constructor', 'clusters[0].name', (c) => { c0(c).name = 'constructor'; c0(c).workloads[2].eks[0].cluster = 'constructor'; }],
    ['a cluster named toString', 'clusters[0].name', (c) => { c0(c).name = 'toString'; c0(c).workloads[2].eks[0].cluster = 'toString'; }],
    ['access-entry principals whose keys collide (ops.admin, ops-admin)', 'clusters[0].access.entries[4].principalArn', (c) => {
      c0(c).access.entries.push({ principalArn: 'arn:aws:iam::123456789012:role/ops.admin', accessPolicy: 'AmazonEKSViewPolicy' }, { principalArn: 'arn:aws:iam::123456789012:role/ops-admin', accessPolicy: 'AmazonEKSViewPolicy' });
    }],
    ['a namespace setting keyed constructor', 'synthesized', (c) => { c0(c).namespaces = { constructor: { podSecurity: 'baseline', reason: 'a namespace named like a prototype member' } }; }],
    ['an rbac group named constructor', 'synthesized', (c) => { c0(c).access.entries[1].kubernetesGroups = ['constructor']; c0(c).rbac.groups = { constructor: { namespaces: ['production'] } }; }],
    ['an account entry keyed like a prototype member', 'accounts.constructor', (c) => { c.accounts = { constructor: { roleArn: 'arn:aws:iam::999999999999:role/x' } }; }],
    ['a flow declared twice', 'clusters[0].workloads[1].network.ingress[1]', (c) => { c0(c).workloads[1].network.ingress.push({ fromApp: 'orders-api', port: 8080 }); }],
    ['a security-group egress rule declared twice', 'clusters[0].workloads[3].securityGroup.egress[1]', (c) => { const sg = c0(c).workloads[3].securityGroup; sg.egress.push({ ...sg.egress[0] }); }],
    ['two buckets of another account whose addresses collide (my.bucket, my-bucket)', 'clusters[0]', (c) => {
      c.accounts = { '999999999999': { roleArn: 'arn:aws:iam::999999999999:role/deployer', managePolicies: true } };
      c0(c).workloads[0].s3.push({ bucket: 'my.bucket', access: 'read', account: '999999999999' }, { bucket: 'my-bucket', access: 'read', account: '999999999999' });
    }],
    ['a workload name that cdktf reads as an encoded number (svc-82e297)', 'clusters[0].workloads[2].name', (c) => { Object.assign(c0(c).workloads[2], { name: 'svc-82e297', serviceAccount: 'svc-82e297' }); }],
    // cdktf names the remote state through which one stack reads another's outputs
    // cross-stack-reference-input-<stack>, and resolves that reference itself, past the escaping boundary.
    ['a cluster named 82e297 (its stack name, after a "-" in cdktf\'s cross-stack references)', 'clusters[0].name', (c) => { c0(c).name = '82e297'; c0(c).workloads[2].eks[0].cluster = '82e297'; }],
    ['a tag value holding an encoded cdktf number', 'tags.team', (c) => { c.tags = { team: '-8.2e+298' }; }],
    ['a tag value that is exactly cdktf\'s string map token value', 'tags.team', (c) => { c.tags = { team: 'String Map Token Value' }; }],
    ['a tag key that is exactly cdktf\'s any map token value', 'tags.Any Map Token Value', (c) => { c.tags = { 'Any Map Token Value': 'x' }; }],
    ['a tag key holding an encoded cdktf number (a reference to a launch template version)', 'tags.-8.109562212591425e+298', (c) => { c.tags = { '-8.109562212591425e+298': 'x' }; }],
    ['rbac groups whose addresses collide (team:a, team.a)', 'clusters[0]', (c) => {
      c0(c).access.entries[1].kubernetesGroups = ['team:a', 'team.a'];
      c0(c).rbac.groups = { 'team:a': { namespaces: ['production'] }, 'team.a': { namespaces: ['production'] } };
    }],
    ['secrets of another account whose addresses collide (db.password, db-password)', 'clusters[0]', (c) => {
      c.accounts = { '999999999999': { roleArn: 'arn:aws:iam::999999999999:role/deployer', managePolicies: true } };
      c0(c).workloads[1].secrets.push({ secretsManager: 'arn:aws:secretsmanager:us-east-1:999999999999:secret:shared/db.password' }, { secretsManager: 'arn:aws:secretsmanager:us-east-1:999999999999:secret:shared/db-password' });
    }],
    ['one secret of another account named with and without its suffix', 'clusters[0].workloads[1].secrets[3].secretsManager', (c) => {
      c.accounts = { '999999999999': { roleArn: 'arn:aws:iam::999999999999:role/deployer', managePolicies: true } };
      c0(c).workloads[1].secrets.push({ secretsManager: 'arn:aws:secretsmanager:us-east-1:999999999999:secret:shared/api-token' }, { secretsManager: 'arn:aws:secretsmanager:us-east-1:999999999999:secret:shared/api-token-AbCdEf' });
    }],
    ['two workloads whose default role names collide (a-b/c, a/b-c)', 'clusters[0].workloads[5].name', (c) => {
      c0(c).workloads.push({ name: 'c', namespace: 'a-b' }, { name: 'b-c', namespace: 'a' });
    }],
    ['a workload whose role name is the VPC CNI role\'s', 'clusters[0].workloads[4].name', (c) => { c0(c).workloads.push({ name: 'cni', namespace: 'vpc' }); }],
    ['two clusters whose names differ only in case', 'clusters[1].name', (c) => { c.clusters.push({ ...structuredClone(c0(c)), name: 'Production-cluster', workloads: [] }); }],
    ['Edit in kube-system without breakGlass', 'clusters[0].access.entries[2].breakGlass', (c) => { Object.assign(c0(c).access.entries[2], { accessPolicy: 'AmazonEKSEditPolicy', namespaces: ['kube-system'] }); }],
    ['a wildcard service account in an S3 prefix', 'clusters[0].workloads[0].s3[0].prefixes[0]', (c) => {
      Object.assign(c0(c).workloads[0], { serviceAccount: 'job-*', wildcardSubject: { reason: 'one role for all batch jobs' } });
      c0(c).workloads[0].s3[0].prefixes = ['data/{serviceAccount}/'];
    }],
    ['a node label key longer than EKS allows', 'clusters[0].nodeGroups[0].labels.' + 'a'.repeat(60) + '.example.com/role', (c) => { c0(c).nodeGroups[0].labels = { ['a'.repeat(60) + '.example.com/role']: 'x' }; }],
    ['an empty node label value', 'clusters[0].nodeGroups[0].labels.team', (c) => { c0(c).nodeGroups[0].labels = { team: '' }; }],
    ['a node label kubelet refuses to set', 'clusters[0].nodeGroups[0].labels.node-role.kubernetes.io/master', (c) => { c0(c).nodeGroups[0].labels = { 'node-role.kubernetes.io/master': 'true' }; }],
    ['two servers sharing a name (production/my-app, payments/my-app) of one client with a security group', 'clusters[0].workloads[3]', (c) => {
      c0(c).workloads.push({ ...structuredClone(c0(c).workloads[1]), namespace: 'payments', serviceAccount: 'my-app-payments' });
    }],
    ['a flow over TCP and UDP on one port to a workload with its own security group', 'synthesized', (c) => { c0(c).workloads[1].network.ingress = [{ fromApp: 'orders-api', port: 53 }, { fromApp: 'orders-api', port: 53, protocol: 'UDP' }]; }],
    // Number-token text that only appears once names are joined, filled in or hashed.
    ['a namespace 82e297 (joined into role names)', 'clusters[0].workloads[0]', (c) => { c0(c).workloads[0].namespace = '82e297'; }],
    ['a node group 82e297 (joined into its launch template name)', 'clusters[0].nodeGroups[0]', (c) => { c0(c).nodeGroups[0].name = '82e297'; }],
    ['an access-entry principal x@82e297 (its address)', 'clusters[0].access.entries[3]', (c) => { c0(c).access.entries.push({ principalArn: 'arn:aws:iam::123456789012:role/x@82e297', accessPolicy: 'AmazonEKSViewPolicy', namespaces: ['payments'] }); }],
    ['a role name whose hash ends in 829e296', 'clusters[0].workloads[0]', (c) => { Object.assign(c0(c).workloads[0], { name: `w${'x'.repeat(40)}10312543`, serviceAccount: 'app' }); }],
    ['an S3 prefix whose {namespace} completes an encoded reference', 'clusters[0].workloads[0]', (c) => { const w = c0(c).workloads[0]; w.namespace = 'e298'; w.s3[0].prefixes = ['a-8.109562212591425{namespace}+298/']; }],
    ['a record key __proto__ (dropped silently by JavaScript)', 'clusters[0].workloads[1].kms[0].encryptionContext.__proto__', (c) => { c0(c).workloads[1].kms[0].encryptionContext = JSON.parse('{"__proto__": "payments"}'); }],
  ])('%s: no crash; %s', async (_what, expected, mutate) => {
    const c = ex();
    mutate(c);
    const { code, err } = (await expectNoCrash(c));
    if (expected === 'synthesized') expect(`${code} ${err.split('\n').filter((l) => !l.startsWith('warning')).join('\n')}`).toBe('0 ');
    else {
      expect(code).toBe(1);
      expect(err).toContain(`[${expected}] `);
    }
  });
});

describe('config files that crashed synth', () => {
  const run = async (name: string, text: string) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eksguard-file-'));
    writeFileSync(path.join(dir, name), text);
    const err = capture();
    // A throw fails the test: synth must exit with a code.
    const code = await main(['synth', '--config', path.join(dir, name), '--out', path.join(dir, 'cdktf.out')], capture().stream, err.stream);
    return { code, err: err.text() };
  };

  test.each<[string, string, string, string]>([
    ['a YAML alias inside the value it names', 'platform.yaml', 'region: us-east-1\naccountId: "123456789012"\ntags: &t { team: platform, loop: *t }\nclusters: []\n', 'tags.loop'],
    ['JSON nested 3,000 levels deep', 'platform.json', `{"region": "us-east-1", "tags": ${'['.repeat(3000)}${']'.repeat(3000)}}`, 'platform.json'],
    ['JSON nested 100 levels deep', 'platform.json', `{"region": "us-east-1", "tags": ${'['.repeat(100)}${']'.repeat(100)}}`, 'tags[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]'],
    ['JSON with a repeated key', 'platform.json', '{"region": "us-east-1", "region": "eu-west-1"}', 'platform.json:1'],
    ['YAML with an unknown tag', 'platform.yaml', 'region: !!foo us-east-1\n', 'platform.yaml:1'],
  ])('%s: exit 1 and a problem line, never a stack trace', async (_what, name, text, where) => {
    const { code, err } = await run(name, text);
    expect(code).toBe(1);
    expect(err.split('\n').filter((l) => l !== '' && !LINE.test(l))).toEqual([]);
    expect(err).toMatch(new RegExp(`\\[(.*/)?${where.replace(/[[\].]/g, '\\$&')}\\] `));
  });
});

// Names the code uses for its own constructs, JavaScript's prototype members, and ordinary ones.
const INTERNAL = ['access', 'nodes', 'eks', 'aws', 'kubernetes', 'helm', 'cluster', 'cluster_auth', 'irsa', 'pod-identity', 'service-accounts', 'endpoints', 'security-groups', 'addons', 'audit', 'break-glass', 'permissions-boundary', 'vpc-cni', 'namespaces', 'network-policies', 'rbac', 'secrets-store-csi', 'backend', 'oidc'];
const PROTOTYPE = ['constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', '__proto__', 'prototype'];
const label = fc.oneof(fc.constantFrom(...INTERNAL, ...PROTOTYPE.map((p) => p.toLowerCase()), 'default', 'payments', 'a', 'a-1', 'x1'), fc.stringMatching(/^[a-z][a-z0-9-]{0,6}[a-z0-9]$/));
const clusterName = fc.oneof(fc.constantFrom(...INTERNAL, ...PROTOTYPE, 'prod', 'prod-workloads', 'prod-platform', 'p'), fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/));
const principal = fc.constantFrom('role/ops.admin', 'role/ops-admin', 'role/ops_admin', 'role/team/ops-admin', 'user/ops-admin', 'role/break-glass', 'role/access', 'role/constructor').map((r) => `arn:aws:iam::123456789012:${r}`);

const workload = fc.record({
  name: label,
  namespace: label,
  identity: fc.constantFrom('irsa', 'pod-identity', 'irsa-and-pod-identity'),
  s3: fc.array(fc.record({ bucket: fc.constantFrom('prod-artifacts', 'constructor', 'access-logs'), prefixes: fc.constantFrom(['releases/'], ['{namespace}/'], ['a/', 'b/']), access: fc.constantFrom('read', 'write', 'read-write') }), { maxLength: 2 }),
  secrets: fc.array(fc.oneof(fc.record({ secretsManager: fc.constantFrom('prod/app/db', 'prod/app_db', 'constructor') }), fc.record({ ssmParameter: fc.constantFrom('/prod/app/key', 'constructor') })), { maxLength: 2 }),
  sqs: fc.array(fc.record({ queue: fc.constantFrom('events', 'constructor'), access: fc.constantFrom('consume', 'send') }), { maxLength: 1 }),
  /** Clients, as indexes into the cluster's workloads. */
  ingressFrom: fc.array(fc.nat(3), { maxLength: 2 }),
  securityGroup: fc.boolean(),
});

const cluster = fc.record({
  name: clusterName,
  created: fc.boolean(),
  nodeGroups: fc.uniqueArray(label, { minLength: 1, maxLength: 2 }),
  entries: fc.uniqueArray(principal, { maxLength: 3 }),
  groups: fc.uniqueArray(label, { maxLength: 2 }),
  namespaces: fc.uniqueArray(label, { maxLength: 2 }),
  shards: fc.integer({ min: 1, max: 3 }),
  workloads: fc.array(workload, { maxLength: 4 }),
});

function configOf(clusters: any[]): any {
  return {
    region: 'us-east-1',
    accountId: '123456789012',
    clusters: clusters.map((c: any) => {
      const groups = c.entries.length > 0 ? (c.groups as string[]) : [];
      const out: any = {
        name: c.name,
        access: { entries: c.entries.map((p: string, i: number) => (i === 0 && groups.length > 0 ? { principalArn: p, kubernetesGroups: groups } : { principalArn: p, accessPolicy: 'AmazonEKSViewPolicy', namespaces: ['payments'] })) },
        rbac: { groups: Object.fromEntries(groups.map((g) => [g, { namespaces: c.namespaces.length > 0 ? c.namespaces : ['payments'] }])) },
        namespaces: Object.fromEntries(c.namespaces.map((n: string) => [n, { podSecurity: 'baseline', reason: 'generated by the property test' }])),
        sharding: { shards: c.shards },
        workloads: c.workloads.map((w: any) => ({
          name: w.name,
          namespace: w.namespace,
          identity: w.identity,
          s3: w.s3,
          secrets: w.secrets,
          sqs: w.sqs,
          network: { ingress: w.ingressFrom.filter((i: number) => i < c.workloads.length).map((i: number) => ({ fromApp: c.workloads[i].name, port: 8080 })) },
          ...(w.securityGroup ? { securityGroup: { probePorts: [8080] } } : {}),
        })),
      };
      if (c.created) {
        Object.assign(out, {
          network: { vpcId: 'vpc-0123456789abcdef0', vpcCidr: '10.0.0.0/16', privateSubnetIds: ['subnet-0aaa1111', 'subnet-0bbb2222'], privateRouteTableIds: ['rtb-0aaa1111'] },
          secretsEncryption: { keyAdministratorArns: ['arn:aws:iam::123456789012:role/terraform-deployer'] },
          nodeGroups: c.nodeGroups.map((n: string) => ({ name: n, instanceTypes: ['m6i.large'], scaling: { min: 1, desired: 1, max: 2 } })),
        });
      } else {
        out.existing = { oidcIssuerUrl: 'https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE', podIdentityAgent: 'installed', vpcCidr: '10.0.0.0/16', vpcId: 'vpc-0123456789abcdef0', nodeSecurityGroupId: 'sg-0123456789abcdef0' };
      }
      return out;
    }),
  };
}

const RUNS = Number(process.env.EKSGUARD_PROPERTY_RUNS ?? 30);

test(`generated configs (${RUNS} runs): synth exits 0, or 1 with problem lines, and never throws`, async () => {
  let synthesized = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(cluster, { minLength: 1, maxLength: 2 }), async (clusters) => {
      if ((await expectNoCrash(configOf(clusters))).code === 0) synthesized++;
    }),
    { numRuns: RUNS },
  );
  // Not vacuous: some generated configs are valid and get synthesized.
  expect(synthesized).toBeGreaterThan(0);
}, 300_000);

// Text cdktf, Terraform, HCL or JavaScript reads specially. The hand-found cases above came from it:
// every free-text and name position gets some (alone or inside other text), and synth, as JSON and
// as HCL, either refuses it with problem lines or writes it.
const RESERVED = [
  // cdktf's token markers, whole and partial
  '${TfToken[TOKEN.1]}', '#{TfToken[TOKEN.1]}', '&{TfToken[TOKEN.1]}', '${TfToken[', 'TfToken[TOKEN.1]', '$${TfToken[TOKEN.1]}',
  // numbers cdktf decodes as its tokens when written in a string (alone, or after a '-' a join adds), and near ones
  '-8.2e+298', '-8.109562212591425e+298', '82e297', '8.2e298', '-8.2E+298', '-1e289', '1e289', '-1.0e289', '-1e308', 'NaN',
  // cdktf's map token values, and near misses
  'String Map Token Value', 'Any Map Token Value', ' String Map Token Value', 'Any Map Token Value ', 'string map token value',
  // Terraform template sequences and escapes
  '${', '$${', '%{', '%%{', '${}', '${${}}', '${var.x}', '%{ if true }x%{ endif }', '$', '%', '}',
  // characters that end strings or lines, or are not text
  '\u2028', '\u2029', '\u0000', '\ud800', '\udc00', '"', '\\', '\n', '\u00a0', '\ufeff',
  // JSON, JavaScript and HCL words
  '{"a":1}', '[]', 'null', 'true', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '0', '01', '4294967295', 'for', 'if', 'count', 'var',
];
const reservedText = fc.oneof(
  fc.constantFrom(...RESERVED),
  fc.tuple(fc.constantFrom('', 'a', 'x-', '1'), fc.constantFrom(...RESERVED), fc.constantFrom('', 'b', '-1')).map(([a, r, b]) => `${a}${r}${b}`),
);
const w = (c: any, i: number) => c0(c).workloads[i];
/** Each free-text and name position of the schema, given a text (reasons padded to their 10 characters). */
const TEXT_POSITIONS: Record<string, (c: any, s: string) => void> = {
  tagKey: (c, s) => { c.tags = { [s]: 'x' }; },
  tagValue: (c, s) => { c.tags = { team: s }; },
  labelKey: (c, s) => { c0(c).nodeGroups[0].labels = { [s]: 'x' }; },
  labelValue: (c, s) => { c0(c).nodeGroups[0].labels = { team: s }; },
  taint: (c, s) => { c0(c).nodeGroups.push({ name: 'tainted', instanceTypes: ['m6i.large'], scaling: { min: 0, desired: 0, max: 1 }, taints: [{ key: s, value: s, effect: 'NO_SCHEDULE' }] }); },
  breakGlassReason: (c, s) => { c0(c).access.entries[0].breakGlass.reason = `reason: ${s} for review`; },
  namespaceReason: (c, s) => { c0(c).namespaces = { payments: { podSecurity: 'baseline', reason: `reason: ${s} for review` } }; },
  namespaceKey: (c, s) => { c0(c).namespaces = { [s]: { podSecurity: 'baseline', reason: 'generated by the property test' } }; },
  internetReason: (c, s) => { c0(c).network.nodeInternetEgress = { reason: `reason: ${s} for review` }; },
  acknowledgement: (c, s) => { c.acknowledgements = [{ rule: 'CKV_AWS_341', target: `aws_launch_template.${s}`, reason: `reason: ${s} for review` }]; },
  ruleDescription: (c, s) => { w(c, 3).securityGroup.egress[0].description = `rule ${s}`; },
  encryptionContext: (c, s) => { w(c, 1).kms[0].encryptionContext = { [s]: s }; },
  s3Prefix: (c, s) => { w(c, 0).s3[0].prefixes = [`${s}/`]; },
  secretName: (c, s) => { w(c, 1).secrets[0].secretsManager = s; },
  parameterName: (c, s) => { w(c, 1).secrets[1].ssmParameter = s; },
  userName: (c, s) => { c0(c).access.entries[1].userName = s; },
  kubernetesGroup: (c, s) => { c0(c).access.entries[1].kubernetesGroups = [s]; c0(c).rbac.groups = { [s]: { namespaces: ['production'] } }; },
  roleName: (c, s) => { w(c, 0).roleName = s; },
  workloadName: (c, s) => { Object.assign(w(c, 2), { name: s, serviceAccount: s }); },
  namespace: (c, s) => { w(c, 0).namespace = s; },
  nodeGroupName: (c, s) => { c0(c).nodeGroups[0].name = s; },
  clusterName: (c, s) => { c0(c).name = s; w(c, 2).eks[0].cluster = s; },
  logGroup: (c, s) => { c0(c).logging = { cloudTrailLogGroupName: s }; },
  stateDir: (c, s) => { c.backend = { type: 'local', stateDir: s }; },
  workspacePrefix: (c, s) => { c.backend = { type: 'cloud', organization: 'org', workspacePrefix: s }; },
};

test(`reserved text in every free-text and name position (${RUNS} runs): synth and synth --hcl exit 0, or 1 with problem lines, and never throw`, async () => {
  let synthesized = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(...Object.keys(TEXT_POSITIONS)), reservedText), { minLength: 1, maxLength: 2 }), async (edits) => {
      const c = ex();
      for (const [at, text] of edits) TEXT_POSITIONS[at](c, text);
      if ((await expectNoCrash(c)).code !== 0) return;
      synthesized++;
      expect((await expectNoCrash(c, true)).code).toBe(0);
    }),
    { numRuns: RUNS },
  );
  // Not vacuous: some of the texts are accepted where they stand, and get synthesized.
  expect(synthesized).toBeGreaterThan(0);
}, 300_000);
