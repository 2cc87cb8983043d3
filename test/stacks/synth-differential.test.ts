/**
 * Differential test of the two ways eksguard's stacks reach disk: for every config, `synthesize()`
 * (src/app/synth.ts) and the library path (`buildApp()` then cdktf's own `app.synth()`) write the
 * same set of stacks and, for each, byte for byte the same `stacks/<stack>/cdk.tf.json`.
 *
 * Why: for speed, `synthesize()` patches cdktf process-wide while it runs (token stack traces off
 * and the document's last resolve pass skipped: token-costs.ts; its own resolve walk and deepMerge:
 * fast-resolve.ts; cached construct children: children-cache.ts; each element's inert JSON made
 * once and the escaping boundary applied by the caller instead of the InertStrings aspect:
 * inert-strings.ts; its own serializer instead of json-stable-stringify: stable-json.ts), and builds
 * one app per cluster. The library path uses none of that: cdktf's own resolve, deepMerge and
 * writer, the aspect, one app for every cluster. Each patch claims "the same output"; a patch that
 * is wrong for some input changes what Terraform is told to do without any test noticing, unless
 * that input happens to be one of the few pinned in test/stacks/output-unchanged.test.ts (a
 * cross-stack reference written as a plain reference to another stack's resource was such a bug).
 * Here the plain path is the oracle, and the inputs are generated.
 *
 * - A pinned table of hand-written cases: each hostile name in each position the schema accepts it
 *   in, template text (`${`, `%{`), quotes, backslashes and unicode in free text, integer-like and
 *   unicode keys (which JavaScript orders differently from json-stable-stringify), cross-stack
 *   references without overrides (a created cluster's pod-identity workload, another account's side
 *   of the access), sharding, existing clusters.
 * - A fast-check property over the repository's own inputs (the example, an existing cluster, the
 *   fixtures, a small fleet), mutated: adversarial but valid names (workloads, namespaces, service
 *   accounts, role names, node groups, clusters, principals, groups, queues, tables, secrets), tags,
 *   shards, identity kinds (irsa, pod-identity, irsa-and-pod-identity and their options), security
 *   groups and flows, secrets, encryption context, S3 prefixes, reasons and rule descriptions with
 *   template text, another account's resources, created clusters made existing. A config that
 *   validation or synthesize() refuses (ConfigError, GuardrailError) is skipped, and at the end at
 *   least 70 % of the generated configs must have been compared, so the test cannot pass vacuously.
 *
 * Order and leaks: the plain path runs after synthesize() returned (synthesize restores its patches
 * in `finally`), and for about a third of the runs also before it; both must match. Around every
 * synthesize() the test checks that cdktf's patched functions are cdktf's own again.
 *
 * Shown to fail (each broken on purpose, then restored): stableJson writing one key with other
 * spacing; stableJson's sorted view keeping integer-like keys in JavaScript's order (caught by the
 * property with tags 9 and 4294967295, and by the pinned tag case); a planned resource marked
 * resolved while it holds a token; markPartial missing one of a resource's token keys. Out of its
 * reach: strings that mix config text holding `${` with a cdktf token (no config produces one, so
 * fast-resolve.ts's fallback for them never runs here; test/security/planned-hostile.test.ts
 * checks it against cdktf on generated strings), and the HCL output.
 *
 * Fixed seed, so CI is deterministic. A longer run:
 *   EKSGUARD_DIFF_RUNS=500 EKSGUARD_DIFF_SEED=$RANDOM npx jest test/stacks/synth-differential
 */
import fc from 'fast-check';
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { TerraformStack } from 'cdktf';
import { Node } from 'constructs';
import { buildApp } from '../../src/app/build';
import { GuardrailError } from '../../src/app/guardrails';
import { synthesize } from '../../src/app/synth';
import { ConfigError } from '../../src/config/problems';
import { IDENTITIES } from '../../src/config/schema';
import { validateConfig } from '../../src/config/validate';
import type { PlatformConfig } from '../../src/config/schema';
import { fleetInput } from '../../bench/generate';
import { everyFeatureInput, fixtureInputs } from '../support/fixtures';
import { EXISTING_ISSUER_URL, exampleInput, existingClusterInput } from '../support/synth';

// ---------------------------------------------------------------------------------------------
// The two paths and the comparison.

/** What cdktf's patched functions are now: each must be cdktf's own outside synthesize(). */
function cdktfHooks(): Record<string, unknown> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const tokens = require('cdktf/lib/_tokens') as { resolve: unknown };
  const util = require('cdktf/lib/util') as { deepMerge: unknown };
  const trace = require('cdktf/lib/tokens/private/stack-trace') as { captureStackTrace: unknown };
  /* eslint-enable @typescript-eslint/no-require-imports */
  const node = Node.prototype as unknown as Record<string, unknown>;
  return {
    'cdktf/lib/_tokens resolve': tokens.resolve,
    'cdktf/lib/util deepMerge': util.deepMerge,
    'stack-trace captureStackTrace': trace.captureStackTrace,
    'Node children': Object.getOwnPropertyDescriptor(Node.prototype, 'children')?.get,
    'Node addChild': node.addChild,
    'Node tryRemoveChild': node.tryRemoveChild,
    'Node findAll': node.findAll,
    'TerraformStack toTerraform': TerraformStack.prototype.toTerraform,
    'SYNTH_HCL_OUTPUT': process.env.SYNTH_HCL_OUTPUT,
  };
}

