/**
 * The stack preparation of the Terraform tier, on a small hand-written schema (no terraform needed):
 * it removes only the documented 6.x arguments and kubernetes/helm parts, and reports anything else
 * the schema lacks, so the tier cannot pass by deleting what the provider would refuse.
 */
import { overrideFor, prepareStack, referencesOf } from './support/prepare';
import type { ProviderSchema } from './support/tools';

const schema: ProviderSchema = {
  provider: { block: { attributes: { region: {}, allowed_account_ids: {} }, block_types: { default_tags: { nesting_mode: 'list', block: { attributes: { tags: {} } } } } } },
  resource_schemas: {
    aws_eks_cluster: { block: { attributes: { name: {}, role_arn: {} }, block_types: { vpc_config: { nesting_mode: 'list', block: { attributes: { subnet_ids: {} } } } } } },
    aws_eks_pod_identity_association: { block: { attributes: { cluster_name: {}, role_arn: {} } } },
  },
  data_source_schemas: { aws_eks_cluster: { block: { attributes: { name: {} } } } },
};

const stack = (): any => ({
  terraform: { backend: { s3: { bucket: 'b' } }, required_providers: { aws: { source: 'hashicorp/aws', version: '>= 6.25.0' }, kubernetes: { source: 'hashicorp/kubernetes' } } },
  provider: { aws: [{ region: 'us-east-1', allowed_account_ids: ['123456789012'] }], kubernetes: [{ host: '${data.aws_eks_cluster.cluster.endpoint}' }] },
  data: { aws_eks_cluster: { cluster: { name: 'c' } } },
  resource: {
    aws_eks_cluster: { c: { name: 'c', role_arn: 'arn', deletion_protection: true, vpc_config: [{ subnet_ids: ['s'] }] } },
    aws_eks_pod_identity_association: { a: { cluster_name: 'c', role_arn: 'arn', target_role_arn: 'arn2', disable_session_tags: true } },
    kubernetes_namespace_v1: { ns: { metadata: [{ name: 'n' }] } },
  },
  output: { ns: { value: '${kubernetes_namespace_v1.ns.id}' } },
});

describe('prepareStack', () => {
  test('removes the 6.x arguments, kubernetes parts, the backend, allowed_account_ids and the now-unread cluster lookup', () => {
    const p = prepareStack('s', stack(), schema, '5.100.0', () => '/tmp/state');
    expect(p.problems).toEqual([]);
    expect(p.sixXFound).toEqual(['aws_eks_cluster.deletion_protection', 'aws_eks_pod_identity_association.disable_session_tags', 'aws_eks_pod_identity_association.target_role_arn']);
    expect(p.doc.resource).toEqual({ aws_eks_cluster: { c: { name: 'c', role_arn: 'arn', vpc_config: [{ subnet_ids: ['s'] }] } }, aws_eks_pod_identity_association: { a: { cluster_name: 'c', role_arn: 'arn' } } });
    expect(p.doc.terraform).toEqual({ required_providers: { aws: { source: 'hashicorp/aws', version: '5.100.0' } } });
    expect(p.doc.provider).toEqual({ aws: [{ region: 'us-east-1' }] });
    expect(p.doc.data).toBeUndefined();
    expect(p.doc.output).toEqual({});
    expect(p.cannotPlan).toBeUndefined();
  });

  test.each([
    ['a top-level argument', (d: any) => (d.resource.aws_eks_cluster.c.made_up = 1), 'aws_eks_cluster.c.made_up'],
    ['an argument in a nested block', (d: any) => (d.resource.aws_eks_cluster.c.vpc_config[0].made_up = 1), 'aws_eks_cluster.c.vpc_config[0].made_up'],
    ['a provider argument', (d: any) => (d.provider.aws[0].made_up = 1), 'provider.aws[0].made_up'],
    ['a 6.x argument on another type', (d: any) => (d.resource.aws_eks_pod_identity_association.a.deletion_protection = true), 'aws_eks_pod_identity_association.a.deletion_protection'],
  ])('fails when %s is unknown to the schema and not on the 6.x list', (_label, edit, where) => {
    const d = stack();
    edit(d);
    const p = prepareStack('s', d, schema, '5.100.0', () => '/tmp/state');
    expect(p.problems).toEqual([expect.stringContaining(`${where}: the AWS provider 5.100 schema has no argument`)]);
  });

  test('fails when an AWS resource references a removed kubernetes resource', () => {
    const d = stack();
    d.resource.aws_eks_cluster.c.name = '${kubernetes_namespace_v1.ns.id}';
    expect(prepareStack('s', d, schema, '5.100.0', () => '/tmp/state').problems).toEqual(['[s] an AWS part references the removed kubernetes_namespace_v1.ns.']);
  });

  test('keeps an AWS data source that AWS parts read, and says the stack cannot plan offline', () => {
    const d = stack();
    d.resource.aws_eks_cluster.c.role_arn = '${data.aws_eks_cluster.cluster.name}';
    const p = prepareStack('s', d, schema, '5.100.0', () => '/tmp/state');
    expect(p.doc.data).toEqual({ aws_eks_cluster: { cluster: { name: 'c' } } });
    expect(p.cannotPlan).toMatch(/aws_eks_cluster/);
  });

  test('remote state reads a local file and lists the outputs read', () => {
    const d = stack();
    d.data.terraform_remote_state = { 'cross-stack-reference-input-c': { backend: 's3', config: { bucket: 'b' } } };
    d.resource.aws_eks_cluster.c.role_arn = '${data.terraform_remote_state.cross-stack-reference-input-c.outputs.x-arn}';
    const p = prepareStack('s', d, schema, '5.100.0', (source) => `/tmp/${source}.tfstate`);
    expect(p.doc.data.terraform_remote_state).toEqual({ 'cross-stack-reference-input-c': { backend: 'local', config: { path: '/tmp/c.tfstate' } } });
    expect(p.remoteState).toEqual({ 'cross-stack-reference-input-c': ['x-arn'] });
    expect(p.cannotPlan).toBeUndefined();
  });

  test('references: live interpolations only, escaped ones are text', () => {
    expect(referencesOf({ a: '${aws_iam_role.r.arn}-$${aws_iam_role.fake.arn}', b: ['${data.aws_eks_cluster.c.endpoint}'] }).sort()).toEqual(['aws_iam_role.r', 'data.aws_eks_cluster.c']);
  });

  test('the override file holds fake credentials and every skip flag for each aws provider', () => {
    expect(overrideFor({ provider: { aws: [{ alias: 'p0' }] } }).provider.aws).toEqual([
      expect.objectContaining({ alias: 'p0', skip_credentials_validation: true, skip_requesting_account_id: true, skip_metadata_api_check: true, access_key: expect.any(String), secret_key: expect.any(String) }),
    ]);
  });
});
