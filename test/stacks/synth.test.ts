import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { isWildcardOnlyAction } from '@cloud-copilot/iam-simulate';
import { main } from '../../src/cli/main';
import type { PolicyDocument } from '../../src/policy/document';
import { assumeRoleWithWebIdentity, identityDecision } from '../support/iam';
import { blocks, withoutReport, exampleInput, existingClusterInput, filesOf, generatedInput, stackJson, synthTo, tempOut } from '../support/synth';

const ISSUER = 'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const PROVIDER = `arn:aws:iam::123456789012:oidc-provider/${ISSUER}`;

// The example creates its cluster; the same platform on an existing cluster is the other path.
const out = synthTo(exampleInput());
const clusterStack = stackJson(out, 'production-cluster');
const workloads = stackJson(out, 'production-cluster-workloads');
const existingOut = synthTo(existingClusterInput());
const existingCluster = stackJson(existingOut, 'production-cluster');
const existingWorkloads = stackJson(existingOut, 'production-cluster-workloads');

/**
 * Resolve, in a created cluster's workloads stack, the two references IRSA trusts carry: the issuer
 * local (checked to be the cluster's issuer without its scheme) and the provider ARN (checked to be
 * the cluster stack's provider), as Terraform would after the cluster exists.
 */
function resolveCreatedTrust(trustJson: string): string {
  const local = workloads.locals['production-cluster_issuer'];
  const issuerOutput = /^\$\{replace\(data\.terraform_remote_state\.cross-stack-reference-input-production-cluster\.outputs\.([\w-]+), "https:\/\/", ""\)\}$/.exec(local)![1];
  expect(clusterStack.output[issuerOutput].value).toBe('${aws_eks_cluster.production-cluster.identity[0].oidc[0].issuer}');
  const providerRef = /"Federated":"\$\{data\.terraform_remote_state\.cross-stack-reference-input-production-cluster\.outputs\.([\w-]+)\}"/.exec(trustJson)![1];
  expect(clusterStack.output[providerRef].value).toBe('${aws_iam_openid_connect_provider.production-cluster.arn}');
  return trustJson
    .split('${local.production-cluster_issuer}').join(ISSUER)
    .split(`\${data.terraform_remote_state.cross-stack-reference-input-production-cluster.outputs.${providerRef}}`).join(PROVIDER);
}

/** Every IAM document in the output, parsed from its literal JSON string. */
function policies(allStacks = [clusterStack, workloads]): Array<{ where: string; doc: PolicyDocument }> {
  return allStacks.flatMap((stack) =>
    blocks(stack).flatMap(({ type, name, body }) => {
      const out: Array<{ where: string; doc: PolicyDocument }> = [];
      if (type === 'aws_iam_role') out.push({ where: `${type}.${name}.assume_role_policy`, doc: JSON.parse(body.assume_role_policy) });
      if (type === 'aws_iam_role_policy' || type === 'aws_iam_policy') out.push({ where: `${type}.${name}.policy`, doc: JSON.parse(body.policy) });
      return out;
    }),
  );
}
const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