const PRISTINE = cdktfHooks();

/** The hooks that are not cdktf's own (a patch left in place). */
function leakedPatches(): string[] {
  const now = cdktfHooks();
  return Object.keys(PRISTINE).filter((k) => !Object.is(now[k], PRISTINE[k]));
}

function config(input: unknown): PlatformConfig | undefined {
  // Validated afresh for each path: neither path can see what the other did to its config.
  return validateConfig(structuredClone(input)).config;
}

/** Every stack's `cdk.tf.json`, by stack directory name. */
function stackFiles(outdir: string): Map<string, string> {
  const dir = path.join(outdir, 'stacks');
  return new Map(readdirSync(dir).sort().map((s) => [s, readFileSync(path.join(dir, s, 'cdk.tf.json'), 'utf8')]));
}

/** The library path: buildApp, then cdktf's own synth, none of synthesize()'s patches. */
function plainPath(input: unknown, outdir: string, finalOutdir: string): Map<string, string> {
  expect(leakedPatches()).toEqual([]);
  const app = buildApp(config(input)!, { outdir, finalOutdir });
  app.synth();
  return stackFiles(outdir);
}

/** eksguard's own path, or why it refuses the config (a problem of the config, or a rule of the pack). */
function fastPath(input: unknown, outdir: string): Map<string, string> | Refused {
  expect(leakedPatches()).toEqual([]);
  try {
    synthesize(config(input)!, outdir);
  } catch (e) {
    if (e instanceof ConfigError || e instanceof GuardrailError) return { refused: `${e.constructor.name}: ${e.message}` };
    throw e;
  } finally {
    expect(leakedPatches()).toEqual([]);
  }
  return stackFiles(outdir);
}

const clip = (v: unknown): string => {
  const text = v === undefined ? '(absent)' : JSON.stringify(v);
  return text.length > 300 ? `${text.slice(0, 300)}...` : text;
};

/** Where two stack files differ: the first JSON path with both values, or the first differing bytes. */
function firstDifference(fast: string, plain: string): string {
  let a: unknown;
  let b: unknown;
  try {
    a = JSON.parse(fast);
    b = JSON.parse(plain);
  } catch {
    a = b = undefined;
  }
  const walk = (x: unknown, y: unknown, at: string): string | undefined => {
    if (Object.is(x, y)) return undefined;
    const objects = x !== null && y !== null && typeof x === 'object' && typeof y === 'object' && Array.isArray(x) === Array.isArray(y);
    if (!objects) return `${at}: synthesize() wrote ${clip(x)}, cdktf wrote ${clip(y)}`;
    const ox = x as Record<string, unknown>;
    const oy = y as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(ox), ...Object.keys(oy)])].sort();
    for (const k of keys) {
      const inX = Object.prototype.hasOwnProperty.call(ox, k);
      const inY = Object.prototype.hasOwnProperty.call(oy, k);
      const d = walk(inX ? ox[k] : undefined, inY ? oy[k] : undefined, `${at}[${JSON.stringify(k)}]`);
      if (d !== undefined) return d;
    }
    return undefined;
  };
  const semantic = a === undefined ? undefined : walk(a, b, '$');
  if (semantic !== undefined) return semantic;
  let i = 0;
  while (i < fast.length && fast[i] === plain[i]) i++;
  return `the same JSON, different bytes from offset ${i}: synthesize() wrote ${clip(fast.slice(Math.max(0, i - 40), i + 40))}, cdktf wrote ${clip(plain.slice(Math.max(0, i - 40), i + 40))}`;
}

/** Each difference between two outputs: a stack only one wrote, or the first difference in a stack's file. */
function differences(fast: Map<string, string>, plain: Map<string, string>, plainLabel: string): string[] {
  const out: string[] = [];
  for (const s of fast.keys()) if (!plain.has(s)) out.push(`${s}: written by synthesize(), not by ${plainLabel}`);
  for (const s of plain.keys()) if (!fast.has(s)) out.push(`${s}: written by ${plainLabel}, not by synthesize()`);
  for (const [s, text] of fast) {
    const other = plain.get(s);
    if (other !== undefined && other !== text) out.push(`${s}/cdk.tf.json (${plainLabel}): ${firstDifference(text, other)}`);
  }
  return out;
}

interface Compared {
  readonly stacks: Map<string, string>;
}

/** Why a config was not compared: validation's problems, or synthesize()'s ConfigError or GuardrailError. */
interface Refused {
  readonly refused: string;
}

/**
 * Both paths on one input: why, when validation or synthesize() refuses it; otherwise every
 * difference fails the test. With `plainFirst`, the plain path also runs before synthesize().
 */
