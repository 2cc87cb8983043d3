import { z } from 'zod';
import { validateConfig } from '../../src/config';
import { workloadSchema, type EndpointService, type PlatformConfig, type WorkloadConfig } from '../../src/config/schema';
import { accountStackProblems, workloadServiceChecks } from '../../src/config/service-checks';
import { directAwsServices } from '../../src/kubernetes/objects';
import { crossAccountAccess, familyAccountAccess } from '../../src/policy/cross-account';
import type { AwsContext } from '../../src/policy/document';
import { entriesOf, familyDirectServices, familyGrants, SERVICE_FAMILIES, type ServiceFamily } from '../../src/policy/services';
import { planClusterIdentities, workloadGrants } from '../../src/policy/workload';
import { exampleInput } from '../../bench/generate';

const OTHER = '999999999999';
const ctx: AwsContext = { partition: 'aws', region: 'us-east-1', accountId: '123456789012' };

/** Workload fields that are not an AWS service family: identity, trust, in-cluster settings. */
const NOT_SERVICES = ['name', 'namespace', 'serviceAccount', 'identity', 'podIdentity', 'roleName', 'maxSessionDurationSeconds', 'permissionsBoundary', 'stsRegionalEndpoints', 'tokenExpirationSeconds', 'automountServiceAccountToken', 'wildcardSubject', 'network', 'securityGroup'];

/** A workload schema's fields, each with whether it is a list (after defaults and optionals). */
function workloadFields(shape: Record<string, any> = (workloadSchema as any).in.shape): Array<{ field: string; list: boolean }> {
  return Object.entries(shape).map(([field, schema]) => {
    let inner = schema;
    while (inner.def.innerType !== undefined) inner = inner.def.innerType;
    return { field, list: inner.def.type === 'array' };
  });
}

/** What the coverage rule finds wrong: service fields without a descriptor, descriptors without a field, fields named twice. */
function coverageProblems(fields: Array<{ field: string; list: boolean }>, families: readonly ServiceFamily[]): string[] {
  const described = families.map((f) => f.field);
  const services = fields.filter((f) => f.list || !NOT_SERVICES.includes(f.field)).map((f) => f.field);
  return [
    ...services.filter((f) => !described.includes(f)).map((f) => `${f}: no descriptor`),
    ...described.filter((f) => !services.includes(f)).map((f) => `${f}: no schema field`),
    ...described.filter((f, i) => described.indexOf(f) !== i).map((f) => `${f}: two descriptors`),
  ];
}

const valid = (input: unknown): PlatformConfig => {
  const r = validateConfig(input);
  if (r.config === undefined) throw new Error(r.problems.map((p) => `${p.path} ${p.message}`).join('\n'));
  return r.config;
};

describe('the registry and the schema', () => {
  // Rule pinned: a service is one descriptor plus its schema entry; neither exists without the other.
  // A workload list field is a service family; any other field must be listed in NOT_SERVICES.
  test('every workload service field of the schema has exactly one descriptor, and every descriptor a schema field', () => {
    expect(coverageProblems(workloadFields(), SERVICE_FAMILIES)).toEqual([]);
    expect(NOT_SERVICES.filter((f) => !workloadFields().some((x) => x.field === f))).toEqual([]);
  });

  test.each<[string, () => Array<{ field: string; list: boolean }>, readonly ServiceFamily[], string[]]>([
    ['a schema entry without its descriptor', () => workloadFields((workloadSchema as any).in.extend({ sns: z.array(z.strictObject({ topic: z.string() })).default([]) }).shape), SERVICE_FAMILIES, ['sns: no descriptor']],
    ['a new non-list field not declared a non-service', () => workloadFields((workloadSchema as any).in.extend({ priority: z.number().optional() }).shape), SERVICE_FAMILIES, ['priority: no descriptor']],
    ['a descriptor without its schema entry', () => workloadFields(), [...SERVICE_FAMILIES, { ...SERVICE_FAMILIES[0], field: 'sns' }], ['sns: no schema field']],
    ['two descriptors of one field', () => workloadFields(), [...SERVICE_FAMILIES, SERVICE_FAMILIES[0]], ['s3: two descriptors']],
  ])('fails when there is %s', (_, fields, families, expected) => {
    expect(coverageProblems(fields(), families)).toEqual(expected);
  });

  test('the registry order is the statement order of a workload policy (new families go last)', () => {
    expect(SERVICE_FAMILIES.map((f) => f.field)).toEqual(['s3', 'kms', 'secrets', 'sqs', 'dynamodb', 'eks', 'ecr']);
  });
});

