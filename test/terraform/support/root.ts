/**
 * Synthesize a matrix of configs, prepare every stack, and lay them out as child modules of two
 * Terraform roots: `validate/` (every stack) and `plan/` (the stacks that plan offline). One init,
 * one validate and one plan cover the whole matrix, so the AWS provider schema loads once per
 * command instead of once per stack.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { synthesize } from '../../../src/app/synth';
import { type BlockShapes, renderHcl } from '../../../src/terraform/hcl';
import { valid } from '../../support/synth';
import { overrideFor, prepareStack, type Prepared } from './prepare';
import { awsProviderSchema, type ProviderSchema, type SchemaBlock, type TerraformTools } from './tools';

export interface PreparedModule extends Prepared {
  /** The config's key in the matrix. */
  readonly config: string;
  /** The module's name in the roots: `<config>--<stack>`. */
  readonly module: string;
  /** The stack as synthesized, before preparation. */
  readonly original: any;
  /** The module with the same prepared body that the roots hold instead of this one (configs differing only in backend). */
  readonly sameAs?: string;
}

export interface Roots {
  readonly dir: string;
  readonly validateRoot: string;
  readonly planRoot: string;
  /** The plan root again, each module rendered as HCL (src/terraform/hcl.ts) from the same prepared JSON. */
  readonly hclPlanRoot: string;
  /** Where the HCL modules are (for terraform fmt -check). */
  readonly hclModules: string;
  /** A root of every distinct stack's HCL module (the one `terraform validate` reads for HCL, those that cannot plan included). */
  readonly hclValidateRoot: string;
  readonly modules: PreparedModule[];
}