function differential(input: unknown, plainFirst: boolean): Compared | Refused {
  const checked = validateConfig(structuredClone(input));
  if (checked.config === undefined) return { refused: `invalid: ${checked.problems.map((p) => `[${p.path}] ${p.message}`).join('; ')}` };
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'eksguard-differential-')));
  try {
    const out = path.join(root, 'cdktf.out');
    let before: Map<string, string> | Error | undefined;
    if (plainFirst) {
      try {
        before = plainPath(input, path.join(root, 'plain-before'), out);
      } catch (e) {
        before = e as Error;
      }
    }
    const fast = fastPath(input, out);
    if (!(fast instanceof Map)) return fast;
    // Whatever synthesize() writes, cdktf's own synth of the same config writes too: it may not throw.
    if (before instanceof Error) throw before;
    const after = plainPath(input, path.join(root, 'plain-after'), out);
    const found = differences(fast, after, 'cdktf after synthesize()');
    if (before !== undefined) found.push(...differences(fast, before, 'cdktf before synthesize()'));
    expect(found).toEqual([]);
    return { stacks: fast };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Vocabularies: adversarial, each valid where it is used.

const OTHER = '999999999999';
const KEY = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const OTHER_KEY = `arn:aws:kms:us-east-1:${OTHER}:key/0000abcd-12ab-34cd-56ef-1234567890ab`;

/** DNS labels: JavaScript's prototype members (lower case, as a label must be), eksguard's own construct ids, short and long names. */
const DNS_WORDS = [
  'constructor', 'tostring', 'valueof', 'hasownproperty', 'isprototypeof', 'prototype', 'proto',
  'access', 'nodes', 'eks', 'aws', 'oidc', 'irsa', 'pod-identity', 'service-accounts', 'namespaces', 'network-policies',
  'secrets-store-csi', 'rbac', 'backend', 'cluster', 'addons', 'a', 'x1', '0', '9', '10', '01', '9a', 'a--b', `n${'x'.repeat(61)}9`,
];
const dnsLabel = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...DNS_WORDS) }, { weight: 1, arbitrary: fc.stringMatching(/^[a-z][a-z0-9-]{0,6}[a-z0-9]$/) });
/** Service accounts: DNS subdomains. */
const serviceAccountName = fc.oneof(dnsLabel, fc.constantFrom('a.b', 'constructor.tostring', 'x.0', 'tostring'));
const clusterName = fc.constantFrom('access', 'oidc', 'nodes', 'eks', 'Prod_1', 'x', '9lives', 'cluster', 'a-b_c', 'workloads', 'platform', 'Production-Cluster', 'UPPER');
/** Tag keys: prototype members, integer-like keys (JavaScript lists them first, json-stable-stringify by code unit), unicode (an astral letter sorts by its surrogates). */
const tagKey = fc.constantFrom('constructor', 'toString', 'valueOf', 'hasOwnProperty', 'prototype', '0', '9', '10', '01', '4294967295', '1e5', 'équipe', 'チーム', '𝒜lpha', 'ｱ', 'a b', 'k:v/w=x+y-z@', 'Ω', 'team');
const tagValue = fc.constantFrom('', 'constructor', '__proto__', '10', 'üñí', '日本語', '𝒜', 'a\u2028b', 'x\u00a0y', 'a:b/c=d+e-f@g', '  spaced  ', '1e5', '-0', 'true', 'null');
/** Free text that reaches descriptions and stamps: template syntax, quotes, backslashes, unicode, token look-alikes. */
const REASONS = [
  'reads ${file("/etc/passwd")} nightly',
  '%{ if true }x%{ endif } directive text',
  'a "quoted" reason with a \\ backslash',
  '$${escaped} already, and a lone $',
  'unicode üñí 日本語 𝒜 in a reason',
  'TfToken[TOKEN.1] looks like a token',
  'constructor toString __proto__ valueOf',
  'refers to ${aws_iam_role.x.arn} and ${path.root}',
  'ends with an open template ${',
  'a plain reason for the opt-out',
];
const reason = fc.constantFrom(...REASONS);
/** What EC2 accepts in a rule description (no quotes, no `%`), template text included. */
const ec2Description = fc.constantFrom('PostgreSQL ${var.db} {x}', 'a ${aws_security_group.nodes.id} b', '$${already} escaped', 'TfToken[TOKEN.1] here', 'constructor toString', '{}!$*[]#@&;=+,() text', 'Redis on the cache');
/** Printable ASCII and Latin-1 (IAM's policy characters): template text, quotes, backslashes. */
const contextKey = fc.constantFrom('app', '${aws:PrincipalTag/team}', '%{ if x }', 'a"b', 'back\\slash', 'constructor', 'toString', 'hasOwnProperty', '10', '9', 'ü', 'x y');
const contextValue = fc.constantFrom('', 'batch', '${aws:username}', '%{x}', '"', '\\', 'constructor', '10', 'ÿ');
const s3Prefix = fc.constantFrom('releases/', '${namespace}/', '%{serviceAccount}/', 'a"b\\c/', '{namespace}/{serviceAccount}/', 'x$%{/', 'ü/', 'TfToken[x]/', 'constructor/', '__proto__/', 'a b/');
const bucket = fc.constantFrom('prod-artifacts', 'constructor', 'tostring', 'my.bucket', 'a-b', '123');
const principalName = fc.constantFrom('__proto__', 'constructor', 'toString', 'a.b', 'team/ops', 'x=y,z@w', 'access', 'break-glass');
const groupName = fc.constantFrom('constructor', 'tostring', 'team:a', 'a.b', 'developers', 'oncall');
const userName = fc.constantFrom('oncall:{{SessionName}}', '{{AccountID}}-x', 'constructor', 'a/b+c=d,e@f');
const roleName = fc.constantFrom('__proto__', 'constructor', 'toString', 'a+b=c,d.e@f_g-h', 'x');
const queue = fc.constantFrom('constructor', '__proto__', 'toString', 'q.fifo', 'a-b_c');
const table = fc.constantFrom('__proto__', 'constructor', 'hasOwnProperty', 'a.b', 'tbl');
const port = fc.constantFrom(8080, 53, 443, 9090, 1, 65535);
const secret = fc.oneof(
  fc.record({
    secretsManager: fc.constantFrom('prod/db', 'constructor', '__proto__', 'a+b=c.d@e-f_g/h'),
    env: fc.option(fc.constantFrom('DATABASE_URL', 'CONSTRUCTOR', '__PROTO__', '_', 'X1'), { nil: undefined }),
    kmsKeyArn: fc.option(fc.constant(KEY), { nil: undefined }),
  }),
  fc.record({ ssmParameter: fc.constantFrom('/prod/key', 'toString', 'hasOwnProperty', 'a.b_c/d-e') }),
);

