import { cpSync, readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { main } from '../../src/cli/main';
import { review, reviewMarkdown } from '../../src/review/review';
import { documentOf, loadTerraform, TfDocument } from '../../src/rules';
import { exampleInput, stackJson, synthTo, tempOut } from '../support/synth';

const STACKS = ['production-cluster', 'production-cluster-platform', 'production-cluster-workloads'];
const W = 'production-cluster-workloads';
const ROLE = 'payments_app-sqs-consumer';
const ISSUER = '${local.production-cluster_issuer}';
const baseOut = synthTo(exampleInput());
const baseJson = () => Object.fromEntries(STACKS.map((s) => [s, stackJson(baseOut, s)]));
const docs = (stacks: Record<string, any>): TfDocument[] => STACKS.map((s) => documentOf(stacks[s], s, `${s}/cdk.tf.json`));
/** The example's output with one change, as documents. */
function headWith(change: (s: Record<string, any>) => void): TfDocument[] {
  const s = baseJson();
  change(s);
  return docs(s);
}
const editTrust = (s: Record<string, any>, edit: (st: any) => void) => {
  const role = s[W].resource.aws_iam_role[ROLE];
  const doc = JSON.parse(role.assume_role_policy);
  edit(doc.Statement[0]);
  role.assume_role_policy = JSON.stringify(doc);
};
const base = docs(baseJson());
const only = (r: ReturnType<typeof review>) => r.changes.map((c) => [c.category, c.resource, c.broadening]);

describe('eksguard review', () => {
  test('a new subject in a trust widens it', async () => {
    const r = review(base, headWith((s) => editTrust(s, (st) => (st.Condition.StringEquals[`${ISSUER}:sub`] = ['system:serviceaccount:payments:app-sqs-consumer', 'system:serviceaccount:payments:debug']))));
    expect(only(r)).toEqual([['trust', `${W}/aws_iam_role.${ROLE}`, true]]);
    expect(r.changes[0].detail).toContain('system:serviceaccount:payments:debug');
  });

  test('removing the audience from a trust widens it', async () => {
    const r = review(base, headWith((s) => editTrust(s, (st) => delete st.Condition.StringEquals[`${ISSUER}:aud`])));
    expect(only(r)).toEqual([['trust', `${W}/aws_iam_role.${ROLE}`, true]]);
  });

  test('StringEquals turned into StringLike widens a trust', async () => {
    const r = review(base, headWith((s) => editTrust(s, (st) => {
      st.Condition = { StringLike: st.Condition.StringEquals };
    })));
    expect(only(r)).toEqual([['trust', `${W}/aws_iam_role.${ROLE}`, true]]);
    expect(r.broadening).toBe(1);
  });

  test('a new wildcard action widens the role\'s permissions', async () => {
    const r = review(base, headWith((s) => {
      const p = s[W].resource.aws_iam_role_policy[ROLE];
      const doc = JSON.parse(p.policy);
      doc.Statement.push({ Sid: 'More', Effect: 'Allow', Action: 's3:Get*', Resource: 'arn:aws:s3:::prod-artifacts/*' });
      p.policy = JSON.stringify(doc);
    }));
    expect(only(r)).toEqual([['permissions', `${W}/aws_iam_role.${ROLE}`, true]]);
    expect(r.changes[0].detail).toBe('+ s3:Get* on arn:aws:s3:::prod-artifacts/*');
  });

  test('a removed KMS key is reported by address, and narrows nothing into broadening', async () => {
    const r = review(base, headWith((s) => delete s['production-cluster'].resource.aws_kms_key.secrets));
    expect(only(r)).toEqual([['access', 'production-cluster/aws_kms_key.secrets', false], ['lifecycle', 'production-cluster/aws_kms_key.secrets', false]]);
    expect(reviewMarkdown(r)).toContain('`production-cluster/aws_kms_key.secrets` (removed)');
    expect(r.broadening).toBe(0);
  });

  test('a replaced cluster or role is reported as a replacement', async () => {
    const r = review(base, headWith((s) => (s[W].resource.aws_iam_role[ROLE].name = 'renamed-role')));
    expect(r.changes.filter((c) => c.category === 'lifecycle').map((c) => c.detail)).toEqual(['aws_iam_role is replaced (destroyed and created): name changed']);
  });

  test('fails when the issuer local is swapped to another cluster\'s issuer: every role that reads it is unclassified', () => {
    const r = review(base, headWith((s) => (s[W].locals['production-cluster_issuer'] = '${replace(data.terraform_remote_state.cross-stack-reference-input-other-cluster.outputs.issuer, "https://", "")}')));
    const roles = r.changes.filter((c) => c.classification === 'unclassified').map((c) => c.resource);
    expect(roles).toEqual(expect.arrayContaining([`${W}/aws_iam_role.${ROLE}`]));
    expect(r.changes.find((c) => c.resource === `${W}/aws_iam_role.${ROLE}`)!.detail).toContain('local.production-cluster_issuer (read by this block)');
    expect(r.broadening).toBe(r.changes.length);
  });

  test('fails when the cluster\'s public endpoint is opened to the internet', () => {
    const r = review(base, headWith((s) => Object.assign(s['production-cluster'].resource.aws_eks_cluster['production-cluster'].vpc_config, { endpoint_public_access: true, public_access_cidrs: ['0.0.0.0/0'] })));
    expect(only(r)).toEqual([['clusters', 'production-cluster/aws_eks_cluster.production-cluster', true]]);
    expect(r.changes[0].detail).toBe('+ public endpoint reachable from 0.0.0.0/0');
  });

  test('reordering every list of the config reports nothing', async () => {
    const input = exampleInput();
    const c = input.clusters[0];
    c.workloads.reverse();
    c.nodeGroups.push({ name: 'batch', instanceTypes: ['c6i.xlarge'], scaling: { min: 0, desired: 1, max: 4 } });
    const withBatch = exampleInput();
    withBatch.clusters[0].nodeGroups.push({ name: 'batch', instanceTypes: ['c6i.xlarge'], scaling: { min: 0, desired: 1, max: 4 } });
    c.nodeGroups.reverse();
    c.access.entries.reverse();
    c.network.endpoints.reverse();
    const r = review(loadTerraform([synthTo(withBatch)]), loadTerraform([synthTo(input)]));
    expect(r.changes).toEqual([]);
    expect(reviewMarkdown(r)).toContain('No security-relevant changes.');
  });

  test('narrowing (a removed grant) is reported without counting as broadening', async () => {
    const r = review(base, headWith((s) => {
      const p = s[W].resource.aws_iam_role_policy[ROLE];
      const doc = JSON.parse(p.policy);
      doc.Statement = doc.Statement.filter((st: any) => !String(st.Sid).startsWith('Sqs'));
      p.policy = JSON.stringify(doc);
    }));
    expect(only(r)).toEqual([['permissions', `${W}/aws_iam_role.${ROLE}`, false]]);
  });

  test('the CLI prints Markdown or JSON and exits 3 with --fail-on broadening when access widens', async () => {
    const head = path.join(path.dirname(tempOut()), 'head');
    cpSync(baseOut, head, { recursive: true });
    const file = path.join(head, 'stacks', W, 'cdk.tf.json');
    const json = JSON.parse(readFileSync(file, 'utf8'));
    const doc = JSON.parse(json.resource.aws_iam_role[ROLE].assume_role_policy);
    doc.Statement[0].Condition = { StringLike: doc.Statement[0].Condition.StringEquals };
    json.resource.aws_iam_role[ROLE].assume_role_policy = JSON.stringify(doc);
    writeFileSync(file, JSON.stringify(json));
    let stdout = '';
    const run = async (args: string[]) => (await main(args, { write: (s: string) => ((stdout += s), true) } as never, { write: () => true } as never));
    expect((await run(['review', '--base', baseOut, '--head', head, '--fail-on', 'broadening']))).toBe(3);
    expect(stdout).toContain('**1 change(s) widen access.**');
    expect(stdout).toContain(`\`${W}/aws_iam_role.${ROLE}\``);
    stdout = '';
    expect((await run(['review', '--base', baseOut, '--head', head, '--format', 'json']))).toBe(0);
    expect(JSON.parse(stdout).broadening).toBe(1);
    expect((await run(['review', '--base', baseOut, '--head', baseOut, '--fail-on', 'broadening']))).toBe(0);
    expect((await run(['review', '--base', baseOut]))).toBe(2);
  });
});

describe('eksguard review across accounts', () => {
  test('a new cross-account grant or bucket policy statement widens access', async () => {
    const input = exampleInput();
    input.accounts = { '999999999999': { roleArn: 'arn:aws:iam::999999999999:role/eksguard-deployer', managePolicies: true } };
    input.clusters[0].workloads[1].kms[0].keyArn = 'arn:aws:kms:us-east-1:999999999999:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    input.clusters[0].workloads[1].s3.push({ bucket: 'shared-reports', access: 'read', account: '999999999999' });
    const r = review(loadTerraform([baseOut]), loadTerraform([synthTo(input)]));
    const access = r.changes.filter((c) => c.category === 'access' && c.broadening).map((c) => c.resource.split('/')[0]);
    expect(access).toEqual(expect.arrayContaining(['production-cluster-account-999999999999']));
    expect(r.changes.some((c) => c.resource.includes('aws_s3_bucket_policy.shared-reports') && c.broadening)).toBe(true);
    expect(r.changes.some((c) => c.resource.includes('aws_kms_grant.') && c.broadening)).toBe(true);
  });
});
