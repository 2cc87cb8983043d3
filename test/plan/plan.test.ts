/**
 * planPlatform: one complete, pure plan per cluster. Pins the created|existing union, the shards
 * (every workload in exactly one, the one its stack name says), every relaxation with its config
 * path, reason and rules, and that a workload's trust is computed once, in the plan.
 */
import { planPlatform, bindTrust, RELAXATION_RULES, type ClusterPlan, type IdentityKind } from '../../src/plan';
import { IDENTITIES, type IdentityKind as ConfigIdentityKind } from '../../src/config/schema';
import { shardOf, workloadsStackName } from '../../src/naming';
import { synthesize } from '../../src/app/synth';
import { everyFeatureInput } from '../support/fixtures';
import { exampleInput, tempOut, valid } from '../support/synth';

jest.mock('../../src/policy/trust', () => {
  const actual = jest.requireActual('../../src/policy/trust');
  return { ...actual, irsaTrust: jest.fn(actual.irsaTrust) };
});
// eslint-disable-next-line @typescript-eslint/no-require-imports
const trust = require('../../src/policy/trust') as { irsaTrust: jest.Mock };

const planOf = (input: unknown): ClusterPlan[] => {
  const { plans, problems } = planPlatform(valid(input));
  expect(problems).toEqual([]);
  return plans;
};