/** Set in about a quarter of the cases. */
const sometimes = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });

/** What may change about one workload (indexes are taken modulo the cluster's workloads). */
const workloadEdit = fc.record({
  at: fc.nat(20),
  name: sometimes(dnsLabel),
  namespace: sometimes(dnsLabel),
  serviceAccount: sometimes(serviceAccountName),
  identity: fc.option(fc.constantFrom(...IDENTITIES), { nil: undefined }),
  podIdentity: sometimes(fc.record({ target: fc.boolean(), disableSessionTags: fc.option(reason, { nil: undefined }) })),
  roleName: sometimes(roleName),
  securityGroup: sometimes(fc.record({
    probePorts: fc.uniqueArray(port, { maxLength: 2 }),
    egress: fc.uniqueArray(fc.record({
      toSecurityGroupId: fc.constantFrom('sg-0db0123456789abcd', 'sg-0123456789abcdef9'),
      port,
      protocol: fc.constantFrom('tcp', 'udp'),
      description: ec2Description,
      cidr: fc.option(fc.constantFrom('10.0.30.0/24', '10.1.0.0/16'), { nil: undefined }),
    }), { maxLength: 2, selector: (e) => `${e.toSecurityGroupId} ${e.port} ${e.protocol}` }),
  })),
  secrets: fc.array(secret, { maxLength: 2 }),
  s3: sometimes(fc.record({ bucket, prefixes: fc.uniqueArray(s3Prefix, { minLength: 1, maxLength: 2 }), access: fc.constantFrom('read', 'write', 'read-write') })),
  encryptionContext: sometimes(fc.uniqueArray(fc.tuple(contextKey, contextValue), { minLength: 1, maxLength: 3, selector: ([k]) => k.toLowerCase() })),
  sqs: sometimes(fc.record({ queue, access: fc.constantFrom('consume', 'send') })),
  dynamodb: sometimes(fc.record({ table, access: fc.constantFrom('read', 'write', 'read-write') })),
  otherAccount: sometimes(fc.constantFrom('s3', 'kms', 'secret', 'ecr')),
  flowFrom: sometimes(fc.record({ from: fc.nat(20), port, protocol: fc.constantFrom('TCP', 'UDP') })),
});

const newWorkload = fc.record({
  name: dnsLabel,
  namespace: dnsLabel,
  identity: fc.constantFrom(...IDENTITIES),
  sqs: fc.array(fc.record({ queue, access: fc.constantFrom('consume', 'send') }), { maxLength: 1 }),
  dynamodb: fc.array(fc.record({ table, access: fc.constantFrom('read', 'write', 'read-write') }), { maxLength: 1 }),
});

const base = fc.oneof(
  fc.constantFrom('example', 'existing-cluster', 'every-feature', 's3-backend', 'cloud-backend'),
  fc.record({ clusters: fc.integer({ min: 1, max: 2 }), perCluster: fc.integer({ min: 1, max: 4 }), shards: fc.integer({ min: 1, max: 3 }) }),
);

