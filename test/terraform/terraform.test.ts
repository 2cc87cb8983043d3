/**
 * The Terraform tier: every stack of the matrix (support/matrix.ts) through the real Terraform CLI
 * and AWS provider 5.100 from the offline mirror — `terraform validate` for all, `terraform plan`
 * for those that plan offline — and the hardening settings read back from `terraform show -json`.
 * Skipped with a warning where terraform or the mirror is missing (failing under
 * EKSGUARD_REQUIRE_TERRAFORM=1, as in .ci/run).
 */
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { validateConfig } from '../../src/config/validate';
import { launchTemplateName } from '../../src/naming';
import { everyFeatureInput } from '../support/fixtures';
import { terraformMatrix } from './support/matrix';
import { SIX_X_ARGUMENTS } from './support/prepare';
import { blockShapesOf, buildRoots, fakeOutputValue, plans, type PreparedModule, type Roots } from './support/root';
import { TerraformStack } from 'cdktf';
import { buildApp } from '../../src/app/build';
import { type BlockShapes, collectBlockShapes } from '../../src/terraform/hcl';
import { valid } from '../support/synth';
import { describeTerraform } from './support/tier';
import { awsProviderSchema, runTerraform, terraformOk, type TerraformTools } from './support/tools';

const LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];
/** Values eksguard must never write, each proven to be refused by Terraform here (and by the config schema, below). */
const BREAK_GLASS_900 = 'regression-break-glass-900';