// One entry per family: its grants (statement ids), the services the pods call, and what another
// account must allow when the entry is there. Rule pinned: each family's descriptor alone says it.
describe.each<[string, unknown, string[], EndpointService[], unknown, Array<{ kind: string; account: string }>]>([
  ['s3', { bucket: 'b1', access: 'read', delete: false }, ['S3Objects', 'S3List'], ['s3'], { bucket: 'b1', access: 'read', delete: false, account: OTHER }, [{ kind: 'bucket-policy', account: OTHER }, { kind: 'bucket-policy', account: OTHER }]],
  ['kms', { keyArn: `arn:aws:kms:us-east-1:123456789012:key/${'a'.repeat(8)}-1111-2222-3333-${'b'.repeat(12)}`, access: ['decrypt'] }, ['Kms'], ['kms'], { keyArn: `arn:aws:kms:us-east-1:${OTHER}:key/${'a'.repeat(8)}-1111-2222-3333-${'b'.repeat(12)}`, access: ['decrypt'] }, [{ kind: 'kms-grant', account: OTHER }]],
  ['secrets', { secretsManager: 'prod/db' }, ['SecretsManagerRead'], [], { secretsManager: `arn:aws:secretsmanager:us-east-1:${OTHER}:secret:prod/db-AbCdEf` }, [{ kind: 'secret-policy', account: OTHER }]],
  ['sqs', { queue: 'q1', access: 'consume' }, ['SqsConsume'], ['sqs'], { queue: `arn:aws:sqs:us-east-1:${OTHER}:q1`, access: 'consume' }, []],
  ['dynamodb', { table: 'orders', access: 'read', indexes: true }, ['DynamodbTable', 'DynamodbIndexes'], ['dynamodb'], { table: `arn:aws:dynamodb:us-east-1:${OTHER}:table/orders`, access: 'read', indexes: true }, []],
  ['eks', { cluster: 'other', access: 'read' }, ['EksDescribe', 'EksDescribe', 'EksDescribe', 'EksDescribe', 'EksList'], ['eks'], { cluster: 'other', access: 'read' }, []],
  ['ecr', { repository: 'team/app', access: 'pull' }, ['EcrPull', 'EcrAuthorization'], [], { repository: `arn:aws:ecr:us-east-1:${OTHER}:repository/team/app`, access: 'pull' }, [{ kind: 'repository-policy', account: OTHER }]],
])('the %s family', (field, entry, sids, services, foreign, sides) => {
  const family = SERVICE_FAMILIES.find((f) => f.field === field)!;
  const w = { namespace: 'payments', name: 'app', serviceAccount: 'app', identity: 'irsa' } as unknown as WorkloadConfig;
  const grantee = { namespace: 'payments', name: 'app', roleArn: 'arn:aws:iam::123456789012:role/app', sidPrefix: 'app' };
  const gctx = { ...ctx, placeholders: {} };

  test('grants its statements', () => expect(family.grants(gctx, entry, w).map((g) => g.sid)).toEqual(sids));
  test('names the services the pods call', () => expect(family.directServices(entry)).toEqual(services));
  test('asks nothing of another account for a resource of the platform account', () => {
    expect(family.resourceSide(gctx, entry, w, grantee).filter((s) => s.account !== ctx.accountId)).toEqual([]);
  });
  test('says what another account must allow for a resource there', () => {
    expect(family.resourceSide(gctx, foreign, w, grantee).map((s) => ({ kind: s.kind, account: s.account }))).toEqual(sides);
  });
});

