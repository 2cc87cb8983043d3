/**
 * Prepare one synthesized stack (cdk.tf.json) for `terraform validate` and `plan` against the offline
 * AWS provider 5.100 mirror. Pure: the provider schema comes in as data.
 *
 * What is changed, and nothing else:
 * - arguments the 5.100 schema lacks are removed, but only those on SIX_X_ARGUMENTS (arguments that
 *   exist in the 6.x provider eksguard targets); any other unknown argument is reported as a problem
 *   and the tier fails;
 * - kubernetes and helm resources, providers and required_providers are removed (no such provider in
 *   the mirror; they are validated against the Kubernetes OpenAPI and the CRDs by kubernetes.test.ts),
 *   then outputs that referenced them and AWS data sources that only they referenced (the cluster
 *   lookups that configure the kubernetes provider); any other reference to them is a problem;
 * - `terraform.backend` / `terraform.cloud` are removed (each stack becomes a child module of one
 *   local-backend root), `terraform_remote_state` reads a local state file the tier writes;
 * - the aws provider's version constraint becomes the mirror's version, and `allowed_account_ids` is
 *   removed (plans run with fake credentials and no account lookup; see overrideFor).
 */
import type { ProviderSchema, SchemaBlock } from './tools';

/**
 * Arguments eksguard writes that AWS provider 6.x has and 5.100 lacks: the only ones removed.
 * Checked against `terraform providers schema -json` of 5.100 (absent) and the 6.25 docs (present).
 */
export const SIX_X_ARGUMENTS: readonly string[] = [
  // 6.x: delete protection on the cluster (eksguard turns it on for created clusters).
  'aws_eks_cluster.deletion_protection',
  // 6.x: Pod Identity role chaining into another account.
  'aws_eks_pod_identity_association.target_role_arn',
  // 6.x: Pod Identity without session tags (an opt-out with a reason in the config).
  'aws_eks_pod_identity_association.disable_session_tags',
];

/** Keys of a resource or data body that are Terraform meta-arguments or cdktf metadata, not schema arguments. */
const META = new Set(['//', 'count', 'for_each', 'depends_on', 'lifecycle', 'provider', 'provisioner', 'connection']);

/** Resource and provider types that live outside the AWS provider and are removed. */
export function isKubernetesType(type: string): boolean {
  return type.startsWith('kubernetes_') || type.startsWith('helm_');
}

export interface Prepared {
  readonly stack: string;
  /** The stack as it goes into terraform. */
  readonly doc: any;
  /** What was removed or rewritten, one line each (for the test's report). */
  readonly changes: string[];
  /** Arguments the 5.100 schema lacks that are not on SIX_X_ARGUMENTS, and other blockers: the tier fails on any. */
  readonly problems: string[];
  /** `remote state data source name` → output names the stack reads from it. */
  readonly remoteState: Record<string, string[]>;
  /** Undefined when `terraform plan` can run offline, else why not. */
  readonly cannotPlan?: string;
  /** The 6.x arguments found (and removed), as `type.argument` (a set, sorted). */
  readonly sixXFound: string[];
}