describeTerraform('Terraform tier: the matrix through terraform validate and plan (AWS provider 5.100)', (toolsOf) => {
  let tools: TerraformTools;
  let roots: Roots;
  let matrix: Record<string, any>;
  let validation: { valid: boolean; error_count: number; diagnostics: Array<{ severity: string; summary: string; detail: string; range?: { filename: string } }> };
  let plan: any;
  let hclPlan: any;
  let hclValidation: typeof validation;

  beforeAll(() => {
    tools = toolsOf();
    matrix = terraformMatrix();
    roots = buildRoots(tools, matrix, mkdtempSync(path.join(tmpdir(), 'eksguard-tf-tier-')), {
      // The break-glass role at 900 s (the bug: the schema once accepted it; IAM needs 3600-43200).
      [BREAK_GLASS_900]: {
        from: 'every-feature--production-cluster',
        edit: (doc) => {
          const roles = Object.values<any>(doc.resource.aws_iam_role).filter((r) => r.max_session_duration === 3600 && /break-glass/.test(JSON.stringify(r)));
          if (roles.length !== 1) throw new Error(`expected one break-glass role, found ${roles.length}`);
          roles[0].max_session_duration = 900;
        },
      },
    });
    terraformOk(tools, roots.validateRoot, ['init', '-input=false', '-no-color']);
    validation = JSON.parse(runTerraform(tools, roots.validateRoot, ['validate', '-json', '-no-color']).stdout);
    terraformOk(tools, roots.planRoot, ['init', '-input=false', '-no-color']);
    terraformOk(tools, roots.planRoot, ['plan', '-out=plan.bin', '-input=false', '-no-color', '-lock=false', '-refresh=false']);
    plan = JSON.parse(terraformOk(tools, roots.planRoot, ['show', '-json', 'plan.bin']));
    terraformOk(tools, roots.hclPlanRoot, ['init', '-input=false', '-no-color']);
    terraformOk(tools, roots.hclPlanRoot, ['plan', '-out=plan.bin', '-input=false', '-no-color', '-lock=false', '-refresh=false']);
    hclPlan = JSON.parse(terraformOk(tools, roots.hclPlanRoot, ['show', '-json', 'plan.bin']));
    terraformOk(tools, roots.hclValidateRoot, ['init', '-input=false', '-no-color']);
    hclValidation = JSON.parse(runTerraform(tools, roots.hclValidateRoot, ['validate', '-json', '-no-color']).stdout);
  }, 900_000);

  // The roots (about 2 MB a run) go, unless kept for a look: EKSGUARD_KEEP_TERRAFORM_ROOTS=1.
  afterAll(() => {
    if (roots === undefined) return;
    if (process.env.EKSGUARD_KEEP_TERRAFORM_ROOTS === '1') console.log(`Terraform roots kept in ${roots.dir}`);
    else rmSync(roots.dir, { recursive: true, force: true });
  });

  const distinct = () => roots.modules.filter((m) => m.sameAs === undefined);
  const moduleFile = (d: { range?: { filename: string } }) => d.range?.filename.split(path.sep).find((_, i, all) => all[i - 1] === 'modules');

  test('every stack is prepared by removing only the documented 6.x arguments, and each of them is still written', () => {
    expect(roots.modules.flatMap((m) => m.problems)).toEqual([]);
    // The list is not stale: each entry is met in the matrix (a removed argument would make it a silent skip).
    expect([...new Set(roots.modules.flatMap((m) => m.sixXFound))].sort()).toEqual([...SIX_X_ARGUMENTS].sort());
    // Every config of the matrix synthesized stacks, and the AWS parts of every stack were kept.
    expect([...new Set(roots.modules.map((m) => m.config))].sort()).toEqual(Object.keys(matrix).sort());
  });

  test('each 6.x argument on the list is really absent from the mirror provider\'s schema (and its resource type present)', () => {
    const schema = awsProviderSchema(tools);
    for (const entry of SIX_X_ARGUMENTS) {
      const [type, argument] = entry.split('.');
      expect([entry, schema.resource_schemas[type] !== undefined, schema.resource_schemas[type]?.block.attributes?.[argument]]).toEqual([entry, true, undefined]);
    }
  });

  test('terraform validate accepts every stack; its only error is the 900 s break-glass session planted as a control', () => {
    const errors = validation.diagnostics.filter((d) => d.severity === 'error');
    const elsewhere = errors.filter((d) => moduleFile(d) !== BREAK_GLASS_900);
    expect(elsewhere.map((d) => `${d.range?.filename}: ${d.summary} ${d.detail}`)).toEqual([]);
    // The control: Terraform (the AWS provider) refuses 900 s, which is why the config schema refuses it too.
    expect(errors.map((d) => `${moduleFile(d)}: ${d.summary} ${d.detail}`)).toEqual([expect.stringMatching(new RegExp(`^${BREAK_GLASS_900}: .*max_session_duration.*3600`, 's'))]);
  });

  test('terraform validate gives no warning (no deprecated argument or block) for any stack', () => {
    expect(validation.diagnostics.filter((d) => d.severity !== 'error').map((d) => `${d.range?.filename}: ${d.summary}`)).toEqual([]);
  });

  test('the config schema refuses the session Terraform refused (regression: break-glass maxSessionDurationSeconds 900)', () => {
    const c = everyFeatureInput();
    c.clusters[0].access.breakGlassRole.maxSessionDurationSeconds = 900;
    const r = validateConfig(c);
    expect(r.config).toBeUndefined();
    expect(r.problems.map((p) => p.path)).toEqual(['clusters[0].access.breakGlassRole.maxSessionDurationSeconds']);
  });

  test('terraform plan creates every resource of every stack that plans offline; the others say why they cannot', () => {
    const created = new Map<string, number>();
    for (const rc of plan.resource_changes) {
      expect(rc.change.actions).toEqual(['create']);
      const m = /^module\.([^.]+)\./.exec(rc.address)![1];
      created.set(m, (created.get(m) ?? 0) + 1);
    }
    for (const m of distinct()) {
      const count = Object.values<object>(m.doc.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
      if (plans(m)) expect([m.module, created.get(m.module)]).toEqual([m.module, count]);
      else expect([m.module, m.cannotPlan ?? 'no AWS resources']).toEqual([m.module, expect.stringMatching(/AWS data sources|no AWS resources/)]);
    }
    // Only stacks in another account that read its resource policies (to merge into them) cannot plan offline.
    const cannot = distinct().filter((m) => m.cannotPlan !== undefined).map((m) => m.module);
    expect(cannot).toEqual(['every-feature--production-cluster-account-999999999999']);
    // Without managed policies, the other account's stack only outputs the statements for its owners (validated, nothing to plan).
    const unmanaged = distinct().find((m) => m.module === 'cross-account-unmanaged--production-cluster-account-999999999999')!;
    expect([unmanaged.doc.resource, Object.keys(unmanaged.doc.output).sort()]).toEqual([undefined, ['repository_policies', 's3_bucket_policies', 'secret_policies']]);
    // Regression: a cluster named `access` synthesizes, validates and plans.
    expect(created.get('several-clusters--access')).toBeGreaterThan(0);
  });

  test('the HCL rendering of every stack (src/terraform/hcl.ts) is formatted as terraform fmt writes it', () => {
    const r = runTerraform(tools, roots.hclModules, ['fmt', '-check', '-recursive', '-list=true', '-no-color']);
    expect(r.stdout).toBe('');
    expect(r.status).toBe(0);
  });

  test('terraform validate accepts the HCL rendering of every stack, those that cannot plan offline included, without a warning', () => {
    expect(hclValidation.diagnostics.map((d) => `${d.severity} ${d.range?.filename}: ${d.summary} ${d.detail}`)).toEqual([]);
    expect(hclValidation.valid).toBe(true);
    // Every distinct stack is in it, the one that cannot plan offline (another account's resource policies) too.
    const root = JSON.parse(readFileSync(path.join(roots.hclValidateRoot, 'main.tf.json'), 'utf8'));
    expect(Object.keys(root.module).sort()).toEqual(distinct().map((m) => m.module).sort());
    expect(Object.keys(root.module)).toContain('every-feature--production-cluster-account-999999999999');
  });

  test('synth --hcl writes as blocks exactly the nested objects of AWS resources that the provider\'s schema declares as blocks', () => {
    // The tier renders its HCL with the block paths of the provider's schema; `synth --hcl` takes them
    // from cdktf's binding metadata and the planned elements' declared blocks (collectBlockShapes).
    // Both must agree on every nested object the matrix writes, or the CLI's HCL would differ from what the tier proved.
    const schema = blockShapesOf(awsProviderSchema(tools));
    const META = new Set(['//', 'lifecycle', 'depends_on', 'provider', 'count', 'for_each', 'provisioner', 'connection']);
    const plain = (x: unknown) => x !== null && typeof x === 'object' && !Array.isArray(x);
    const disagree: string[] = [];
    let checked = 0;
    for (const [config, input] of Object.entries(matrix)) {
      const cli: BlockShapes = new Set();
      const app = buildApp(valid(input), { outdir: mkdtempSync(path.join(tmpdir(), 'eksguard-tf-shapes-')) });
      for (const stack of app.node.children) if (TerraformStack.isStack(stack)) collectBlockShapes(stack, cli);
      const walk = (at: string, body: Record<string, unknown>, top: boolean) => {
        for (const [key, value] of Object.entries(body)) {
          if (top && META.has(key)) continue;
          const items = Array.isArray(value) ? value : [value];
          if (items.length === 0 || !items.every(plain)) continue;
          const p = `${at}/${key}`;
          checked++;
          if (cli.has(p) !== schema.has(p)) disagree.push(`${config}: ${p} (synth --hcl: ${cli.has(p) ? 'block' : 'attribute'}, provider schema: ${schema.has(p) ? 'block' : 'attribute'})`);
          if (schema.has(p)) for (const item of items) walk(p, item as Record<string, unknown>, false);
        }
      };
      for (const m of roots.modules.filter((x) => x.config === config)) {
        for (const kind of ['resource', 'data'] as const) {
          for (const [type, byName] of Object.entries<Record<string, Record<string, unknown>>>(m.original[kind] ?? {})) {
            if (type.startsWith('aws_')) for (const body of Object.values(byName)) walk(`${kind}/${type}`, body, true);
          }
        }
      }
    }
    expect(disagree).toEqual([]);
    expect(checked).toBeGreaterThan(100);
  });

  test('the HCL rendering plans exactly what the JSON plans: the same resources with the same values', () => {
    const changes = (p: any) => new Map<string, unknown>(p.resource_changes.map((rc: any) => [rc.address, { actions: rc.change.actions, after: rc.change.after, unknown: rc.change.after_unknown }]));
    const [json, hcl] = [changes(plan), changes(hclPlan)];
    expect([...hcl.keys()].sort()).toEqual([...json.keys()].sort());
    for (const [address, change] of json) expect({ address, change: hcl.get(address) }).toEqual({ address, change });
    expect(json.size).toBeGreaterThan(100);
  });

  test('remote backends are replaced: the S3 and HCP Terraform stacks plan as the local ones do', () => {
    const bySame = (config: string) => roots.modules.filter((m) => m.config === config);
    for (const config of ['s3-backend', 'cloud-backend']) {
      const ms = bySame(config);
      expect(ms.length).toBeGreaterThan(0);
      for (const m of ms) expect(m.changes.join('\n')).toMatch(config === 's3-backend' ? /terraform\.backend s3 removed/ : /terraform\.cloud {2}removed/);
    }
  });

  /** Each created cluster of the matrix with the module that planned its cluster stack. */
  const createdClusters = () =>
    Object.entries(matrix).flatMap(([config, input]) =>
      input.clusters
        .filter((c: any) => c.existing === undefined)
        .map((c: any) => {
          const m = roots.modules.find((x) => x.config === config && x.stack === c.name) as PreparedModule;
          return { config, cluster: c, module: m.sameAs ?? m.module, original: m.original };
        }),
    );
  const after = (module: string, type: string) => plan.resource_changes.filter((r: any) => r.address.startsWith(`module.${module}.${type}.`));
  const expressions = (module: string, type: string) => plan.configuration.root_module.module_calls[module].module.resources.filter((r: any) => r.type === type);

  test('hardening of every created cluster, read from terraform show -json: endpoint, logs, encryption, authentication', () => {
    const clusters = createdClusters();
    expect(clusters.length).toBeGreaterThanOrEqual(Object.keys(matrix).length);
    for (const { config, cluster, module } of clusters) {
      const [eks] = after(module, 'aws_eks_cluster');
      const a = eks.change.after;
      const where = `${config}/${cluster.name}`;
      const pub = cluster.endpointAccess?.public === true;
      expect([where, a.vpc_config[0].endpoint_private_access, a.vpc_config[0].endpoint_public_access]).toEqual([where, true, pub]);
      if (pub) expect(a.vpc_config[0].public_access_cidrs).toEqual(cluster.endpointAccess.publicAccessCidrs);
      expect([where, [...a.enabled_cluster_log_types].sort()]).toEqual([where, [...(cluster.logging?.types ?? LOG_TYPES)].sort()]);
      expect(a.access_config).toEqual([{ authentication_mode: 'API', bootstrap_cluster_creator_admin_permissions: false }]);
      expect(a.encryption_config[0].resources).toEqual(['secrets']);
      // The key is the stack's own rotating customer key.
      const [cfg] = expressions(module, 'aws_eks_cluster');
      const keyRef = cfg.expressions.encryption_config[0].provider[0].key_arn.references.find((r: string) => r.startsWith('aws_kms_key.'));
      expect(keyRef).toMatch(/^aws_kms_key\.[\w-]+\.arn$/);
      const key = after(module, 'aws_kms_key').find((r: any) => `${r.address.replace(`module.${module}.`, '')}.arn` === keyRef);
      expect([where, key.change.after.enable_key_rotation, key.change.after.deletion_window_in_days]).toEqual([where, true, 30]);
      const logs = after(module, 'aws_cloudwatch_log_group').find((r: any) => r.change.after.name === `/aws/eks/${cluster.name}/cluster`);
      expect(logs.change.after.retention_in_days).toBe(cluster.logging?.retentionDays ?? 90);
    }
  });

  test('the secrets key and the cluster cannot be destroyed by accident (lifecycle in the synthesized stack)', () => {
    for (const { cluster, original } of createdClusters()) {
      const keys = Object.values<any>(original.resource.aws_kms_key);
      expect([cluster.name, keys.every((k) => k.lifecycle?.prevent_destroy === true)]).toEqual([cluster.name, true]);
    }
  });

  test('hardening of every node launch template, read from terraform show -json: IMDSv2 required, hop limit 1 unless a reason says 2', () => {
    let hop2 = 0;
    for (const { config, cluster, module } of createdClusters()) {
      const templates = after(module, 'aws_launch_template');
      expect(templates.length).toBe(cluster.nodeGroups.length);
      for (const ng of cluster.nodeGroups) {
        // A literal name, shortened to the provider's 125 characters (regression: name-limits planned a 164-character one).
        const lt = templates.find((t: any) => t.change.after.name === launchTemplateName(cluster.name, ng.name));
        expect(lt.change.after.name.length).toBeLessThanOrEqual(125);
        const hop = ng.imds?.hopLimit ?? 1;
        if (hop === 2) hop2++;
        expect([`${config}/${cluster.name}/${ng.name}`, lt.change.after.metadata_options]).toEqual([
          `${config}/${cluster.name}/${ng.name}`,
          [expect.objectContaining({ http_endpoint: 'enabled', http_tokens: 'required', http_put_response_hop_limit: hop })],
        ]);
        expect(lt.change.after.block_device_mappings[0].ebs[0].encrypted).toBe('true');
        expect(lt.change.after.key_name).toBeNull();
      }
    }
    expect(hop2).toBeGreaterThan(0);
  });

  test('a workloads stack plans its IRSA trust from the cluster stack outputs held in local state', () => {
    const module = 'example--production-cluster-workloads';
    const roles = after(module, 'aws_iam_role').map((r: any) => JSON.parse(r.change.after.assume_role_policy));
    const irsa = roles.filter((p: any) => p.Statement[0].Action === 'sts:AssumeRoleWithWebIdentity');
    expect(irsa.length).toBe(3);
    const issuer = fakeOutputValue('cross-stack-output-aws_eks_clusterproduction-clusteridentity0oidc0issuer', 'production-cluster').replace('https://', '');
    const consumer = irsa.find((p: any) => JSON.stringify(p).includes('app-sqs-consumer'));
    expect(consumer.Statement).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Federated: fakeOutputValue('cross-stack-output-aws_iam_openid_connect_providerproduction-clusterarn', 'production-cluster') },
        Condition: { StringEquals: { [`${issuer}:sub`]: 'system:serviceaccount:payments:app-sqs-consumer', [`${issuer}:aud`]: 'sts.amazonaws.com' } },
      }),
    ]);
  });

  test('every node group plans on its launch template, without remote access, with the configured taints', () => {
    let tainted = 0;
    for (const { config, cluster, module } of createdClusters()) {
      const groups = after(module, 'aws_eks_node_group');
      expect(groups.length).toBe(cluster.nodeGroups.length);
      for (const ng of cluster.nodeGroups) {
        const g = groups.find((x: any) => x.change.after.node_group_name === ng.name);
        const where = `${config}/${cluster.name}/${ng.name}`;
        expect([where, g.change.after.remote_access]).toEqual([where, []]);
        expect([where, g.change.after_unknown.launch_template?.[0]?.id]).toEqual([where, true]);
        const taints = (g.change.after.taint ?? []).map((t: any) => ({ key: t.key, value: t.value ?? undefined, effect: t.effect }));
        const want = (ng.taints ?? []).map((t: any) => ({ key: t.key, value: t.value, effect: t.effect }));
        expect([where, taints]).toEqual([where, want]);
        if (want.length > 0) tainted++;
      }
    }
    expect(tainted).toBeGreaterThan(0);
  });

  test('the break-glass role plans with a one-hour session', () => {
    const outputs = plan.configuration.root_module.module_calls['every-feature--production-cluster'].module.outputs;
    const ref = outputs.break_glass_role_arn.expression.references.find((r: string) => r.startsWith('aws_iam_role.'));
    const role = after('every-feature--production-cluster', 'aws_iam_role').find((r: any) => `${r.address.replace('module.every-feature--production-cluster.', '')}.arn` === ref);
    expect(role.change.after.max_session_duration).toBe(3600);
  });

  test('the prepared stacks record what was changed, and the originals are untouched', () => {
    const m = roots.modules.find((x) => x.module === 'example--production-cluster')!;
    expect(m.original.resource.aws_eks_cluster['production-cluster'].deletion_protection).toBe(true);
    expect(m.doc.resource.aws_eks_cluster['production-cluster'].deletion_protection).toBeUndefined();
    expect(JSON.parse(readFileSync(path.join(roots.validateRoot, 'modules', m.module, 'main.tf.json'), 'utf8')).terraform.required_providers).toEqual({ aws: { source: 'hashicorp/aws', version: tools.awsVersion } });
  });
});