/**
 * A throwaway family reading a field no schema has: an SNS topic. Registered only in test-local
 * registries, it shows that grants, endpoint needs, another account's side and the account checks
 * all come from the descriptor. (Its topic policy travels as a bucket-policy side only because the
 * account stack renders those kinds; a real SNS family would add a topic-policy kind there.)
 */
const snsFamily: ServiceFamily<{ topic: string }> = {
  field: 'sns',
  grants: (c, e) => [{ sid: 'SnsPublish', actions: ['sns:Publish'], resources: [e.topic.startsWith('arn:') ? e.topic : `arn:${c.partition}:sns:${c.region}:${c.accountId}:${e.topic}`] }],
  directServices: () => ['sns' as EndpointService],
  resourceSide: (_c, e, _w, grantee) => (e.topic.startsWith('arn:') ? [{ kind: 'bucket-policy', account: e.topic.split(':')[4], resource: `topic-${e.topic.split(':')[5]}`, statement: { Sid: `${grantee.sidPrefix}Publish`, Effect: 'Allow', Principal: { AWS: grantee.roleArn }, Action: 'sns:Publish', Resource: '*' } }] : []),
  resources: (e) => [{ field: 'topic', account: e.topic.startsWith('arn:') ? e.topic.split(':')[4] : '', writesSide: true, value: e.topic, region: e.topic.startsWith('arn:') ? e.topic.split(':')[3] : undefined }],
  checks: (entries, at) => ({
    problems: entries.flatMap((e, i) => (e.topic.endsWith('.fifo') ? [{ path: `${at.path}[${i}].topic`, message: 'is a FIFO topic, which this test family refuses', value: e.topic, fix: 'Use a standard topic' }] : [])),
    warnings: entries.length > 1 ? [{ path: at.path, message: `${at.workload.name} publishes to ${entries.length} topics` }] : [],
  }),
};