export function prepareStack(stack: string, original: any, schema: ProviderSchema, awsVersion: string, remoteStatePath: (source: string) => string): Prepared {
  const doc = structuredClone(original);
  const changes: string[] = [];
  const problems: string[] = [];
  const sixX = new Set<string>();

  // Backends: each stack is a child module of one root on the local backend.
  const tf = (doc.terraform ??= {});
  for (const kind of ['backend', 'cloud']) {
    if (tf[kind] !== undefined) {
      changes.push(`terraform.${kind} ${kind === 'backend' ? Object.keys(tf[kind]).join(',') : ''} removed (the test root uses the local backend)`);
      delete tf[kind];
    }
  }
  const required = (tf.required_providers ??= {});
  for (const name of Object.keys(required)) {
    if (name === 'aws') continue;
    if (name !== 'kubernetes' && name !== 'helm') problems.push(`[${stack}] required provider ${name} is neither aws nor kubernetes/helm: the mirror cannot serve it.`);
    delete required[name];
    changes.push(`required_providers.${name} removed`);
  }

  // Providers: kubernetes and helm go; aws keeps its arguments (checked against the schema) but
  // allowed_account_ids, which cannot be checked without an account lookup.
  for (const name of Object.keys(doc.provider ?? {})) {
    if (name === 'aws') continue;
    delete doc.provider[name];
    changes.push(`provider ${name} removed`);
  }
  for (const [i, aws] of asArray(doc.provider?.aws).entries()) {
    if (aws.allowed_account_ids !== undefined) {
      delete aws.allowed_account_ids;
      changes.push(`provider aws[${i}].allowed_account_ids removed (fake credentials, no account lookup)`);
    }
    checkBody(aws, schema.provider.block, `provider.aws[${i}]`, 'provider.aws', stack, problems, sixX, false);
  }

  // Kubernetes and helm resources.
  const removed = new Set<string>();
  for (const type of Object.keys(doc.resource ?? {})) {
    if (!isKubernetesType(type)) continue;
    for (const name of Object.keys(doc.resource[type])) removed.add(`${type}.${name}`);
    changes.push(`${Object.keys(doc.resource[type]).length} ${type} removed (validated by kubernetes.test.ts)`);
    delete doc.resource[type];
  }
  for (const type of Object.keys(doc.data ?? {})) {
    if (!isKubernetesType(type)) continue;
    for (const name of Object.keys(doc.data[type])) removed.add(`data.${type}.${name}`);
    delete doc.data[type];
    changes.push(`data ${type} removed`);
  }

  // Outputs that read a removed resource go with it.
  for (const [name, out] of Object.entries(doc.output ?? {})) {
    if (referencesOf(out).some((r) => removed.has(r))) {
      delete doc.output[name];
      changes.push(`output ${name} removed (reads a kubernetes resource)`);
    }
  }
  // Any remaining reference to a removed resource is a problem: the stack would not stand without it.
  for (const ref of referencesOf({ resource: doc.resource, data: doc.data, locals: doc.locals, output: doc.output })) {
    if (removed.has(ref)) problems.push(`[${stack}] an AWS part references the removed ${ref}.`);
  }
  // AWS data sources the original referenced and the prepared stack no longer does (they configured the kubernetes provider).
  const before = new Set(referencesOf(original));
  for (;;) {
    const after = new Set(referencesOf({ resource: doc.resource, data: doc.data, locals: doc.locals, output: doc.output, provider: doc.provider }));
    let dropped = false;
    for (const type of Object.keys(doc.data ?? {})) {
      for (const name of Object.keys(doc.data[type])) {
        const address = `data.${type}.${name}`;
        if (before.has(address) && !after.has(address)) {
          delete doc.data[type][name];
          changes.push(`${address} removed (only the kubernetes/helm providers read it)`);
          dropped = true;
        }
      }
      if (Object.keys(doc.data[type]).length === 0) delete doc.data[type];
    }
    if (!dropped) break;
  }
  if (doc.data !== undefined && Object.keys(doc.data).length === 0) delete doc.data;
  if (doc.resource !== undefined && Object.keys(doc.resource).length === 0) delete doc.resource;

  // Arguments against the 5.100 schema.
  for (const [type, byName] of Object.entries<Record<string, any>>(doc.resource ?? {})) {
    const s = schema.resource_schemas[type];
    if (s === undefined) {
      problems.push(`[${stack}] resource type ${type} does not exist in the mirror's provider.`);
      continue;
    }
    for (const [name, body] of Object.entries(byName)) checkBody(body, s.block, `${type}.${name}`, type, stack, problems, sixX, true);
  }
  const remoteState: Record<string, string[]> = {};
  for (const [type, byName] of Object.entries<Record<string, any>>(doc.data ?? {})) {
    if (type === 'terraform_remote_state') {
      for (const [name, body] of Object.entries(byName)) {
        changes.push(`data.terraform_remote_state.${name}: backend ${body.backend} → local state written by the tier`);
        const source = name.replace(/^cross-stack-reference-input-/, '');
        byName[name] = { backend: 'local', config: { path: remoteStatePath(source) } };
        remoteState[name] = [];
      }
      continue;
    }
    const s = schema.data_source_schemas[type];
    if (s === undefined) {
      problems.push(`[${stack}] data source type ${type} does not exist in the mirror's provider.`);
      continue;
    }
    for (const [name, body] of Object.entries(byName)) checkBody(body, s.block, `data.${type}.${name}`, type, stack, problems, sixX, true);
  }
  for (const name of Object.keys(remoteState)) {
    const re = new RegExp(`data\\.terraform_remote_state\\.${escapeRe(name)}\\.outputs\\.([A-Za-z0-9_-]+)`, 'g');
    remoteState[name] = [...new Set([...JSON.stringify(doc).matchAll(re)].map((m) => m[1]))].sort();
  }

  if (required.aws !== undefined) {
    changes.push(`required_providers.aws version ${required.aws.version} → ${awsVersion} (the mirror's)`);
    required.aws = { source: 'hashicorp/aws', version: awsVersion };
  }
  const awsData = Object.keys(doc.data ?? {}).filter((t) => t !== 'terraform_remote_state');
  const cannotPlan = awsData.length > 0 ? `reads AWS data sources (${awsData.join(', ')}), which need an AWS account` : undefined;
  return { stack, doc, changes, problems, remoteState, cannotPlan, sixXFound: [...sixX].sort() };
}