describe('the synthesized example', () => {
  test('has one cluster stack with the OIDC provider and one workloads stack', async () => {
    expect(Object.keys(filesOf(out)).sort()).toEqual(['.eksguard-output', 'eksguard-report.json', 'manifest.json', 'stacks/production-cluster-platform/cdk.tf.json', 'stacks/production-cluster-workloads/cdk.tf.json', 'stacks/production-cluster/cdk.tf.json']);
    const provider = clusterStack.resource.aws_iam_openid_connect_provider['production-cluster'];
    expect(provider.url).toBe('${aws_eks_cluster.production-cluster.identity[0].oidc[0].issuer}');
    expect(provider.client_id_list).toEqual(['sts.amazonaws.com']);
    expect(provider.thumbprint_list).toBeUndefined();
    expect(clusterStack.data).toBeUndefined(); // no tls_certificate download at plan time
  });

  test('on an existing cluster: the OIDC provider for its literal issuer, access entries, and no cluster resources', async () => {
    const provider = existingCluster.resource.aws_iam_openid_connect_provider['production-cluster'];
    expect(provider.url).toBe(`https://${ISSUER}`);
    expect(provider.thumbprint_list).toBeUndefined();
    for (const type of ['aws_eks_cluster', 'aws_eks_node_group', 'aws_kms_key', 'aws_vpc_endpoint', 'aws_security_group']) expect(existingCluster.resource[type]).toBeUndefined();
    expect(Object.keys(existingCluster.resource.aws_eks_access_entry).sort()).toEqual(['role_DeveloperRole', 'role_PaymentsReadOnly', 'role_sso-infra-platform']);
    expect(existingCluster.resource.aws_eks_access_entry.role_DeveloperRole.cluster_name).toBe('production-cluster');
    expect(existingWorkloads.data.terraform_remote_state).toBeUndefined(); // literal provider ARN, no cross-stack read
  });

  test('names providers by fully qualified source with version ranges', async () => {
    expect(workloads.terraform.required_providers).toEqual({
      aws: { source: 'hashicorp/aws', version: '>= 6.25.0, < 7.0.0' },
      kubernetes: { source: 'hashicorp/kubernetes', version: '>= 2.38.0, < 3.0.0' },
    });
  });

  test('configures kubernetes from the cluster with a short-lived token, never static credentials', async () => {
    const k8s = workloads.provider.kubernetes[0];
    expect(k8s).toEqual({
      host: '${data.aws_eks_cluster.cluster.endpoint}',
      cluster_ca_certificate: '${base64decode(data.aws_eks_cluster.cluster.certificate_authority[0].data)}',
      token: '${data.aws_eks_cluster_auth.cluster_auth.token}',
    });
    expect(clusterStack.provider.kubernetes).toBeUndefined(); // kubernetes never beside the cluster stack
  });

  test('keeps local state outside cdktf.out, with a relative path', async () => {
    const statePath = workloads.terraform.backend.local.path;
    expect(path.isAbsolute(statePath)).toBe(false);
    expect(path.resolve(out, 'stacks', 'production-cluster-workloads', statePath)).toBe(path.resolve('terraform.production-cluster-workloads.tfstate'));
  });

  test('writes every policy as a literal JSON document, with no aws_iam_policy_document data sources', async () => {
    // cluster stack: 3 trusts (cluster, nodes, vpc-cni) + boundary; workloads: 4 trusts + 4 inline
    expect(policies().length).toBe(4 + 8);
    for (const stack of [clusterStack, workloads]) expect(stack.data?.aws_iam_policy_document).toBeUndefined();
    expect(policies([existingCluster, existingWorkloads]).length).toBe(1 + 8); // boundary + the workloads
    // Literal: no Terraform reference (`$${` is an escaped IAM policy variable, not a reference).
    for (const { doc } of policies([existingCluster, existingWorkloads])) expect(JSON.stringify(doc).split('$${').join('')).not.toContain('${');
  });

  test('every role carries the permissions boundary that denies IAM writes, role chaining and organization changes', async () => {
    const boundary = JSON.parse(clusterStack.resource.aws_iam_policy['permissions-boundary'].policy);
    const denied = boundary.Statement.filter((s: any) => s.Effect === 'Deny').flatMap((s: any) => s.Action);
    expect(denied).toEqual(expect.arrayContaining(['iam:PassRole', 'iam:CreateAccessKey', 'iam:Attach*', 'iam:Put*', 'sts:AssumeRole', 'organizations:*']));
    const arn = 'arn:aws:iam::123456789012:policy/production-cluster-eksguard-boundary';
    for (const role of [...blocks(clusterStack), ...blocks(workloads)].filter((b) => b.type === 'aws_iam_role')) {
      expect(`${role.name}: ${role.body.permissions_boundary}`).toBe(`${role.name}: ${role.name === 'cluster' || role.name === 'nodes' || role.name === 'vpc-cni' ? '${aws_iam_policy.permissions-boundary.arn}' : arn}`);
    }
    expect(clusterStack.resource.aws_iam_policy['permissions-boundary'].name).toBe('production-cluster-eksguard-boundary');
  });

  test('a boundary of one\'s own replaces eksguard\'s on every role, and a workload\'s own replaces it on that role only', async () => {
    const input = exampleInput();
    input.iam = { permissionsBoundary: { arn: 'arn:aws:iam::123456789012:policy/org/landing-zone-boundary', reason: 'the landing zone mandates its boundary' } };
    input.clusters[0].workloads[1].permissionsBoundary = { arn: 'arn:aws:iam::123456789012:policy/team-boundary', reason: 'the production team owns its boundary' };
    const dir = synthTo(input);
    const cluster = stackJson(dir, 'production-cluster');
    const roles = [...blocks(cluster), ...blocks(stackJson(dir, 'production-cluster-workloads'))].filter((b) => b.type === 'aws_iam_role');
    expect(cluster.resource.aws_iam_policy?.['permissions-boundary']).toBeUndefined();
    expect(roles.length).toBeGreaterThan(5);
    for (const role of roles) {
      expect(`${role.name}: ${role.body.permissions_boundary}`).toBe(`${role.name}: ${role.name === 'production_my-app' ? 'arn:aws:iam::123456789012:policy/team-boundary' : 'arn:aws:iam::123456789012:policy/org/landing-zone-boundary'}`);
    }
  });

  test('has no * action and no * resource except for actions AWS only grants on *', async () => {
    // The boundary only caps roles (it grants nothing), and its wildcards are Denies or NotAction.
    for (const { where, doc } of policies().filter((p) => !p.where.startsWith('aws_iam_policy.permissions-boundary'))) {
      for (const s of doc.Statement) {
        for (const action of list(s.Action)) expect(`${where}: ${action}`).not.toMatch(/(^|:)\*$|: \*$/);
        if (list(s.Resource).includes('*')) {
          for (const action of list(s.Action)) {
            const [service, name] = action.split(':');
            expect(`${where}: ${action} wildcard-only=${await isWildcardOnlyAction(service, name)}`).toBe(`${where}: ${action} wildcard-only=true`);
          }
        }
      }
    }
  });

  test.each([
    ['a created cluster (references resolved)', () => workloads, resolveCreatedTrust],
    ['an existing cluster (literal)', () => existingWorkloads, (t: string) => t],
  ])('on %s, every role trusts exactly its own service account (evaluated from the synthesized JSON)', (_, stack, resolve) => {
    // The IRSA workloads (the Pod Identity one is proven in pod-identity.test.ts; its role admits no web identity).
    const accounts = blocks(stack()).filter((b) => b.type === 'kubernetes_service_account_v1' && b.body.metadata.annotations !== undefined);
    const roles = blocks(stack()).filter((b) => b.type === 'aws_iam_role' && accounts.some((a) => a.name === b.name));
    expect(roles.map((r) => r.name).sort()).toEqual(['default_svc-test', 'payments_app-sqs-consumer', 'production_my-app']);
    for (const role of roles) {
      const sa = accounts.find((a) => a.name === role.name)!.body.metadata;
      expect(sa.annotations['eks.amazonaws.com/role-arn']).toBe(`\${aws_iam_role.${role.name}.arn}`);
      const trust = JSON.parse(resolve(role.body.assume_role_policy));
      const claims = (sub: string) => ({ [`${ISSUER}:sub`]: sub, [`${ISSUER}:aud`]: 'sts.amazonaws.com' });
      expect(assumeRoleWithWebIdentity(trust, { providerArn: PROVIDER, claims: claims(`system:serviceaccount:${sa.namespace}:${sa.name}`) })).toBe('Allowed');
      for (const other of accounts.filter((a) => a.name !== role.name)) {
        const m = other.body.metadata;
        expect(assumeRoleWithWebIdentity(trust, { providerArn: PROVIDER, claims: claims(`system:serviceaccount:${m.namespace}:${m.name}`) })).toBe('ImplicitlyDenied');
      }
    }
  });

  test('service accounts do not automount API tokens and use regional STS', async () => {
    for (const sa of blocks(workloads).filter((b) => b.type === 'kubernetes_service_account_v1')) {
      expect(sa.body.automount_service_account_token).toBe(false);
      if (sa.name !== 'orders_orders-api') expect(sa.body.metadata.annotations['eks.amazonaws.com/sts-regional-endpoints']).toBe('true');
    }
    expect(workloads.resource.kubernetes_service_account_v1['orders_orders-api'].metadata.annotations).toBeUndefined();
  });

  test('the consumer role reads and writes releases/ only (evaluated from the synthesized JSON)', async () => {
    const doc = JSON.parse(workloads.resource.aws_iam_role_policy['payments_app-sqs-consumer'].policy);
    expect(await identityDecision(doc, { action: 's3:PutObject', resource: 'arn:aws:s3:::prod-artifacts/releases/a' })).toBe('Allowed');
    expect(await identityDecision(doc, { action: 's3:PutObject', resource: 'arn:aws:s3:::prod-artifacts/other/a' })).toBe('ImplicitlyDenied');
    expect(await identityDecision(doc, { action: 'sqs:ReceiveMessage', resource: 'arn:aws:sqs:us-east-1:123456789012:payments-events' })).toBe('Allowed');
    expect(await identityDecision(doc, { action: 'sqs:SendMessage', resource: 'arn:aws:sqs:us-east-1:123456789012:payments-events' })).toBe('ImplicitlyDenied');
  });
});