describe('a family registered only in a test-local registry', () => {
  const families = [...SERVICE_FAMILIES, snsFamily];
  const config = valid(exampleInput());
  const cluster = config.clusters[0];
  const w = cluster.workloads.find((x) => x.name === 'my-app')! as WorkloadConfig & { sns?: Array<{ topic: string }> };
  w.sns = [{ topic: 'orders' }, { topic: `arn:aws:sns:eu-west-1:${OTHER}:audit.fifo` }];
  const gctx = { ...ctx, placeholders: {} };

  test('its grants follow the registered families\', in registry order, and the default registry has none of them', () => {
    const sids = familyGrants(families, gctx, w).map((g) => g.sid);
    expect(sids.slice(-2)).toEqual(['SnsPublish', 'SnsPublish']);
    expect(sids.slice(0, -2)).toEqual(workloadGrants(ctx, w, {}).map((g) => g.sid));
    expect(workloadGrants(ctx, w, {}).map((g) => g.sid)).not.toContain('SnsPublish');
  });

  test('its endpoint needs join the workload\'s direct services', () => {
    expect(familyDirectServices(families, w)).toEqual([...directAwsServices(w), 'sns']);
    expect(familyDirectServices([snsFamily], { name: 'other' })).toEqual([]);
  });

  test('its resource side reaches the other account\'s stack, naming the workload role', () => {
    const { plans } = planClusterIdentities(config, cluster, 'clusters[0]');
    const withSns = familyAccountAccess(families, config, cluster, plans, ctx);
    expect(crossAccountAccess(config, cluster, plans, ctx)).toEqual([]);
    expect(withSns.map((a) => a.account)).toEqual([OTHER]);
    const role = plans.find((p) => p.name === 'my-app')!;
    expect(withSns[0].bucketPolicies['topic-audit.fifo'].Statement).toEqual([{ Sid: `${role.roleName.replace(/[^A-Za-z0-9]/g, '')}Publish`, Effect: 'Allow', Principal: { AWS: role.roleArn }, Action: 'sns:Publish', Resource: '*' }]);
  });

  test('fails when its other account is not declared, and when its own check refuses an entry', () => {
    const wi = cluster.workloads.indexOf(w);
    const r = workloadServiceChecks(families, config, w, `clusters[0].workloads[${wi}]`);
    expect(r.problems.map((p) => `${p.path} ${p.message}`)).toEqual([
      `clusters[0].workloads[${wi}].sns[1].topic is in account ${OTHER}, whose side of the access (a KMS grant or resource policy) eksguard cannot write without a role there; calls would fail with AccessDenied`,
      `clusters[0].workloads[${wi}].sns[1].topic is a FIFO topic, which this test family refuses`,
    ]);
    expect(r.warnings).toEqual([{ path: `clusters[0].workloads[${wi}].sns`, message: 'my-app publishes to 2 topics' }]);
    expect(workloadServiceChecks(SERVICE_FAMILIES, config, w, 'w').problems).toEqual([]);
  });

  test('fails when the declared account works in another region than the resource', () => {
    const declared = { ...config, accounts: { [OTHER]: { roleArn: `arn:aws:iam::${OTHER}:role/deployer`, managePolicies: true } } } as PlatformConfig;
    const wi = cluster.workloads.indexOf(w);
    expect(accountStackProblems(families, declared).map((p) => `${p.path} ${p.message}`)).toEqual([`clusters[0].workloads[${wi}].sns[1].topic is in eu-west-1, but the stack for account ${OTHER} works in us-east-1`]);
    expect(accountStackProblems(SERVICE_FAMILIES, declared)).toEqual([]);
    expect(workloadServiceChecks(families, declared, w, 'w').problems.map((p) => p.message)).toEqual(['is a FIFO topic, which this test family refuses']);
  });

  test('entriesOf reads only the family\'s own field, and nothing from a workload without it', () => {
    expect(entriesOf(snsFamily, w)).toHaveLength(2);
    expect(entriesOf(snsFamily, { sns: 'not a list' })).toEqual([]);
  });
});

describe('src/policy/README.md: the sketch of a new family', () => {
  // The sketch is run as written (its relative imports mapped to src/policy/services/), in a test-local registry.
  const readme = require('fs').readFileSync(require('path').join(__dirname, '../../src/policy/README.md'), 'utf8') as string;
  const source = /```ts\n([\s\S]*?)```/.exec(readme)![1].replace(/^ {3}/gm, '');
  const { code } = require('@swc/core').transformSync(source, { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } });
  const exports: Record<string, ServiceFamily> = {};
  const req = (id: string) => require(id === './index' ? '../../src/policy/services' : id.replace(/^\.\.\/\.\.\//, '../../src/'));
  new Function('require', 'module', 'exports', code)(req, { exports }, exports);
  const sketch = exports.snsFamily;
  const config = valid(exampleInput());
  const w = { ...config.clusters[0].workloads[0], sns: [{ topic: 'orders' }, { topic: `arn:aws:sns:us-east-1:${OTHER}:audit` }] } as unknown as WorkloadConfig;

  test('grants, endpoint needs and account checks come from it alone', () => {
    expect(familyGrants([sketch], { ...ctx, placeholders: {} }, w)).toEqual([
      { sid: 'SnsPublish', actions: ['sns:Publish'], resources: ['arn:aws:sns:us-east-1:123456789012:orders'] },
      { sid: 'SnsPublish', actions: ['sns:Publish'], resources: [`arn:aws:sns:us-east-1:${OTHER}:audit`] },
    ]);
    expect(familyDirectServices([sketch], w)).toEqual(['sns']);
    expect(workloadServiceChecks([sketch], config, w, 'w')).toEqual({ problems: [], warnings: [{ path: 'w.sns[1].topic', message: `is in account ${OTHER}: its resource policy must also allow this workload's role, or calls fail with AccessDenied` }] });
  });
});