const platformCase = fc.record({
  base,
  /** Which cluster the edits go to (modulo the clusters). */
  cluster: fc.nat(3),
  makeExisting: sometimes(fc.constantFrom('installed', 'create')),
  clusterName: sometimes(clusterName),
  shards: sometimes(fc.integer({ min: 1, max: 4 })),
  /** The cluster's workloads dropped (before new ones are added): empty workloads stacks. */
  dropWorkloads: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  tags: sometimes(fc.uniqueArray(fc.tuple(tagKey, tagValue), { minLength: 1, maxLength: 5, selector: ([k]) => k.toLowerCase() })),
  workloads: fc.array(workloadEdit, { maxLength: 4 }),
  newWorkloads: fc.array(newWorkload, { maxLength: 2 }),
  namespaces: fc.array(fc.record({
    at: fc.nat(20),
    setting: fc.oneof(
      fc.record({ podSecurity: fc.constantFrom('baseline', 'privileged'), reason }),
      fc.record({ existing: fc.constant(true), scope: fc.constantFrom('workloads', 'namespace') }),
    ),
  }), { maxLength: 2 }),
  accessEntries: fc.array(fc.record({ principal: principalName, kind: fc.constantFrom('user', 'role'), group: fc.option(groupName, { nil: undefined }), userName: fc.option(userName, { nil: undefined }) }), { maxLength: 2 }),
  nodeGroup: sometimes(fc.record({ name: dnsLabel, labels: fc.uniqueArray(fc.tuple(fc.constantFrom('example.com/role', 'constructor', 'a_b.c', '9', '10', 'tostring'), fc.constantFrom('x', 'constructor', '1.0', 'A_b-c')), { maxLength: 2, selector: ([k]) => k }) })),
  internetEgress: sometimes(reason),
  /** Settings that reach every stack's `terraform` block, providers and roles. */
  backend: sometimes(fc.constantFrom<object>(
    { type: 'local', stateDir: 'state dir/@a+b=c,~x' },
    { type: 'local', stateDir: '../constructor' },
    { type: 's3', bucket: 'constructor', keyPrefix: "a/b'c(d)!*", region: 'eu-west-1' },
    { type: 'cloud', organization: '__proto__', workspacePrefix: 'x_-', project: 'Platform EKS' },
  )),
  rolePath: sometimes(fc.constantFrom('/__proto__/', '/a+b=c,d.e@f-g/', '/constructor/tostring/')),
  kubernetesAuth: sometimes(fc.constantFrom('token', 'exec')),
  auditQueries: sometimes(fc.boolean()),
  cniIdentity: sometimes(fc.constantFrom('irsa', 'pod-identity')),
  managePolicies: fc.boolean(),
  plainFirst: fc.oneof({ weight: 2, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
});

type PlatformCase = typeof platformCase extends fc.Arbitrary<infer T> ? T : never;

// ---------------------------------------------------------------------------------------------
// Applying a case to its base input.

function baseInput(b: PlatformCase['base']): any {
  if (typeof b !== 'string') return fleetInput(b.clusters, b.perCluster, b.shards);
  switch (b) {
    case 'example': return exampleInput();
    case 'existing-cluster': return existingClusterInput();
    case 'every-feature': return everyFeatureInput();
    case 's3-backend': return fixtureInputs()['s3 backend'];
    case 'cloud-backend': return fixtureInputs()['cloud backend'];
  }
}

/** A created cluster made elsewhere instead, as existingClusterInput does for the example. */
function makeExisting(c: any, agent: string): void {
  if (c.existing !== undefined) return;
  for (const field of ['network', 'nodeGroups', 'secretsEncryption', 'endpointAccess', 'logging', 'addons']) delete c[field];
  c.kubernetesVersion ??= '1.33';
  c.existing = { oidcIssuerUrl: EXISTING_ISSUER_URL, podIdentityAgent: agent, vpcCidr: '10.0.0.0/16', vpcId: 'vpc-0123456789abcdef0', nodeSecurityGroupId: 'sg-0123456789abcdef0' };
}

function renameCluster(input: any, c: any, name: string): void {
  const old = c.name;
  for (const w of c.workloads ?? []) for (const e of w.eks ?? []) if (e.cluster === old) e.cluster = name;
  for (const a of input.acknowledgements ?? []) a.target = a.target.split(old).join(name);
  c.name = name;
}

function renameWorkload(c: any, w: any, name: string): void {
  const old = w.name;
  for (const x of c.workloads) for (const f of x.network?.ingress ?? []) if (f.fromApp === old) f.fromApp = name;
  if (w.serviceAccount === old) w.serviceAccount = name;
  w.name = name;
}

/** A workload's identity kind, without the settings of the kind it leaves (validation refuses those). */
function setIdentity(w: any, identity: string): void {
  w.identity = identity;
  if (identity === 'irsa') delete w.podIdentity;
  if (identity === 'pod-identity') delete w.tokenExpirationSeconds;
}

/** A secret, unless the workload has one of the same name, file or environment variable already (validation refuses those). */
function addSecret(w: any, secret: { secretsManager?: string; ssmParameter?: string; env?: string }): void {
  const file = (x: { secretsManager?: string; ssmParameter?: string }) => (x.secretsManager ?? x.ssmParameter ?? '').split(/[:/]/).filter(Boolean).join('_');
  const clash = (w.secrets ?? []).some((x: any) => file(x).endsWith(file(secret)) || file(secret).endsWith(file(x)) || (secret.env !== undefined && x.env === secret.env));
  if (!clash) w.secrets = [...(w.secrets ?? []), secret];
}

function otherAccount(input: any, managePolicies: boolean): void {
  input.accounts ??= {};
  input.accounts[OTHER] ??= { roleArn: `arn:aws:iam::${OTHER}:role/eksguard-deployer`, managePolicies };
}

/** The base input with the case's edits. */
function inputOf(k: PlatformCase): any {
  const input = baseInput(k.base);
  const c = input.clusters[k.cluster % input.clusters.length];
  if (k.makeExisting !== undefined) makeExisting(c, k.makeExisting);
  if (k.clusterName !== undefined) renameCluster(input, c, k.clusterName);
  if (k.shards !== undefined) c.sharding = { shards: k.shards, maxWorkloadsPerStack: 500 };
  if (k.tags !== undefined) input.tags = Object.fromEntries(k.tags);
  if (k.backend !== undefined) input.backend = k.backend;
  if (k.rolePath !== undefined) input.iam = { ...input.iam, rolePath: k.rolePath };
  if (k.kubernetesAuth !== undefined) c.kubernetesAuth = k.kubernetesAuth;
  if (k.auditQueries !== undefined) c.auditQueries = k.auditQueries;
  if (k.cniIdentity !== undefined && c.existing === undefined) c.addons = { ...c.addons, cniIdentity: k.cniIdentity };
  if (k.internetEgress !== undefined && c.network !== undefined) c.network.nodeInternetEgress = { reason: k.internetEgress };
  if (k.nodeGroup !== undefined && c.nodeGroups?.length > 0) Object.assign(c.nodeGroups[0], { name: k.nodeGroup.name, labels: Object.fromEntries(k.nodeGroup.labels) });
  c.workloads ??= [];
  if (k.dropWorkloads) c.workloads = [];
  for (const w of k.newWorkloads) c.workloads.push({ ...w });
  for (const e of k.workloads) {
    if (c.workloads.length === 0) break;
    const w = c.workloads[e.at % c.workloads.length];
    if (e.name !== undefined) renameWorkload(c, w, e.name);
    if (e.namespace !== undefined) w.namespace = e.namespace;
    if (e.serviceAccount !== undefined) w.serviceAccount = e.serviceAccount;
    if (e.identity !== undefined) setIdentity(w, e.identity);
    if (e.podIdentity !== undefined && (w.identity ?? 'irsa') !== 'irsa') {
      w.podIdentity = {
        ...(e.podIdentity.target ? { targetRoleArn: `arn:aws:iam::${OTHER}:role/reader` } : {}),
        ...(e.podIdentity.disableSessionTags !== undefined ? { disableSessionTags: { reason: e.podIdentity.disableSessionTags } } : {}),
      };
    }
    if (e.roleName !== undefined) w.roleName = e.roleName;
    if (e.securityGroup !== undefined) w.securityGroup = e.securityGroup;
    for (const x of e.secrets) addSecret(w, x);
    if (e.s3 !== undefined) w.s3 = [...(w.s3 ?? []), e.s3];
    if (e.encryptionContext !== undefined) w.kms = [...(w.kms ?? []), { keyArn: KEY, access: 'decrypt', encryptionContext: Object.fromEntries(e.encryptionContext) }];
    if (e.sqs !== undefined) w.sqs = [...(w.sqs ?? []), e.sqs];
    if (e.dynamodb !== undefined) w.dynamodb = [...(w.dynamodb ?? []), e.dynamodb];
    if (e.otherAccount !== undefined) {
      otherAccount(input, k.managePolicies);
      if (e.otherAccount === 's3') w.s3 = [...(w.s3 ?? []), { bucket: 'shared-reports', prefixes: ['${namespace}/'], access: 'read', account: OTHER }];
      if (e.otherAccount === 'kms') w.kms = [...(w.kms ?? []), { keyArn: OTHER_KEY, access: ['decrypt', 'encrypt'] }];
      if (e.otherAccount === 'secret') addSecret(w, { secretsManager: `arn:aws:secretsmanager:us-east-1:${OTHER}:secret:shared/tostring` });
      if (e.otherAccount === 'ecr') w.ecr = [...(w.ecr ?? []), { repository: `arn:aws:ecr:us-east-1:${OTHER}:repository/team/tostring` }];
    }
    if (e.flowFrom !== undefined) {
      const from = c.workloads[e.flowFrom.from % c.workloads.length];
      w.network = { ingress: [...(w.network?.ingress ?? []), { fromApp: from.name, port: e.flowFrom.port, protocol: e.flowFrom.protocol }] };
    }
  }
  for (const n of k.namespaces) {
    if (c.workloads.length === 0) break;
    c.namespaces = { ...c.namespaces, [c.workloads[n.at % c.workloads.length].namespace]: n.setting };
  }
  if (k.accessEntries.length > 0) {
    c.access ??= { entries: [] };
    c.access.entries ??= [];
    for (const a of k.accessEntries) {
      const principalArn = `arn:aws:iam::123456789012:${a.kind}/${a.principal}`;
      // One access entry per principal (validation refuses a second).
      if (c.access.entries.some((x: any) => x.principalArn === principalArn)) continue;
      const ns = c.workloads[0]?.namespace ?? 'payments';
      if (a.group !== undefined) {
        c.access.entries.push({ principalArn, kubernetesGroups: [a.group], ...(a.userName !== undefined ? { userName: a.userName } : {}) });
        c.rbac = { groups: { ...c.rbac?.groups, [a.group]: { namespaces: [ns] } } };
      } else {
        c.access.entries.push({ principalArn, accessPolicy: 'AmazonEKSViewPolicy', namespaces: [ns], ...(a.userName !== undefined ? { userName: a.userName } : {}) });
      }
    }
  }
  return input;
}

// ---------------------------------------------------------------------------------------------
// Hand-written cases.

const c0 = (c: any) => c.clusters[0];
const byName = (c: any, name: string) => c0(c).workloads.find((w: any) => w.name === name);

/** A created cluster with one pod-identity workload: its stack reads the cluster stack's outputs through cdktf's cross-stack references. */
function podIdentityOnly(): any {
  const c = exampleInput();
  c0(c).workloads = [{ name: 'orders-api', namespace: 'orders', identity: 'pod-identity', dynamodb: [{ table: 'orders', access: 'read' }] }];
  return c;
}

const PINNED: Array<[string, () => any, (doc: Map<string, string>) => void]> = [
  ['the example', exampleInput, () => undefined],
  ['an existing cluster', existingClusterInput, () => undefined],
  ['the every-feature fixture (two clusters, shards, another account)', everyFeatureInput, () => undefined],
  ['the S3 backend fixture', () => fixtureInputs()['s3 backend'], () => undefined],
  ['the HCP Terraform backend fixture', () => fixtureInputs()['cloud backend'], () => undefined],
  ['a small sharded fleet', () => fleetInput(2, 4, 3), (s) => expect([...s.keys()]).toContain('cluster-01-workloads-2')],
  ['a workload named constructor in namespace tostring, service account valueof', () => {
    const c = exampleInput();
    Object.assign(byName(c, 'my-app'), { name: 'constructor', namespace: 'tostring', serviceAccount: 'valueof' });
    byName(c, 'orders-api').network = { ingress: [{ fromApp: 'constructor', port: 8080 }] };
    return c;
  }, (s) => expect(s.get('production-cluster-workloads')).toContain('tostring_constructor')],
  ['workloads named like eksguard\'s own constructs (access, nodes, oidc, irsa, pod-identity)', () => {
    const c = exampleInput();
    const [a, b, d, e] = c0(c).workloads;
    Object.assign(a, { name: 'access', namespace: 'nodes', serviceAccount: 'oidc' });
    Object.assign(b, { name: 'irsa', namespace: 'pod-identity', serviceAccount: 'irsa' });
    Object.assign(d, { name: 'oidc', namespace: 'eks' });
    Object.assign(e, { name: 'pod-identity', namespace: 'irsa' });
    b.network = { ingress: [{ fromApp: 'pod-identity', port: 8080 }] };
    return c;
  }, () => undefined],
  ['prototype names in role names, queues, tables, secrets and principals', () => {
    const c = exampleInput();
    const w = byName(c, 'app-sqs-consumer');
    Object.assign(w, { roleName: '__proto__', sqs: [{ queue: '__proto__', access: 'consume' }, { queue: 'constructor', access: 'send' }], dynamodb: [{ table: 'hasOwnProperty', access: 'read' }] });
    byName(c, 'my-app').secrets.push({ secretsManager: '__proto__', env: 'CONSTRUCTOR' }, { ssmParameter: 'toString' });
    c0(c).access.entries.push({ principalArn: 'arn:aws:iam::123456789012:role/__proto__', kubernetesGroups: ['constructor'], userName: 'toString:{{SessionName}}' });
    c0(c).rbac.groups.constructor = { namespaces: ['production'] };
    return c;
  }, () => undefined],
  ['tag keys that are prototype members, integer-like or unicode', () => {
    const c = exampleInput();
    c.tags = { team: 'platform', constructor: 'toString', 10: 'ten', 9: 'nine', '01': '', '4294967295': 'max', 'équipe': '日本語', '𝒜lpha': 'a\u2028b', 'ｱ': '𝒜', 'a b': '  spaced  ' };
    return c;
  }, (s) => expect(s.get('production-cluster')).toContain('"4294967295": "max"')],
  ['template text, quotes, backslashes and unicode in every reason and description', () => {
    const c = everyFeatureInput();
    const cl = c0(c);
    cl.network.nodeInternetEgress.reason = REASONS[0];
    cl.endpointAccess.reason = REASONS[1];
    cl.logging.reducedTypes.reason = REASONS[2];
    cl.access.breakGlassRole.reason = REASONS[3];
    cl.namespaces.monitoring.reason = REASONS[4];
    cl.rbac.groups.oncall.exec.reason = REASONS[5];
    cl.nodeGroups[1].imds.reason = REASONS[6];
    const batch = byName(c, 'batch');
    batch.wildcardSubject.reason = REASONS[7];
    batch.permissionsBoundary.reason = REASONS[8];
    const reporter = byName(c, 'reporter');
    reporter.podIdentity.disableSessionTags.reason = REASONS[0];
    reporter.s3[0].prefixStems.reason = REASONS[2];
    reporter.securityGroup.egress[0].description = 'a ${aws_security_group.nodes.id} b';
    byName(c, 'orders-api').securityGroup.egress[0].description = 'PostgreSQL ${var.db} {x} $';
    return c;
  }, (s) => {
    // EC2 descriptions lose the quotes; the template stays text.
    expect(s.get('production-cluster')).toContain('(opt-out: reads $${file( /etc/passwd )} nightly)');
    expect(s.get('production-cluster')).toContain('$$${escaped} already, and a lone $');
  }],
  ['template text, quotes, backslashes and integer-like keys in an encryption context and S3 prefixes', () => {
    const c = exampleInput();
    const w = byName(c, 'my-app');
    w.kms[0].encryptionContext = { '${aws:PrincipalTag/team}': '%{x}', 'a"b': '\\', 10: 'ten', 9: 'nine', 'ü': 'ÿ' };
    w.s3.push({ bucket: 'prod-artifacts', prefixes: ['${namespace}/', '%{serviceAccount}/', 'a"b\\c/', 'x$%{/'], access: 'read' });
    return c;
  }, (s) => {
    expect(s.get('production-cluster-workloads')).toContain('kms:EncryptionContext:$${aws:PrincipalTag/team}\\":\\"%%{x}');
    // {namespace} is filled in; the `$` before it stays text.
    expect(s.get('production-cluster-workloads')).toContain('arn:aws:s3:::prod-artifacts/$production/*');
  }],
  ['an override-free cross-stack reference through pod identity (a created cluster\'s workloads stack reads the cluster stack)', podIdentityOnly,
    (s) => expect(s.get('production-cluster-workloads')).toContain('terraform_remote_state')],
  ['pod identity with its own security group and a flow from an IRSA workload', () => {
    const c = podIdentityOnly();
    c0(c).workloads[0].securityGroup = { probePorts: [8080], egress: [{ toSecurityGroupId: 'sg-0db0123456789abcd', port: 5432, description: 'PostgreSQL ${var.db}' }] };
    c0(c).workloads[0].network = { ingress: [{ fromApp: 'client', port: 8080 }] };
    c0(c).workloads.push({ name: 'client', namespace: 'orders', identity: 'irsa' });
    return c;
  }, (s) => expect(s.get('production-cluster-workloads')).toContain('terraform_remote_state')],
  ['another account\'s side of the access, policies managed, sharded', () => {
    const c = podIdentityOnly();
    c.accounts = { [OTHER]: { roleArn: `arn:aws:iam::${OTHER}:role/eksguard-deployer`, managePolicies: true } };
    const w = c0(c).workloads[0];
    Object.assign(w, { identity: 'irsa-and-pod-identity', kms: [{ keyArn: OTHER_KEY, access: 'decrypt' }], s3: [{ bucket: 'shared-reports', access: 'read', account: OTHER }] });
    c0(c).sharding = { shards: 2 };
    return c;
  }, (s) => expect(s.get(`production-cluster-account-${OTHER}`)).toContain('aws_kms_grant')],
  ['an existing cluster made from the example, pod identity agent created, sharded', () => {
    const c = exampleInput();
    makeExisting(c0(c), 'create');
    for (const w of c0(c).workloads) setIdentity(w, 'pod-identity');
    c0(c).sharding = { shards: 3 };
    return c;
  }, () => undefined],
  ['a cluster named oidc with a node group named nodes', () => {
    const c = exampleInput();
    renameCluster(c, c0(c), 'oidc');
    c0(c).nodeGroups[0].name = 'nodes';
    return c;
  }, (s) => expect([...s.keys()]).toEqual(['oidc', 'oidc-platform', 'oidc-workloads'])],
];

describe('synthesize() and cdktf\'s own synth write the same stacks', () => {
  // Each with the plain path before and after synthesize().
  test.each(PINNED)('%s', (_what, input, check) => {
    const compared = differential(input(), true);
    if ('refused' in compared) throw new Error(`not compared: ${compared.refused}`);
    check(compared.stacks);
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------
// Generated cases.

/** Text only the generator's vocabularies put into a stack (none of the base inputs' outputs holds any). */
const HOSTILE_OUTPUT = /%%\{|passwd|TfToken\[|𝒜|チーム|constructor|tostring|__proto__/;

const RUNS = Number(process.env.EKSGUARD_DIFF_RUNS ?? 40);
const SEED = Number(process.env.EKSGUARD_DIFF_SEED ?? 20261203);

test(`generated configs (${RUNS} runs, seed ${SEED}): the same stacks, byte for byte, or both refused`, () => {
  let generated = 0;
  let compared = 0;
  const refusals: string[] = [];
  const seen = { plainFirst: 0, shards: 0, accounts: 0, existing: 0, podIdentity: 0, crossStack: 0, hostileText: 0 };
  fc.assert(
    fc.property(platformCase, (k) => {
      generated++;
      const input = inputOf(k);
      const result = differential(input, k.plainFirst);
      if ('refused' in result) {
        refusals.push(result.refused);
        fc.pre(false);
        return;
      }
      compared++;
      const names = [...result.stacks.keys()];
      const texts = [...result.stacks.values()];
      if (k.plainFirst) seen.plainFirst++;
      if (names.some((s) => /-workloads-1$/.test(s))) seen.shards++;
      if (names.some((s) => s.includes('-account-'))) seen.accounts++;
      if (input.clusters.some((c: any) => c.existing !== undefined)) seen.existing++;
      if (texts.some((t) => t.includes('aws_eks_pod_identity_association'))) seen.podIdentity++;
      if (texts.some((t) => t.includes('terraform_remote_state'))) seen.crossStack++;
      if (texts.some((t) => HOSTILE_OUTPUT.test(t))) seen.hostileText++;
    }),
    { seed: SEED, numRuns: RUNS, maxSkipsPerRun: 1 },
  );
  // Not vacuous: most generated configs are synthesized and compared, and every kind of input occurs.
  expect(compared).toBeGreaterThanOrEqual(RUNS);
  if (process.env.EKSGUARD_DIFF_VERBOSE === '1') console.log(`${compared} of ${generated} compared`, seen, refusals);
  expect(compared / generated).toBeGreaterThanOrEqual(0.7);
  // Each kind in at least a tenth of the runs: a proportion a sample this small may miss below 30 runs.
  if (RUNS >= 30) {
    const least = Math.floor(RUNS / 10);
    for (const [what, n] of Object.entries(seen)) expect({ what, atLeast: n >= least }).toEqual({ what, atLeast: true });
  }
}, 300_000);
