/**
 * Review of the planned elements (src/terraform/planned.ts) and the resolve shortcuts
 * (src/terraform/fast-resolve.ts `markResolved`, `spliced`) as a hostile config author or library
 * user would try them:
 *
 * - every free-text field the config accepts template syntax in, at once, rendered in a user's App
 *   (renderCluster, cdktf's own synth: no eksguard fast path, no reused element JSON) and in cdktf's
 *   own HCL (`toHclTerraform`, what `cdktf synth --hcl` writes): only the code's own interpolations;
 * - text cdktf reads as a number token, made by shortening a long role name with its hash (no config
 *   string holds it, so validation cannot refuse it): synth stops with the workload's config path;
 * - two flows of one client whose addresses sanitize to the same key: a problem line with the
 *   client's config path, not cdktf's silent merge;
 * - `spliced` against cdktf's own resolve on generated strings: escapes, `$${`, list and number
 *   tokens, tokens that resolve to non-strings or to text holding `${`, number-token text made
 *   across a token's edge.
 */
import { execFileSync } from 'child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { createHash } from 'crypto';
import { App, Aspects, Fn, Lazy, TerraformLocal, TerraformOutput, TerraformStack, Token } from 'cdktf';
import { plannedOrThrow, renderCluster } from '../../src/app/build';
import { synthesize } from '../../src/app/synth';
import { EksGuardChecks } from '../../src/checks/eksguard-checks';
import { ConfigError } from '../../src/config/problems';
import { shorten } from '../../src/naming';
import { liveTemplates, numberTokenText } from '../../src/terraform/escape';
import { withFastResolve } from '../../src/terraform/fast-resolve';
import { PlannedResource } from '../../src/terraform/planned';
import { everyFeatureInput } from '../support/fixtures';
import { exampleInput, existingClusterInput, liveTemplatesIn, tempOut, terraformOnPath, valid } from '../support/synth';

// ---------------------------------------------------------------------------------------------
// Hostile free text in a user's App.

/** Template syntax Terraform would evaluate (a file read, a directive, a reference to a resource eksguard writes, an escape). */
const PAYLOAD = 'eksguard ${file("/etc/passwd")} %{ if true }x%{ endif } $${aws:username} ${aws_iam_role.payments_app-sqs-consumer.arn}';
/** What EC2 rule descriptions admit (no quotes, no `%`): a reference to a resource of the same stack. */
const EC2_PAYLOAD = 'eksguard ${aws_security_group.nodes.id} and ${path.root}';

/** The every-feature fixture with the payload in every free-text field that reaches the workloads and platform stacks. */
function hostileInput(): any {
  const c = everyFeatureInput();
  const cl = c.clusters[0];
  cl.network.nodeInternetEgress.reason = PAYLOAD; // the pod groups' internet egress rule description
  cl.namespaces.monitoring.reason = PAYLOAD;
  const batch = cl.workloads.find((w: any) => w.name === 'batch');
  // Inline policy of a planned role: the key takes the payload; a value refuses `${` (IAM would read a policy variable), so it takes the rest.
  batch.kms[0].encryptionContext = { [PAYLOAD]: PAYLOAD.split('${').join('$ {') };
  batch.wildcardSubject.reason = PAYLOAD;
  batch.permissionsBoundary.reason = PAYLOAD;
  const reporter = cl.workloads.find((w: any) => w.name === 'reporter');
  reporter.securityGroup.egress[0].description = EC2_PAYLOAD; // a planned egress rule
  reporter.podIdentity.disableSessionTags.reason = PAYLOAD;
  reporter.s3[0].prefixStems.reason = PAYLOAD;
  const orders = cl.workloads.find((w: any) => w.name === 'orders-api');
  orders.securityGroup.egress[0].description = EC2_PAYLOAD;
  return c;
}

/** The config rendered in a user's App with cdktf's own synth: each stack's JSON text and cdktf's own HCL. */
function userApp(input: unknown): { json: Record<string, string>; hcl: Record<string, string>; app: App } {
  const outdir = mkdtempSync(path.join(tmpdir(), 'eksguard-hostile-'));
  const app = new App({ outdir, stackTraces: false });
  for (const plan of plannedOrThrow(valid(input))) renderCluster(app, plan, outdir);
  const stacks = app.node.children.filter(TerraformStack.isStack);
  app.synth();
  // After synth, as `cdktf synth --hcl` renders it: the stacks' aspects (the bindings' boundary) have run.
  const hcl = Object.fromEntries(stacks.map((s) => [s.node.id, (s.toHclTerraform() as { hcl: string }).hcl]));
  const json = Object.fromEntries(stacks.map((s) => [s.node.id, readFileSync(path.join(outdir, 'stacks', s.node.id, 'cdk.tf.json'), 'utf8')]));
  return { json, hcl, app };
}

