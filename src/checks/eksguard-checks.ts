/**
 * The rule pack as a cdktf Aspect, for any cdktf app: every stack it is added to is checked at synth
 * (after every other aspect ran, so it reads the JSON cdktf writes), findings are named by their
 * construct path, acknowledgements are attached to constructs with a reason (the cdk-nag model), and
 * the report is the one `eksguard synth` writes (`eksguard-report.json`).
 */
import { readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { Annotations, App, Aspects, IAspect, TerraformElement, TerraformStack } from 'cdktf';
import { IConstruct, IValidation } from 'constructs';
import { HIDDEN_CHARACTER } from '../config/schema';
import { distance } from '../rules/distance';
import { evaluateRules, Rule, RuleRun, Acknowledgement } from '../rules/engine';
import { formatFinding } from '../rules/format';
import { RULE_IDS } from '../rules/ids';
import { documentOf, Finding } from '../rules/model';
import { RULES } from '../rules/packs';
import { sha256 } from '../rules/load';
import { relaxationsOf } from '../terraform/stamps';
import { elementAddress, sharedAddresses, sharedAddressMessage } from '../terraform/addresses';
import { REPORT_FILE, reportOf } from '../app/guardrails';

/** One acknowledged rule on a construct. */
export interface EksGuardAcknowledgement {
  /** One rule id of the pack, exactly (`eksguard rules` lists them): no `*`, no pattern. */
  readonly rule: string;
  /** Why the finding is accepted: one line of visible text, at least 10 characters. */
  readonly reason: string;
  /** `YYYY-MM-DD`: after this day the finding is an error again. @default - never expires */
  readonly expires?: string;
}

export interface EksGuardChecksProps {
  /** The rules to run. @default RULES - the whole pack */
  readonly rules?: readonly Rule[];
  /** The account's IAM trust policy quota in characters (IAM's default, raisable to 8192). @default 2048 */
  readonly trustPolicyMaxChars?: number;
  /**
   * Where the report goes, relative to the app's output directory (absolute paths as they are), or
   * `false` for none. It is written once every stack synthesized without errors.
   * @default 'eksguard-report.json' - beside `stacks/`, where `eksguard check <outdir>` reads it
   */
  readonly reportFile?: string | false;
  /** The day expiry is judged against, `YYYY-MM-DD`. @default - today (UTC) */
  readonly today?: string;
}

const ACKS = 'eksguard:acknowledgement';
/** On an acknowledgement read from a relaxation stamp: the config path of the relaxation. */
const RELAXATION_SOURCE = Symbol('eksguard.relaxation-source');
const sourceOf = (ack: EksGuardAcknowledgement, at: IConstruct): string => (ack as { [RELAXATION_SOURCE]?: string })[RELAXATION_SOURCE] ?? `EksGuardChecks.acknowledge(${at.node.path})`;
const CHECKS_MARKER = Symbol.for('eksguard.checks');
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** What is wrong with an acknowledgement, or undefined: one rule id of the pack exactly, a reason of 10+ visible characters on one line, an optional day. */
function acknowledgementProblem(value: unknown): string | undefined {
  const a = (value ?? {}) as Partial<EksGuardAcknowledgement>;
  const rule = String(a.rule ?? '');
  if (!RULE_IDS.includes(rule)) {
    const near = [...RULE_IDS].map((id) => ({ id, d: distance(rule.toUpperCase(), id.toUpperCase()) })).sort((x, y) => x.d - y.d)[0];
    const hint = /[*?]/.test(rule) ? 'An acknowledgement names one rule id exactly, never a pattern' : near !== undefined && near.d <= 3 ? `Did you mean ${near.id}?` : 'Name a rule id of the pack (eksguard rules lists them)';
    return `acknowledgement of ${JSON.stringify(rule)}: not a rule id of the pack. ${hint}.`;
  }
  const reason = typeof a.reason === 'string' ? a.reason.trim() : '';
  if (reason.length < 10 || HIDDEN_CHARACTER.test(reason)) {
    return `acknowledgement of ${rule}: a reason of at least 10 visible characters on one line is required (got ${JSON.stringify(a.reason ?? '')}). Say why the finding is accepted, for reviewers and auditors.`;
  }
  if (a.expires !== undefined && (typeof a.expires !== 'string' || !DAY.test(a.expires) || Number.isNaN(Date.parse(`${a.expires}T00:00:00Z`)))) {
    return `acknowledgement of ${rule}: expires must be a day, YYYY-MM-DD (got ${JSON.stringify(a.expires)}).`;
  }
  return undefined;
}

/**
 * ```ts
 * const checks = new EksGuardChecks();
 * Aspects.of(stack).add(checks);        // one stack, or
 * checks.addTo(app);                    // every stack of the app
 * EksGuardChecks.acknowledge(role, [{ rule: 'IAM-TRUST-WILDCARD', reason: 'a public demo role, no permissions' }]);
 * app.synth();                          // throws, listing every error finding with its construct path
 * ```
 *
 * Error findings fail the synth: cdktf's validation error lists every one of the stack, each as
 * `[<construct path>] error [<rule>] <stack>/<address>: <what>. <fix>`. Warnings become cdktf
 * warning annotations (the cdktf CLI prints them) and are in the report. Two elements of a checked
 * stack that share a Terraform address are an error too.
 *
 * cdktf 0.21 invokes aspects only on stacks and what is below them: an aspect added to the App
 * itself (`Aspects.of(app).add(...)`) is never invoked, so `addTo(app)` adds this one to each stack
 * and fails the synth for a stack made after it (never a stack left unchecked).
 */
export class EksGuardChecks implements IAspect {
  /**
   * Accept findings of `rule` on the resources of `construct` (it and every construct below it),
   * with a reason. Only there: the same finding on any other construct stays an error. Throws on
   * an unknown rule id, a pattern, or a missing or short reason.
   */
  static acknowledge(construct: IConstruct, acknowledgements: readonly EksGuardAcknowledgement[]): void {
    const problems: string[] = [];
    for (const a of acknowledgements) {
      const problem = acknowledgementProblem(a);
      if (problem !== undefined) {
        problems.push(problem);
        continue;
      }
      construct.node.addMetadata(ACKS, { rule: a.rule, reason: a.reason.trim(), ...(a.expires !== undefined ? { expires: a.expires } : {}) });
    }
    if (problems.length > 0) throw new Error(problems.map((p) => `[${construct.node.path}] ${p}`).join('\n'));
  }

  /**
   * The acknowledgements attached to `construct` itself (not those of its scopes), each checked
   * again as `acknowledge` checks it (construct metadata is public: one may not have been written
   * by `acknowledge`); one that is not in shape throws, naming the construct.
   */
  static acknowledgementsOf(construct: IConstruct): EksGuardAcknowledgement[] {
    return construct.node.metadata.filter((m) => m.type === ACKS).map((m) => {
      const problem = acknowledgementProblem(m.data);
      if (problem !== undefined) throw new Error(`[${construct.node.path}] ${problem}`);
      return m.data as EksGuardAcknowledgement;
    });
  }

  /**
   * The reasoned relaxations eksguard's own constructs stamp on the element that renders them
   * (`stampRelaxation`, from a plan's relaxation), as acknowledgements of that element only: so
   * eksguard's stacks rendered in a user's app pass under the Aspect exactly as under `eksguard synth`,
   * and nothing made below the stamped element is covered.
   */
  private static relaxationsAt(element: IConstruct): EksGuardAcknowledgement[] {
    return relaxationsOf(element).flatMap((r) => r.rules.map((rule) => ({ rule, reason: r.reason, [RELAXATION_SOURCE]: r.configPath })));
  }

  /** Recognised without an import (src/terraform/addresses.ts finds one added to the App, where cdktf never invokes it). */
  readonly [CHECKS_MARKER] = true;
  private readonly rules: readonly Rule[];
  /** Each checked stack → the scopes this aspect was invoked on in it (the top-most ones). */
  private readonly scopes = new Map<TerraformStack, IConstruct[]>();
  private readonly runs = new Map<TerraformStack, StackRun>();
  private readonly apps = new Set<App>();
  private readonly addedTo = new Set<App>();
  private readonly elements = new WeakSet<IConstruct>();
  private lastReport?: object;

  constructor(private readonly props: EksGuardChecksProps = {}) {
    this.rules = props.rules ?? RULES;
  }

  /** The report of the last synth that passed (the `eksguard-report.json` content), or undefined. */
  get report(): object | undefined {
    return this.lastReport;
  }

  /**
   * Check every stack of `app`: adds this aspect to each stack there is now, and fails the synth
   * for any stack made afterwards (add the stacks first, then call this).
   */
  addTo(app: App): this {
    for (const stack of app.node.findAll().filter(TerraformStack.isStack)) Aspects.of(stack).add(this);
    this.addedTo.add(app);
    this.watch(app);
    return this;
  }

  visit(node: IConstruct): void {
    const stack = TerraformStack.isStack(node) ? node : TerraformStack.of(node);
    let scopes = this.scopes.get(stack);
    if (scopes === undefined) {
      scopes = [];
      this.scopes.set(stack, scopes);
      stack.node.addValidation(new StackChecks(this, stack));
      this.watch(App.of(stack));
    }
    // Pre-order: a node below a scope already checked adds nothing.
    if (!node.node.scopes.some((s) => scopes!.includes(s))) scopes.push(node);
    // Each element reports its own findings, so cdktf names its construct path.
    if (TerraformElement.isTerraformElement(node) && !this.elements.has(node)) {
      this.elements.add(node);
      node.node.addValidation(new ElementChecks(this, stack, node));
    }
  }

  /** Whether this aspect was invoked on `stack` (or on a construct in it). */
  covers(stack: TerraformStack): boolean {
    return this.scopes.has(stack);
  }

  /** The findings of the last check of `stack` that are on `owner`. */
  findingsOn(stack: TerraformStack, owner: IConstruct): Finding[] {
    const r = this.runs.get(stack);
    return r === undefined ? [] : r.run.findings.filter((f) => r.owners.get(f) === owner);
  }

  private watch(app: App): void {
    if (this.apps.has(app)) return;
    this.apps.add(app);
    app.node.addValidation(new AppChecks(this, app));
  }

  /** Run the pack on one stack as it is now, with the acknowledgements of its constructs. */
  checkStack(stack: TerraformStack): StackRun {
    const scopes = this.scopes.get(stack) ?? [stack];
    const app = App.of(stack);
    const file = path.join(path.resolve(app.outdir), 'stacks', stack.node.id, 'cdk.tf.json');
    const doc = documentOf(stack.toTerraform(), stack.node.id, file);
    const all = evaluateRules(this.rules, [doc], { trustPolicyMaxChars: this.props.trustPolicyMaxChars ?? 2048 });
    // Each address → the element that has it (the longest prefix of a finding's address: `aws_iam_role.x.inline_policy[0]`).
    const elements = new Map<string, TerraformElement>();
    for (const n of stack.node.findAll()) {
      if (!TerraformElement.isTerraformElement(n)) continue;
      const a = elementAddress(n as TerraformElement);
      if (a !== undefined && !elements.has(a)) elements.set(a, n as TerraformElement);
    }
    const elementOf = (address: string): TerraformElement | undefined => {
      for (let a = address; a.includes('.'); a = a.slice(0, a.lastIndexOf('.'))) {
        const e = elements.get(a);
        if (e !== undefined) return e;
      }
      return undefined;
    };
    const inScope = (c: IConstruct) => scopes.some((s) => s === c || c.node.scopes.includes(s));
    const today = this.props.today ?? new Date().toISOString().slice(0, 10);
    const used = new Map<string, string[]>();
    const findings: Finding[] = [];
    const acknowledged: RuleRun['acknowledged'] = [];
    const owners = new Map<Finding, IConstruct>();
    for (const f of all.findings) {
      const element = elementOf(f.address);
      if (element !== undefined && !inScope(element)) continue;
      const owner: IConstruct = element ?? stack;
      owners.set(f, owner);
      // The nearest construct (the resource itself, then its scopes) that acknowledges the rule.
      const chain = [...owner.node.scopes].reverse();
      let covered: { at: IConstruct; ack: EksGuardAcknowledgement } | undefined;
      for (const c of chain) {
        const candidates = c === element ? [...EksGuardChecks.relaxationsAt(c), ...EksGuardChecks.acknowledgementsOf(c)] : EksGuardChecks.acknowledgementsOf(c);
        const ack = candidates.find((a) => a.rule === f.ruleId && (a.expires === undefined || a.expires >= today));
        if (ack !== undefined) {
          covered = { at: c, ack };
          break;
        }
      }
      if (covered === undefined) {
        findings.push(f);
        continue;
      }
      const key = `${covered.at.node.path}\u0000${covered.ack.rule}`;
      used.set(key, [...(used.get(key) ?? []), `${f.stack}/${f.address}`]);
      acknowledged.push({ ...f, acknowledgement: { rule: f.ruleId, target: `${f.stack}/${f.address}`, reason: covered.ack.reason, ...(covered.ack.expires !== undefined ? { expires: covered.ack.expires } : {}), source: sourceOf(covered.ack, covered.at) } });
    }
    // Acknowledgements on this stack's constructs that cover nothing (expired, or the finding is gone).
    const stale: RuleRun['stale'] = [];
    const multiple: RuleRun['multiple'] = [];
    for (const c of stack.node.findAll().filter(inScope)) {
      const stamped = TerraformElement.isTerraformElement(c) ? EksGuardChecks.relaxationsAt(c) : [];
      for (const ack of [...EksGuardChecks.acknowledgementsOf(c), ...stamped]) {
        const acknowledgement: Acknowledgement = { rule: ack.rule, target: c.node.path, reason: ack.reason, ...(ack.expires !== undefined ? { expires: ack.expires } : {}), source: sourceOf(ack, c) };
        const covers = used.get(`${c.node.path}\u0000${ack.rule}`);
        if (ack.expires !== undefined && ack.expires < today) stale.push({ acknowledgement, why: `expired on ${ack.expires}` });
        else if (covers === undefined) stale.push({ acknowledgement, why: `matches no finding on ${c.node.path} or below` });
        else if (covers.length > 1) multiple.push({ acknowledgement, covers });
      }
    }
    const run: StackRun = { run: { findings, acknowledged, stale, multiple, checked: all.checked }, owners, file };
    this.runs.set(stack, run);
    return run;
  }

  /** After every stack was written: the report, bound to the bytes of each stack file. */
  writeReport(app: App): string[] {
    if (this.addedTo.has(app)) {
      // A stack made after addTo(app): say so rather than pass it unread.
      const unchecked = app.node.findAll().filter(TerraformStack.isStack).filter((st) => !this.runs.has(st));
      if (unchecked.length > 0) return unchecked.map((st) => `stack ${st.node.id} was not checked by EksGuardChecks (made after addTo(app)). Call addTo(app) once every stack is made, or add the aspect to it: Aspects.of(stack).add(checks).`);
    }
    const runs = [...this.runs.entries()].filter(([s]) => App.of(s) === app).sort(([a], [b]) => (a.node.id < b.node.id ? -1 : 1));
    const outdir = path.resolve(app.outdir);
    const digests: Record<string, string> = {};
    for (const [, r] of runs) {
      try {
        digests[path.relative(outdir, r.file).split(path.sep).join('/')] = sha256(readFileSync(r.file));
      } catch {
        // HCL output (cdk.tf): the report binds to JSON stack files only.
      }
    }
    const merged: RuleRun = {
      findings: runs.flatMap(([, r]) => r.run.findings),
      acknowledged: runs.flatMap(([, r]) => r.run.acknowledged),
      stale: runs.flatMap(([, r]) => r.run.stale),
      multiple: runs.flatMap(([, r]) => r.run.multiple),
      checked: runs.reduce<Record<string, number>>((acc, [, r]) => {
        for (const [id, n] of Object.entries(r.run.checked)) acc[id] = (acc[id] ?? 0) + n;
        return acc;
      }, {}),
    };
    this.lastReport = reportOf(merged, outdir, digests);
    if (this.props.reportFile !== false) writeFileSync(path.resolve(outdir, this.props.reportFile ?? REPORT_FILE), `${JSON.stringify(this.lastReport, null, 2)}\n`);
    return [];
  }
}

interface StackRun {
  readonly run: RuleRun;
  /** The construct each finding is on (its resource, or the stack). */
  readonly owners: Map<Finding, IConstruct>;
  /** Where cdktf writes the stack's JSON. */
  readonly file: string;
}

/** On the stack: runs the pack once the stack's aspects ran; errors name each finding's construct path. */
class StackChecks implements IValidation {
  constructor(private readonly checks: EksGuardChecks, private readonly stack: TerraformStack) {}

  validate(): string[] {
    const shared = sharedAddresses(this.stack).map((s) => `error [address] ${sharedAddressMessage(this.stack.node.id, s)}`);
    const { run, owners } = this.checks.checkStack(this.stack);
    const errors = run.findings.filter((f) => f.severity === 'error');
    for (const f of run.findings.filter((x) => x.severity !== 'error')) Annotations.of(owners.get(f) ?? this.stack).addWarning(formatFinding(f));
    for (const st of run.stale) Annotations.of(this.stack).addWarning(`acknowledgement of ${st.acknowledgement.rule} on ${st.acknowledgement.target} ${st.why}`);
    // Findings on an element are reported by the element (ElementChecks); here those on no element.
    const own = errors.filter((f) => owners.get(f) === this.stack).map(formatFinding);
    const summary = errors.length > 0 ? [`eksguard: ${errors.length} error finding(s) in stack ${this.stack.node.id}. Fix them, or accept one with a reason on its construct: EksGuardChecks.acknowledge(construct, [{ rule, reason }])`] : [];
    return [...shared, ...own, ...summary];
  }
}

/** On an element: its error findings, so cdktf prefixes each with the element's construct path. */
class ElementChecks implements IValidation {
  constructor(private readonly checks: EksGuardChecks, private readonly stack: TerraformStack, private readonly element: IConstruct) {}

  validate(): string[] {
    return this.checks.findingsOn(this.stack, this.element).filter((f) => f.severity === 'error').map(formatFinding);
  }
}

/** On the app: after every stack was written, the report (and a stack left unchecked is an error). */
class AppChecks implements IValidation {
  constructor(private readonly checks: EksGuardChecks, private readonly app: App) {}

  validate(): string[] {
    return this.checks.writeReport(this.app);
  }
}