describe('planPlatform', () => {
  test('a config that validates but cannot be planned gives every problem and no plan, never a plan missing a workload', () => {
    const input = exampleInput();
    // Valid entry by entry, but more than an inline policy and ten managed policies can hold.
    input.clusters[0].workloads[0].s3 = Array.from({ length: 400 }, (_, i) => ({ bucket: `bucket-number-${i}-with-a-long-name-for-size`, prefixes: [`some/long/prefix/path/number/${i}/`], access: 'read-write' }));
    const result = planPlatform(valid(input));
    expect(result.problems.map((p) => p.path)).toEqual(['clusters[0].workloads[0]']);
    expect(result.problems[0].message).toMatch(/permission policy is \d+ characters/);
    expect(result.plans).toEqual([]);
  });

  test('the plan\'s identity kinds are the config\'s (a copy, so constructs need not import the config)', () => {
    // Compile-time both ways (tsc --noEmit fails if either union gains a member), and at run time.
    const fromConfig: IdentityKind[] = [...IDENTITIES];
    const toConfig: ConfigIdentityKind[] = fromConfig;
    expect(toConfig).toEqual(['irsa', 'pod-identity', 'irsa-and-pod-identity']);
  });

  const plans = planOf(everyFeatureInput());
  const byName = new Map(plans.map((p) => [p.name, p]));
  const production = byName.get('production-cluster')!;
  const staging = byName.get('staging-cluster')!;

  test('a created and an existing cluster are the two kinds of one union, each with only its own fields', () => {
    expect(production.cluster.kind).toBe('created');
    expect(staging.cluster.kind).toBe('existing');
    if (production.cluster.kind !== 'created' || staging.cluster.kind !== 'existing') throw new Error('kinds');
    expect(production.cluster.nodeGroups.map((g) => g.name)).toEqual([...production.cluster.nodeGroups.map((g) => g.name)].sort());
    expect(production.cluster.network.interfaceEndpoints).not.toContain('s3');
    expect(staging.cluster.oidcIssuerUrl).toMatch(/^https:\/\/oidc\.eks\./);
    expect(staging.cluster.createPodIdentityAgent).toBe(true); // podIdentityAgent: create, and a Pod Identity workload
    expect(Object.keys(staging.cluster)).not.toContain('nodeGroups');
  });

  test('stack names: the cluster, its platform, one per shard holding exactly the workloads hashed to it, and the account stacks', () => {
    expect(production.stacks).toEqual({
      cluster: 'production-cluster',
      platform: 'production-cluster-platform',
      workloads: ['production-cluster-workloads-0', 'production-cluster-workloads-1'],
      accounts: ['production-cluster-account-999999999999'],
    });
    expect(staging.stacks.workloads).toEqual(['staging-cluster-workloads']);
    for (const p of plans) {
      const shards = p.stacks.workloads.length;
      expect(p.shards.map((s) => s.name)).toEqual(p.stacks.workloads);
      const placed = p.shards.flatMap((s) => s.workloads.map((w) => [s.name, `${w.identity.namespace}/${w.identity.name}`]));
      expect(placed.map(([, w]) => w).sort()).toEqual(p.identities.map((i) => `${i.namespace}/${i.name}`).sort());
      for (const [stack, w] of placed) {
        const [namespace, name] = w.split('/');
        expect(stack).toBe(workloadsStackName(p.name, shardOf(namespace, name, shards), shards));
      }
    }
  });

  test('every relaxation names its config path, reason and rules, and is held where it is rendered', () => {
    if (production.cluster.kind !== 'created') throw new Error('kind');
    const paths = production.relaxations.map((r) => r.configPath).sort();
    expect(paths).toEqual([
      'clusters[0].access.breakGlassRole',
      'clusters[0].endpointAccess',
      'clusters[0].logging.reducedTypes',
      'clusters[0].network.nodeInternetEgress',
      'clusters[0].nodeGroups[1].imds',
      'clusters[0].workloads[4].wildcardSubject',
      ...production.accessEntries.filter((e) => e.relaxation !== undefined).map((e) => `${e.configPath}.breakGlass`),
    ].sort());
    for (const r of production.relaxations) {
      expect(r.reason.length).toBeGreaterThanOrEqual(10);
      expect(r.rules.length).toBeGreaterThan(0);
    }
    const held = [
      ...production.cluster.clusterRelaxations,
      production.cluster.network.nodeInternetEgress,
      ...production.cluster.nodeGroups.map((g) => g.imdsRelaxation),
      ...production.accessEntries.map((e) => e.relaxation),
      production.breakGlassRole?.relaxation,
      ...production.shards.flatMap((s) => s.workloads.flatMap((w) => [w.roleRelaxation, w.associationRelaxation])),
    ].filter((r) => r !== undefined);
    expect(new Set(held)).toEqual(new Set(production.relaxations));
    expect(production.cluster.clusterRelaxations.map((r) => r.rules)).toEqual([RELAXATION_RULES.publicEndpoint, RELAXATION_RULES.reducedLogTypes]);
    const batch = production.shards.flatMap((s) => s.workloads).find((w) => w.identity.name === 'batch')!;
    expect(batch.roleRelaxation).toEqual({ configPath: 'clusters[0].workloads[4].wildcardSubject', reason: 'one role for every batch job service account', rules: RELAXATION_RULES.wildcardSubject, attachesTo: 'the role of legacy/batch' });
    expect(staging.relaxations).toEqual([]);
  });

  test('each workload holds its share of the other accounts\' access: the shares add up to the account stacks\' access', () => {
    const workloads = production.shards.flatMap((s) => s.workloads);
    const reaching = workloads.filter((w) => w.crossAccount.length > 0);
    expect(reaching.length).toBeGreaterThan(0);
    for (const w of reaching) {
      for (const a of w.crossAccount) {
        for (const g of a.kmsGrants) expect(g.granteeRoleArn).toBe(w.identity.roleArn);
        for (const docs of [a.bucketPolicies, a.secretPolicies, a.repositoryPolicies]) {
          for (const doc of Object.values(docs)) for (const st of doc.Statement) expect(st.Principal).toEqual({ AWS: w.identity.roleArn });
        }
      }
    }
    for (const account of production.accounts) {
      const shares = workloads.flatMap((w) => w.crossAccount.filter((a) => a.account === account.access.account));
      expect(shares.flatMap((a) => a.kmsGrants).map((g) => g.key).sort()).toEqual(account.access.kmsGrants.map((g) => g.key).sort());
      for (const kind of ['bucketPolicies', 'secretPolicies', 'repositoryPolicies'] as const) {
        const count = (docs: Record<string, { Statement: unknown[] }>) => Object.values(docs).reduce((n, d) => n + d.Statement.length, 0);
        expect(shares.reduce((n, a) => n + count(a[kind]), 0)).toBe(count(account.access[kind]));
      }
    }
  });

  test('an agent installed outside eksguard relaxes the Pod Identity associations of that cluster only', () => {
    const input = everyFeatureInput();
    input.clusters[1].existing.podIdentityAgent = 'installed';
    const [, other] = planOf(input);
    const associations = other.shards.flatMap((s) => s.workloads).filter((w) => w.associationRelaxation !== undefined);
    expect(associations.map((w) => w.identity.identity)).toEqual(associations.map(() => expect.not.stringMatching(/^irsa$/)));
    expect(associations.length).toBeGreaterThan(0);
    expect(other.relaxations.every((r) => r.configPath === 'clusters[1].existing.podIdentityAgent')).toBe(true);
  });

  test('a created cluster\'s trust names stand-ins that bindTrust replaces by the provider\'s references, and nothing else', () => {
    const w = production.shards.flatMap((s) => s.workloads).find((x) => x.identity.identity !== 'pod-identity')!;
    expect(w.trust.oidc.standIn).toBe(true);
    const bound = bindTrust(w.trust, { arn: 'PROVIDER_ARN', issuer: 'ISSUER' });
    const text = JSON.stringify(bound);
    expect(text).not.toContain(w.trust.oidc.providerArn);
    expect(text).not.toContain(w.trust.oidc.issuer);
    expect(text.replace(/PROVIDER_ARN/g, w.trust.oidc.providerArn).replace(/ISSUER:/g, `${w.trust.oidc.issuer}:`)).toBe(JSON.stringify(w.trust.document));
    expect(() => bindTrust(w.trust)).toThrow(/provider/);
    const existing = staging.shards.flatMap((s) => s.workloads)[0];
    expect(existing.trust.oidc.standIn).toBe(false);
    expect(bindTrust(existing.trust, { arn: 'X', issuer: 'Y' })).toBe(existing.trust.document);
  });

  test('each workload\'s IRSA trust is built once per synth, in the plan; the role construct only binds it', () => {
    trust.irsaTrust.mockClear();
    const config = valid(exampleInput());
    const workloads = planPlatform(config).plans[0].identities.map((w) => `${w.namespace}:${w.serviceAccount}`);
    trust.irsaTrust.mockClear();
    synthesize(config, tempOut());
    const subjects = trust.irsaTrust.mock.calls.map(([p]: [{ namespace: string; serviceAccount: string }]) => `${p.namespace}:${p.serviceAccount}`);
    // Every workload once (whatever its identity kind: the plan checks the IRSA statement's safety for each); the VPC CNI's IrsaRole once.
    expect(subjects.filter((s) => s !== 'kube-system:aws-node').sort()).toEqual([...workloads].sort());
    expect(subjects.filter((s) => s === 'kube-system:aws-node')).toHaveLength(1);
  });
});

describe('rendering a created cluster\'s workloads by hand', () => {
  test('a workloads stack without the cluster stack\'s references throws, naming the prop to pass', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { App } = require('cdktf');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { WorkloadsStack } = require('../../stacks/workloads-stack');
    const [plan] = planOf(exampleInput());
    const app = new App({ outdir: tempOut(), stackTraces: false });
    expect(() => new WorkloadsStack(app, plan.shards[0].name, { plan, shard: plan.shards[0], outdir: tempOut() })).toThrow(/need its cluster stack's references: pass clusterReferences: clusterStack\.workloadReferences/);
  });
});
