/**
 * The registry is the only place a service family is wired: here the SQS descriptor is swapped for
 * a throwaway one reading the same schema field, and validation and the whole synth follow it
 * (grants, the pods' public-AWS egress, the other account's stack, the account checks) with no
 * other code changed.
 */
import type { ServiceFamily } from '../../src/policy/services';
import { validateConfig } from '../../src/config';
import { exampleInput, stackJson, synthTo } from '../support/synth';

const OTHER = '999999999999';

jest.mock('../../src/policy/services', () => {
  const actual = jest.requireActual('../../src/policy/services');
  const throwaway: ServiceFamily<{ queue: string; access: string }> = {
    field: 'sqs',
    grants: (ctx, e) => [{ sid: 'ThrowawayPurge', actions: ['sqs:PurgeQueue'], resources: [`arn:${ctx.partition}:sqs:${ctx.region}:${e.queue.startsWith('arn:') ? e.queue.split(':')[4] : ctx.accountId}:throwaway-${e.queue.split(':').pop()}`] }],
    // Called on public addresses: no interface endpoint is named sns.
    directServices: () => ['sns' as never],
    resourceSide: (_ctx, e, _w, grantee) => (e.queue.startsWith('arn:') ? [{ kind: 'bucket-policy', account: e.queue.split(':')[4], resource: `throwaway-${e.queue.split(':').pop()}`, statement: { Sid: `${grantee.sidPrefix}Throwaway`, Effect: 'Allow', Principal: { AWS: grantee.roleArn }, Action: 's3:GetObject', Resource: '*' } }] : []),
    resources: (e) => [{ field: 'queue', account: e.queue.startsWith('arn:') ? e.queue.split(':')[4] : '', writesSide: true, value: e.queue }],
    checks: (entries, at) => ({
      problems: entries.flatMap((e, i) => (e.queue.includes('forbidden') ? [{ path: `${at.path}[${i}].queue`, message: 'is refused by the throwaway family', value: e.queue, fix: 'Rename the queue' }] : [])),
      warnings: entries.map((_, i) => ({ path: `${at.path}[${i}]`, message: `${at.workload.name} uses the throwaway family` })),
    }),
  };
  return { ...actual, SERVICE_FAMILIES: actual.SERVICE_FAMILIES.map((f: ServiceFamily) => (f.field === 'sqs' ? throwaway : f)) };
});

/** The example plus a workload whose only AWS access is one queue of another account. */
function input(queue: string, declared: boolean): any {
  const c = exampleInput();
  c.clusters[0].workloads.push({ name: 'throwaway', namespace: 'payments', sqs: [{ queue, access: 'send' }] });
  if (declared) c.accounts = { [OTHER]: { roleArn: `arn:aws:iam::${OTHER}:role/deployer`, managePolicies: true } };
  return c;
}

describe('a family swapped in the registry', () => {
  const queue = `arn:aws:sqs:us-east-1:${OTHER}:orders`;

  test('fails validation by its own account checks and entry checks', () => {
    const wi = input(queue, false).clusters[0].workloads.length - 1;
    expect(validateConfig(input(queue, false)).problems.map((p) => p.path)).toEqual([`clusters[0].workloads[${wi}].sqs[0].queue`]);
    expect(validateConfig(input(`${queue}-forbidden`, true)).problems.map((p) => `${p.path} ${p.message}`)).toEqual([`clusters[0].workloads[${wi}].sqs[0].queue is refused by the throwaway family`]);
    const ok = validateConfig(input(queue, true));
    expect(ok.problems).toEqual([]);
    expect(ok.warnings).toContainEqual({ path: `clusters[0].workloads[${wi}].sqs[0]`, message: 'throwaway uses the throwaway family' });
  });

  test('synthesizes its grants, endpoint needs and resource side, and nothing of the family it replaced', () => {
    const out = synthTo(input(queue, true));
    const workloads = stackJson(out, 'production-cluster-workloads');
    const policy = JSON.parse(workloads.resource.aws_iam_role_policy['payments_throwaway'].policy);
    expect(policy.Statement).toEqual([expect.objectContaining({ Sid: 'ThrowawayPurge', Action: 'sqs:PurgeQueue', Resource: `arn:aws:sqs:us-east-1:${OTHER}:throwaway-orders` })]);
    expect(JSON.stringify(workloads.resource.aws_iam_role_policy)).not.toContain('SqsConsume');
    // sqs has an interface endpoint in the example, so only the throwaway's "sns" needs public egress.
    expect(workloads.resource.kubernetes_network_policy_v1['payments_throwaway_aws-public']).toBeDefined();
    const other = stackJson(out, `production-cluster-account-${OTHER}`);
    expect(Object.keys(other.resource.aws_s3_bucket_policy)).toEqual(['throwaway-orders']);
  });
});