/** Every live template of a stack's JSON (values and keys). */
const jsonTemplates = (text: string): Set<string> => liveTemplatesIn(JSON.parse(text));

/** Every `${...}`/`%{...}` of HCL text that is not escaped (`$${`, `%%{`). */
const hclTemplates = (text: string) => new Set(liveTemplates(text));

/** Synthesize `input` (valid), which must be refused with a ConfigError: its problems and the output directory. */
function refused(input: unknown): { problems: ConfigError['problems']; out: string } {
  const out = tempOut();
  let error: unknown;
  try {
    synthesize(valid(input), out);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ConfigError);
  return { problems: (error as ConfigError).problems, out };
}

describe("hostile free text in a user's App (cdktf's own synth and HCL)", () => {
  const base = userApp(everyFeatureInput());
  const bad = userApp(hostileInput());

  test('the payload reaches planned elements of the workloads stacks (the test is not vacuous)', () => {
    const workloads = Object.entries(bad.json).filter(([s]) => s.includes('-workloads')).map(([, t]) => t).join('\n');
    expect(workloads).toContain('$${aws_security_group.nodes.id}');
    expect(workloads).toContain('HTTPS to the internet through NAT');
    expect(workloads).toMatch(/kms:EncryptionContext:eksguard \$\$\{file/);
    const planned = bad.app.node.findAll().filter((c) => c instanceof PlannedResource && c.terraformResourceType === 'aws_vpc_security_group_egress_rule');
    expect(planned.length).toBeGreaterThan(0);
  });

  test.each(['json', 'hcl'] as const)('%s: every live interpolation is one the project writes without the payload', (form) => {
    const of = form === 'json' ? jsonTemplates : hclTemplates;
    for (const stack of Object.keys(base[form])) {
      const own = of(base[form][stack]);
      const live = [...of(bad[form][stack])];
      expect({ stack, extra: live.filter((t) => !own.has(t)) }).toEqual({ stack, extra: [] });
      expect({ stack, payload: live.filter((t) => /file\(|path\.root|%\{|aws:username/.test(t)) }).toEqual({ stack, payload: [] });
    }
    // The references the payload names are live where the code writes them, so the check above can see them.
    const all = Object.values(base[form]).map((t) => [...of(t)]).flat();
    expect(all).toContain('${aws_iam_role.payments_app-sqs-consumer.arn}');
    expect(all).toContain('${aws_security_group.nodes.id}');
  });

  (terraformOnPath("test/security/planned-hostile.test.ts's terraform check of cdktf's HCL") ? test : test.skip)("hcl: Terraform parses the resource blocks of cdktf's own HCL of the workloads stacks", () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eksguard-hostile-hcl-'));
    for (const [stack, text] of Object.entries(bad.hcl).filter(([s]) => s.includes('-workloads'))) {
      // Only the resource and output blocks: cdktf renders a stack's `terraform` block in a form
      // `fmt` refuses (`0 = "required_version"`), with or without planned elements.
      const blocks = text.split(/\n(?=(?:(?:resource|data) "[^"\n]+" "[^"\n]+"|(?:output|provider) "[^"\n]+"|terraform|locals|moved|import) \{$)/m).filter((b) => /^(resource|output) /.test(b));
      expect(blocks.length).toBeGreaterThan(10);
      const file = path.join(dir, stack, 'main.tf');
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, `${blocks.join('\n')}\n`);
      let code = 0;
      try {
        execFileSync('terraform', ['fmt', '-check', '-list=false', file], { env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null' }, stdio: 'pipe' });
      } catch (e) {
        code = (e as { status: number }).status;
        if (code !== 3) console.log(stack, String((e as { stderr: Buffer }).stderr));
      }
      // 3: parsed, only formatting differs; 2 would be a syntax error.
      expect(`${stack}: ${code === 3 ? 0 : code}`).toBe(`${stack}: 0`);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Number-token text that no config string holds.

/**
 * A workload name whose role name (`<cluster>-<namespace>-<name>`, past 64 characters shortened
 * with 8 hex of its SHA-256) holds text cdktf reads as a number token. Found by search, checked here.
 */
const LONG_NAME = 'a-workload-with-a-rather-long-name-that-gets-shortened-3j7cq';

describe('number-token text made by shortening a role name', () => {
  test('the name is valid, and only its shortened role name holds the text (the test is not vacuous)', () => {
    const full = `production-cluster-payments-${LONG_NAME}`;
    expect(createHash('sha256').update(full).digest('hex').slice(0, 8)).toBe('8154e295');
    expect(numberTokenText(full)).toBeUndefined();
    expect(numberTokenText(shorten(full, 64))).toBe('-8154e295');
  });

  test.each([['irsa'], ['pod-identity']])('synth stops with one problem line naming the workload (%s), and writes nothing', (identity) => {
    const input = exampleInput();
    input.clusters[0].workloads.push({ name: LONG_NAME, namespace: 'payments', identity });
    const { problems, out } = refused(input);
    expect(problems.map((p) => p.path)).toEqual(['clusters[0].workloads[4]']);
    expect(problems[0].message).toContain(`production-cluster-workloads/aws_iam_role.payments_${LONG_NAME}`);
    expect(problems[0].message).toContain('-8154e295');
    expect(() => readFileSync(path.join(out, 'manifest.json'))).toThrow();
  });
});

// ---------------------------------------------------------------------------------------------
// Shared addresses between planned elements.

describe('two flows of one client whose addresses sanitize to the same key', () => {
  test.each([
    ['servers of one name in two namespaces', [{ name: 'api', namespace: 'a', port: 80 }, { name: 'api', namespace: 'b', port: 80 }], 'c_client_flow-api-80'],
    ['a TCP flow to x-udp and a UDP flow to x on one port', [{ name: 'x-udp', namespace: 'a', port: 53 }, { name: 'x', namespace: 'b', port: 53, protocol: 'UDP' }], 'c_client_flow-x-udp-53'],
  ])('%s: a problem line with the client\'s config path for each rule, nothing written', (_name, servers, address) => {
    const input = exampleInput();
    input.clusters[0].workloads.push({ name: 'client', namespace: 'c', securityGroup: { probePorts: [] } });
    for (const s of servers as Array<{ name: string; namespace: string; port: number; protocol?: string }>) {
      input.clusters[0].workloads.push({ name: s.name, namespace: s.namespace, securityGroup: { probePorts: [] }, network: { ingress: [{ fromApp: 'client', port: s.port, ...(s.protocol ? { protocol: s.protocol } : {}) }] } });
    }
    const { problems, out } = refused(input);
    expect(problems.map((p) => p.path)).toEqual(['clusters[0].workloads[4]', 'clusters[0].workloads[4]']);
    expect(problems.map((p) => p.message.match(/the Terraform address (\S+)/)?.[1])).toEqual([
      `production-cluster-workloads/aws_vpc_security_group_egress_rule.${address}`,
      `production-cluster-workloads/aws_vpc_security_group_ingress_rule.${address}-in`,
    ]);
    expect(() => readFileSync(path.join(out, 'manifest.json'))).toThrow();
  });
});

// ---------------------------------------------------------------------------------------------
// `spliced` against cdktf's own resolve.

describe("the fast resolve path's string splicing against cdktf's resolve", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tokens = require('cdktf/lib/_tokens') as { resolve: (scope: unknown, obj: unknown, preparing?: boolean) => unknown };

  test.each([false, true])('generated strings of tokens and template text resolve as cdktf resolves them (preparing: %s)', (preparing) => {
    const cdktfResolve = tokens.resolve;
    const stack = new TerraformStack(new App({ outdir: tempOut() }), 'splice');
    new TerraformOutput(stack, 'o', { value: 'x' });
    const local = new TerraformLocal(stack, 'l', 'x');
    // Deterministic tokens (what `spliced` assumes: a token resolves to the same text throughout a pass).
    const parts = [
      local.asString, Fn.upper(local.asString), Lazy.stringValue({ produce: () => 'lz' }), Lazy.stringValue({ produce: () => '${inner}' }),
      Token.asString(Lazy.numberValue({ produce: () => 8080 })), Token.asString(Lazy.anyValue({ produce: () => ['x'] })), Token.asString(Lazy.anyValue({ produce: () => 5 })),
      String(Lazy.numberValue({ produce: () => 7 })), Lazy.stringValue({ produce: () => Fn.lower(local.asString) }),
      Lazy.stringValue({ produce: () => '-8154' }), Lazy.stringValue({ produce: () => 'e295' }), Token.asList(Lazy.anyValue({ produce: () => ['q'] }))[0],
      '${', '$${', '}', '{', '%{', '%%{', 'a', ' ', '1', 'e', '-', '"', '\\', '${x}', '$', '-8154', 'e295', '.',
    ];
    let seed = 12345;
    const next = (k: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % k;
    };
    const fast = withFastResolve(numberTokenText);
    const outcome = (f: () => unknown) => {
      try {
        return JSON.stringify(f());
      } catch (e) {
        return `error: ${(e as Error).message.split('\n')[0]}`;
      }
    };
    let compared = 0;
    const differ: string[] = [];
    try {
      for (let i = 0; i < 3000; i++) {
        let s = '';
        for (let j = 0, n = 1 + next(6); j < n; j++) s += parts[next(parts.length)];
        if (!s.includes('${TfToken[')) continue;
        compared++;
        // In a plain object, where the fast path walks and splices; cdktf's resolve of the same value.
        const value = { a: { s, list: [s, 'plain'] } };
        const expected = outcome(() => cdktfResolve(stack, value, preparing));
        const actual = outcome(() => tokens.resolve(stack, value, preparing));
        if (actual !== expected) differ.push(`${JSON.stringify(s)}: ${actual} vs cdktf ${expected}`);
      }
    } finally {
      fast.restore();
    }
    expect(compared).toBeGreaterThan(1500);
    expect(differ).toEqual([]);
    expect(tokens.resolve).toBe(cdktfResolve);
  });
});

// ---------------------------------------------------------------------------------------------
// A library user's escape hatch that widens a planned element, under EksGuardChecks.

describe("EksGuardChecks on an override that widens a planned rule in a user's App", () => {
  /** The existing-cluster example in a user's App, `tweak` applied to the workloads stack, checked; the synth error. */
  function checked(tweak: (workloads: TerraformStack) => void): string {
    const app = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'eksguard-widen-')), stackTraces: false });
    for (const plan of plannedOrThrow(valid(existingClusterInput()))) renderCluster(app, plan, app.outdir);
    const workloads = app.node.children.find((c) => c.node.id === 'production-cluster-workloads') as TerraformStack;
    tweak(workloads);
    Aspects.of(workloads).add(new EksGuardChecks({ today: '2026-12-03' }));
    try {
      app.synth();
      return '';
    } catch (e) {
      return (e as Error).message;
    }
  }
  const rule = (workloads: TerraformStack) => workloads.node.findAll().find((c) => c instanceof PlannedResource && c.node.path.endsWith('/egress-aws-endpoints')) as PlannedResource;

  test('without the override the stack passes, and the rule is a planned element (the test is not vacuous)', () => {
    let found: PlannedResource | undefined;
    expect(checked((w) => { found = rule(w); })).toBe('');
    expect(found).toBeInstanceOf(PlannedResource);
  });

  test('egress opened to the internet by addOverride is an error finding named by the rule\'s construct path', () => {
    const message = checked((w) => rule(w).addOverride('cidr_ipv4', '0.0.0.0/0'));
    expect(message).toContain('[production-cluster-workloads/pod-security-groups/orders_orders-api/egress-aws-endpoints] error [AWS-0104] production-cluster-workloads/aws_vpc_security_group_egress_rule.orders_orders-api_aws-endpoints');
  });
});

describe("what `spliced` assumes of eksguard's own apps", () => {
  // `spliced` resolves each string token marker once per stack and pass: right for tokens that give
  // the same text every time (references, functions, fixed values), wrong for a stateful Lazy (one
  // whose produce() answers differently on each call), which cdktf resolves at each occurrence.
  test('every token the every-feature app registers is a reference, a dependable, a function call or a fixed value (no Lazy)', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { TokenMap } = require('cdktf/lib/tokens/private/token-map') as { TokenMap: { instance(): { stringTokenMap: Map<string, object>; numberTokenMap: Map<number, object> } } };
    const map = TokenMap.instance();
    const all = () => [...map.stringTokenMap.values(), ...map.numberTokenMap.values()];
    const before = new Set(all());
    const app = new App({ outdir: tempOut(), stackTraces: false });
    for (const plan of plannedOrThrow(valid(everyFeatureInput()))) renderCluster(app, plan, app.outdir);
    const kinds = new Map<string, number>();
    for (const t of all().filter((x) => !before.has(x))) kinds.set(t.constructor.name, (kinds.get(t.constructor.name) ?? 0) + 1);
    expect([...kinds.keys()].filter((k) => !['Reference', 'Dependable', 'FunctionCall', 'Intrinsic'].includes(k))).toEqual([]);
    expect(kinds.get('Reference')).toBeGreaterThan(10);
  });
});