/** Plausible values for the cross-stack outputs a workloads stack reads from its cluster stack. */
const FAKE_OUTPUTS: Array<[RegExp, (cluster: string) => string]> = [
  [/oidc0issuer$/, () => 'https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE'],
  [/openid_connect_provider.*arn$/, () => 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE'],
  [/security_group.*id$/, () => 'sg-0123456789abcdef0'],
  [/prefix_list_id$/, () => 'pl-63a5400a'],
  [/eks_cluster.*arn$/, (c) => `arn:aws:eks:us-east-1:123456789012:cluster/${c}`],
];

export function fakeOutputValue(output: string, cluster: string): string {
  const hit = FAKE_OUTPUTS.find(([re]) => re.test(output));
  if (hit === undefined) throw new Error(`no fake value for the cross-stack output ${output}: add one to FAKE_OUTPUTS in test/terraform/support/root.ts`);
  return hit[1](cluster);
}

/** A Terraform state (format 4) holding only outputs: what terraform_remote_state reads. */
export function outputsState(outputs: Record<string, string>): string {
  return JSON.stringify(
    {
      version: 4,
      terraform_version: '1.11.0',
      serial: 1,
      lineage: '00000000-0000-4000-8000-eksguard0test',
      outputs: Object.fromEntries(Object.entries(outputs).map(([k, value]) => [k, { value, type: 'string' }])),
      resources: [],
      check_results: null,
    },
    null,
    2,
  );
}

/** Whether a prepared module goes into the plan root. */
export function plans(m: Prepared): boolean {
  return m.cannotPlan === undefined && Object.keys(m.doc.resource ?? {}).length > 0;
}

/**
 * A prepared module copied and edited: a value eksguard must never write, added to the validate root
 * only, to prove that Terraform rejects it (so the config schema must reject it first).
 */
/** Nested-block paths of every resource and data source type, from the provider's schema (the form terraform/hcl reads). */
export function blockShapesOf(schema: ProviderSchema): BlockShapes {
  const shapes: BlockShapes = new Set();
  const walk = (prefix: string, block: SchemaBlock) => {
    for (const [name, t] of Object.entries(block.block_types ?? {})) {
      shapes.add(`${prefix}/${name}`);
      walk(`${prefix}/${name}`, t.block);
    }
  };
  for (const [type, r] of Object.entries(schema.resource_schemas)) walk(`resource/${type}`, r.block);
  for (const [type, d] of Object.entries(schema.data_source_schemas)) walk(`data/${type}`, d.block);
  return shapes;
}

export interface Variant {
  readonly from: string;
  readonly edit: (doc: any) => void;
}

export function buildRoots(tools: TerraformTools, configs: Record<string, unknown>, dir: string, variants: Record<string, Variant> = {}): Roots {
  const schema = awsProviderSchema(tools);
  const shapes = blockShapesOf(schema);
  const validateRoot = path.join(dir, 'validate');
  const planRoot = path.join(dir, 'plan');
  const hclPlanRoot = path.join(dir, 'plan-hcl');
  const hclValidateRoot = path.join(dir, 'validate-hcl');
  const hclModules = path.join(validateRoot, 'modules-hcl');
  mkdirSync(hclPlanRoot, { recursive: true });
  mkdirSync(hclValidateRoot, { recursive: true });
  mkdirSync(path.join(validateRoot, 'modules'), { recursive: true });
  mkdirSync(planRoot, { recursive: true });
  const modules: PreparedModule[] = [];
  const providerAliases: Record<string, string> = {};
  const providerOf: Record<string, string> = {};
  // One state file per cluster stack name, shared by the configs: fake values depend only on the output and cluster names.
  const stateDir = path.join(dir, 'state');
  mkdirSync(stateDir, { recursive: true });
  const stateOutputs: Record<string, Record<string, string>> = {};
  const byBody = new Map<string, string>();
  for (const [config, input] of Object.entries(configs)) {
    const out = path.join(dir, 'synth', config);
    synthesize(valid(input), out);
    const stacks = readdirSync(path.join(out, 'stacks')).sort();
    for (const stack of stacks) {
      const original = JSON.parse(readFileSync(path.join(out, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
      const prepared = prepareStack(stack, original, schema, tools.awsVersion, (source) => path.join(stateDir, `${source}.tfstate`));
      const module = `${config}--${stack}`;
      const key = JSON.stringify(prepared.doc);
      const sameAs = byBody.get(key);
      modules.push({ ...prepared, config, module, original, sameAs });
      if (sameAs !== undefined) continue;
      byBody.set(key, module);
      // The cluster stack's outputs that this stack reads (every shard's, together), as a local state file.
      for (const [name, outputs] of Object.entries(prepared.remoteState)) {
        const source = name.replace(/^cross-stack-reference-input-/, '');
        const all = (stateOutputs[source] ??= {});
        for (const o of outputs) all[o] = fakeOutputValue(o, source);
        writeFileSync(path.join(stateDir, `${source}.tfstate`), outputsState(all));
      }
      const moduleDir = path.join(validateRoot, 'modules', module);
      mkdirSync(moduleDir, { recursive: true });
      // The module's aws provider configuration moves to the root (one provider process per distinct
      // configuration instead of one per stack); the module receives it through `providers`.
      const { provider, ...body } = prepared.doc;
      writeFileSync(path.join(moduleDir, 'main.tf.json'), JSON.stringify(body, null, 2));
      // The same module as eksguard's HCL rendering, with nested blocks known from the provider's schema.
      mkdirSync(path.join(hclModules, module), { recursive: true });
      writeFileSync(path.join(hclModules, module, 'main.tf'), renderHcl(body, shapes));
      const aws = provider?.aws === undefined ? [] : Array.isArray(provider.aws) ? provider.aws : [provider.aws];
      if (aws.length > 1 || aws.some((p: any) => p.alias !== undefined)) prepared.problems.push(`[${stack}] aliased aws providers are not supported by the Terraform tier.`);
      if (aws.length === 1) {
        const key = JSON.stringify(aws[0]);
        const alias = (providerAliases[key] ??= `p${Object.keys(providerAliases).length}`);
        providerOf[module] = alias;
      }
    }
  }
  const providersFor = (ms: PreparedModule[]) => {
    const used = new Set(ms.map((m) => providerOf[m.module]).filter((a) => a !== undefined));
    const configs = Object.entries(providerAliases).filter(([, alias]) => used.has(alias));
    return {
      main: { aws: configs.map(([key, alias]) => ({ alias, ...JSON.parse(key) })) },
      override: overrideFor({ provider: { aws: configs.map(([, alias]) => ({ alias })) } }),
    };
  };
  const writeRoot = (root: string, ms: PreparedModule[], prefix: string) => {
    const { main, override } = providersFor(ms);
    const doc = {
      terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: tools.awsVersion } } },
      provider: main,
      module: Object.fromEntries(ms.map((m) => [m.module, { source: `${prefix}/${m.module}`, ...(providerOf[m.module] ? { providers: { aws: `aws.${providerOf[m.module]}` } } : {}) }])),
    };
    writeFileSync(path.join(root, 'main.tf.json'), JSON.stringify(doc, null, 2));
    // Fake credentials and skip_* flags: an override file, so main.tf.json keeps the stacks' own provider arguments.
    if (override !== undefined) writeFileSync(path.join(root, 'eksguard_override.tf.json'), JSON.stringify(override, null, 2));
  };
  const distinct = modules.filter((m) => m.sameAs === undefined);
  const variantModules: PreparedModule[] = Object.entries(variants).map(([name, v]) => {
    const base = modules.find((m) => m.module === v.from);
    if (base === undefined) throw new Error(`variant ${name}: no module ${v.from}`);
    const doc = structuredClone(base.doc);
    v.edit(doc);
    const { provider: _provider, ...body } = doc;
    mkdirSync(path.join(validateRoot, 'modules', name), { recursive: true });
    writeFileSync(path.join(validateRoot, 'modules', name, 'main.tf.json'), JSON.stringify(body, null, 2));
    providerOf[name] = providerOf[base.sameAs ?? base.module];
    return { ...base, module: name, doc, sameAs: undefined };
  });
  writeRoot(validateRoot, [...distinct, ...variantModules], './modules');
  // Plan: stacks that plan offline and have resources left (a platform stack is all kubernetes/helm).
  writeRoot(planRoot, distinct.filter(plans), '../validate/modules');
  writeRoot(hclPlanRoot, distinct.filter(plans), '../validate/modules-hcl');
  writeRoot(hclValidateRoot, distinct, '../validate/modules-hcl');
  return { dir, validateRoot, planRoot, hclPlanRoot, hclModules, hclValidateRoot, modules };
}