/** Check a body's keys against a schema block; remove SIX_X_ARGUMENTS, report other unknown keys. */
function checkBody(body: any, block: SchemaBlock, where: string, type: string, stack: string, problems: string[], sixX: Set<string>, topLevel: boolean): void {
  if (body === null || typeof body !== 'object') return;
  for (const key of Object.keys(body)) {
    if (topLevel && META.has(key)) continue;
    if (key === '//') continue;
    if (block.attributes?.[key] !== undefined) continue;
    const nested = block.block_types?.[key];
    if (nested !== undefined) {
      for (const [i, item] of asArray(body[key]).entries()) checkBody(item, nested.block, `${where}.${key}[${i}]`, `${type}.${key}`, stack, problems, sixX, false);
      continue;
    }
    const id = `${type}.${key}`;
    if (SIX_X_ARGUMENTS.includes(id)) {
      delete body[key];
      sixX.add(id);
    } else {
      problems.push(`[${stack}] ${where}.${key}: the AWS provider 5.100 schema has no argument ${key} on ${type}, and it is not a known 6.x addition (SIX_X_ARGUMENTS).`);
    }
  }
}

function asArray(v: unknown): any[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Addresses referenced from live interpolations anywhere in a value: `type.name` and
 * `data.type.name` (escaped `$${` is literal text, not a reference).
 */
export function referencesOf(value: unknown): string[] {
  const out = new Set<string>();
  const visit = (v: unknown) => {
    if (typeof v === 'string') {
      for (const expr of interpolations(v)) {
        for (const m of expr.matchAll(/(?<![\w.-])(data\.)?([a-z][a-z0-9]*_[a-z0-9_]+)\.([A-Za-z_][A-Za-z0-9_-]*)/g)) out.add(`${m[1] ?? ''}${m[2]}.${m[3]}`);
      }
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (v !== null && typeof v === 'object') Object.values(v).forEach(visit);
  };
  visit(value);
  return [...out];
}

/** The text inside each live `${...}` of a string (nesting-aware, `$${` skipped). */
function interpolations(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '$' && s[i + 1] === '$' && s[i + 2] === '{') {
      i += 2;
      continue;
    }
    if (s[i] === '$' && s[i + 1] === '{') {
      let depth = 1;
      let j = i + 2;
      for (; j < s.length && depth > 0; j++) {
        if (s[j] === '{') depth++;
        else if (s[j] === '}') depth--;
      }
      out.push(s.slice(i + 2, j - 1));
      i = j - 1;
    }
  }
  return out;
}

/**
 * The override file for a prepared stack: fake static credentials and every skip_* flag, so that
 * `terraform plan` configures the provider without an AWS account or network.
 */
export function overrideFor(doc: any): any | undefined {
  const providers = asArray(doc.provider?.aws);
  if (providers.length === 0) return undefined;
  return {
    provider: {
      aws: providers.map((p) => ({
        ...(p.alias !== undefined ? { alias: p.alias } : {}),
        access_key: 'AKIAEKSGUARDTESTONLY',
        secret_key: 'eksguard-terraform-tier-fake-secret',
        skip_credentials_validation: true,
        skip_requesting_account_id: true,
        skip_metadata_api_check: true,
        skip_region_validation: true,
      })),
    },
  };
}
