/**
 * What the app's constructs stamp on what they render, so the guardrails read the built App
 * instead of rebuilding `<stack>/<address>` strings from config names:
 *
 * - `eksguard:relaxation` on a Terraform element: a reasoned opt-out the element renders (the rules
 *   it accepts findings of, the reason, the config path). It acknowledges those rules on exactly that
 *   element, in its stack.
 * - `eksguard:config-path` on any construct (a stack, a workload's construct, a node group...): the
 *   config field its elements come from; an element takes its nearest stamped scope's.
 *
 * Metadata of the construct tree only: nothing of it reaches the synthesized JSON.
 */
import { App, TerraformElement, TerraformStack } from 'cdktf';
import type { IConstruct } from 'constructs';
import type { Acknowledgement } from '../rules';
import { RULE_IDS } from '../rules/ids';
import { elementAddress } from './addresses';

const RELAXATION = 'eksguard:relaxation';
const CONFIG_PATH = 'eksguard:config-path';

/** A relaxation as stamped (src/plan's Relaxation has the same shape). */
export interface RelaxationStamp {
  readonly configPath: string;
  readonly reason: string;
  readonly rules: readonly string[];
}

/** Control, format and separator characters: a reason is one line of visible text. */
const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

/**
 * Stamp a relaxation on the element that renders it (nothing when there is none). The stamp is an
 * acknowledgement (the app's guardrails and EksGuardChecks both honour it), so it is held to the
 * same shape as one: rule ids of the pack exactly, a reason of at least 10 visible characters on one line.
 */
export function stampRelaxation(element: TerraformElement | undefined, relaxation: RelaxationStamp | undefined): void {
  if (element === undefined || relaxation === undefined) return;
  const problem = relaxationProblem(relaxation);
  if (problem !== undefined) throw new Error(`[${element.node.path}] ${problem}`);
  element.node.addMetadata(RELAXATION, { configPath: relaxation.configPath, reason: relaxation.reason, rules: [...relaxation.rules] }, { stackTrace: false });
}

/** Stamp the config field a construct's elements come from. Returns the construct. */
export function stampConfigPath<T extends IConstruct>(construct: T, configPath: string): T {
  construct.node.addMetadata(CONFIG_PATH, configPath, { stackTrace: false });
  return construct;
}

export interface AppStamps {
  /** Every relaxation's acknowledgements, each targeting one `<stack>/<address>`. */
  readonly acknowledgements: Acknowledgement[];
  /** `<stack>/<address>` → config path, for every element under a stamped scope. */
  readonly configPaths: Map<string, string>;
}

/**
 * What is wrong with a stamp, or undefined: rule ids of the pack exactly, a reason of at least 10
 * visible characters on one line. Checked where a stamp is written and again wherever it is read:
 * construct metadata is public (`node.addMetadata`), so a stamp may not have been written by
 * `stampRelaxation`.
 */
export function relaxationProblem(stamp: unknown): string | undefined {
  const r = (stamp ?? {}) as Partial<RelaxationStamp>;
  const where = typeof r.configPath === 'string' && r.configPath !== '' ? `relaxation ${r.configPath}` : 'relaxation (no config path)';
  if (typeof r.configPath !== 'string' || r.configPath === '') return `${where}: names no config path`;
  if (!Array.isArray(r.rules) || r.rules.length === 0) return `${where}: names no rule`;
  const unknown = r.rules.filter((x) => typeof x !== 'string' || !RULE_IDS.includes(x));
  if (unknown.length > 0) return `${where}: ${unknown.map((x) => JSON.stringify(x)).join(', ')} is not a rule id of the pack (eksguard rules lists them)`;
  if (typeof r.reason !== 'string' || r.reason.trim().length < 10 || INVISIBLE.test(r.reason)) return `${where}: a reason of at least 10 visible characters on one line is required (got ${JSON.stringify(r.reason ?? '')})`;
  return undefined;
}

/** The relaxations stamped on `construct` itself, each checked (throws naming the construct on one that is not in shape). */
export function relaxationsOf(construct: IConstruct, metadata = construct.node.metadata): RelaxationStamp[] {
  return metadata.filter((m) => m.type === RELAXATION).map((m) => m.data as unknown).map((stamp) => {
    const problem = relaxationProblem(stamp);
    if (problem !== undefined) throw new Error(`[${construct.node.path}] ${problem}`);
    return stamp as RelaxationStamp;
  });
}

/** Collect what the App's constructs stamped (call it once the App is built, before or after synth). */
export function collectStamps(app: App, into: AppStamps = { acknowledgements: [], configPaths: new Map() }): AppStamps {
  for (const stack of app.node.children.filter(TerraformStack.isStack)) {
    const prefix = `${stack.node.id}/`;
    const visit = (c: IConstruct, inherited: string | undefined) => {
      // One read of the construct's metadata (constructs copies it on each read), one pass over it.
      const metadata = c.node.metadata;
      let configPath = inherited;
      let relaxations: typeof metadata | undefined;
      for (let i = 0; i < metadata.length; i++) {
        const m = metadata[i];
        if (m.type === CONFIG_PATH) configPath = m.data as string;
        else if (m.type === RELAXATION) (relaxations ??= []).push(m);
      }
      if (TerraformElement.isTerraformElement(c)) {
        const address = elementAddress(c as TerraformElement);
        if (address !== undefined) {
          const target = prefix + address;
          if (configPath !== undefined && !into.configPaths.has(target)) into.configPaths.set(target, configPath);
          if (relaxations !== undefined) {
            for (const r of relaxationsOf(c, relaxations)) {
              for (const rule of r.rules) into.acknowledgements.push({ rule, target, reason: r.reason, source: r.configPath });
            }
          }
        }
      }
      const children = c.node.children;
      for (let i = 0; i < children.length; i++) visit(children[i], configPath);
    };
    visit(stack, undefined);
  }
  return into;
}