describe('cost, order and determinism', () => {
  // The base cost: what every workload gets (secrets, flows and own security groups add their own resources).
  test.each([
    { kind: 'an IRSA workload', keep: (w: any) => w.identity !== 'pod-identity', most: 3 },
    { kind: 'a Pod Identity workload', keep: (w: any) => w.identity === 'pod-identity', most: 4 },
  ])('$kind costs 0 data sources and at most $most resources', ({ keep, most }) => {
    const count = (n: number) => {
      const input = generatedInput(n, keep);
      for (const w of input.clusters[0].workloads) {
        delete w.secrets;
        delete w.securityGroup;
        delete w.s3; // S3 adds the workload's public-HTTPS egress policy
      }
      const doc = stackJson(synthTo(input), 'production-cluster-workloads');
      return { resources: blocks(doc).length, data: blocks(doc, 'data').length };
    };
    const twenty = count(20);
    const forty = count(40); // the same 20 namespaces: only per-workload resources grow
    expect(forty.data).toBe(twenty.data);
    expect((forty.resources - twenty.resources) / 20).toBe(most);
  });

  test('secrets add one SecretProviderClass, and an own security group a fixed set, per workload', async () => {
    const count = (n: number, keepFeatures: boolean) => {
      const input = generatedInput(n, (w: any) => w.name === 'my-app' || w.name === 'orders-api');
      if (!keepFeatures) for (const w of input.clusters[0].workloads) { delete w.secrets; delete w.securityGroup; }
      return blocks(stackJson(synthTo(input), 'production-cluster-workloads')).length;
    };
    // 20 workloads: 10 with secrets (+1 SecretProviderClass each), 10 with a security group (+11 each: the
    // group, its SecurityGroupPolicy, DNS out and CoreDNS in (2 + 2), endpoints out and in (2), S3 out,
    // the database rule and the NetworkPolicy egress that lets it through; the example's flows name
    // workloads the generator renames, so none here).
    expect(count(20, true) - count(20, false)).toBe(10 * 1 + 10 * 11);
  });

  test('reordering workloads and clusters changes no byte of the output', async () => {
    const input = exampleInput();
    input.clusters.push({ name: 'staging', kubernetesVersion: '1.33', existing: { oidcIssuerUrl: 'https://oidc.eks.us-east-1.amazonaws.com/id/STAGING0000000000000000000000000', vpcCidr: '10.1.0.0/16' }, workloads: [{ name: 'api', namespace: 'web' }] });
    const reordered = JSON.parse(JSON.stringify(input));
    reordered.clusters.reverse();
    reordered.clusters[1].workloads.reverse();
    reordered.clusters[1].workloads[0].s3 = [...(reordered.clusters[1].workloads[0].s3 ?? [])].reverse();
    // The report names config paths by position, which follow the config's order; the stacks do not.
    expect(withoutReport(filesOf(synthTo(reordered)))).toEqual(withoutReport(filesOf(synthTo(input))));
  });

  test('two synths produce identical bytes', async () => {
    expect(filesOf(synthTo(exampleInput()))).toEqual(filesOf(out));
  });
});

describe('the CLI edge', () => {
  const run = async (args: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = (await main(args, { write: (s: string) => ((stdout += s), true) } as never, { write: (s: string) => ((stderr += s), true) } as never));
    return { code, stdout, stderr };
  };

  test('fails when the config is invalid, and leaves an earlier cdktf.out byte-for-byte as it was', async () => {
    const dir = tempOut();
    expect((await run(['synth', '--out', dir])).code).toBe(0);
    const before = filesOf(dir);
    const bad = path.join(path.dirname(dir), 'bad.yaml');
    writeFileSync(bad, readFileSync(path.join(__dirname, '../../examples/platform.yaml'), 'utf8').replace('namespace: payments', 'namespace: Payments'));
    const r = (await run(['synth', '--config', bad, '--out', dir]));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[clusters[0].workloads[0].namespace] namespace must be a DNS-1123 label (got "Payments")');
    expect(r.stderr).toContain('nothing was written');
    expect(filesOf(dir)).toEqual(before);
    expect(readdirSync(path.dirname(dir)).sort()).toEqual(['bad.yaml', 'cdktf.out']); // no temporary sibling left
  });

  test('keeps Terraform working files of a stack across synths', async () => {
    const dir = tempOut();
    (await run(['synth', '--out', dir]));
    const lock = path.join(dir, 'stacks', 'production-cluster', '.terraform.lock.hcl');
    mkdirSync(path.join(dir, 'stacks', 'production-cluster', '.terraform'));
    writeFileSync(lock, '# lock');
    expect((await run(['synth', '--out', dir])).code).toBe(0);
    expect(readFileSync(lock, 'utf8')).toBe('# lock');
    expect(existsSync(path.join(dir, 'stacks', 'production-cluster', '.terraform'))).toBe(true);
  });

  test('prints a warning for a wildcard subject on every synth, and creates no service account for it', async () => {
    const dir = tempOut();
    const cfg = path.join(path.dirname(dir), 'wild.yaml');
    writeFileSync(cfg, readFileSync(path.join(__dirname, '../../examples/platform.yaml'), 'utf8').replace('serviceAccount: svc-test', 'serviceAccount: "svc-*"\n        wildcardSubject: { reason: "a test operator creates these service accounts" }'));
    for (let i = 0; i < 2; i++) {
      const r = (await run(['synth', '--config', cfg, '--out', dir]));
      expect(r.code).toBe(0);
      expect(r.stderr).toContain('warning [clusters[0].workloads[2].wildcardSubject] trust admits every service account matching system:serviceaccount:default:svc-*');
    }
    const doc = stackJson(dir, 'production-cluster-workloads');
    expect(doc.resource.kubernetes_service_account_v1['default_svc-test']).toBeUndefined();
    expect(doc.output['default_svc-test_role_arn'].value).toBe('${aws_iam_role.default_svc-test.arn}');
  });

  test('schema prints a JSON Schema naming the config fields', async () => {
    const r = (await run(['schema']));
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout);
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['region', 'accountId', 'clusters', 'backend', 'iam']));
    expect(schema.required).toEqual(expect.arrayContaining(['region', 'accountId', 'clusters']));
  });

  test('fails on an unknown command or option with exit 2', async () => {
    expect((await run(['deploy'])).code).toBe(2);
    expect((await run(['synth', '--outdir', 'x'])).code).toBe(2);
  });
});
