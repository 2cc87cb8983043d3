/**
 * What an acknowledgement may name, and how far it reaches. Pure and small (no cdktf, no rules), so
 * config validation uses the same grammar the engine matches with.
 *
 * A target is `[<stack>/][data.]<type>.<name>[.<nested>]`: the stack and the type are exact; `*`
 * may stand only inside the name, for any run of name characters (never `.` or `/`), and the name
 * keeps at least one literal character. So `aws_iam_role.payments_*` reaches `payments_` roles,
 * never another type, another stack or a block nested in a resource (`aws_iam_role.app.inline_policy[0]`
 * is named exactly). Without `<stack>/` the address may be in any stack. How many findings one
 * acknowledgement covers is bounded separately, by its `matches` (engine.ts).
 */
import { distance } from './distance';
import { wildcardMatches } from './wildcard';

export interface AcknowledgementTarget {
  /** Undefined: any stack. */
  readonly stack?: string;
  readonly data: boolean;
  readonly type: string;
  /** The name pattern as written (`*` any run of name characters). */
  readonly name: string;
  /** `.inline_policy[0]` for a block the engine reads inside a resource; '' otherwise. */
  readonly nested: string;
  /** Whether the name holds a `*`. */
  readonly glob: boolean;
}

/** A problem with a target, in the config's two halves. */
export interface TargetProblem {
  readonly message: string;
  readonly fix: string;
}

const STACK = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
const TYPE = /^[A-Za-z][A-Za-z0-9_-]*$/;
const NAME = /^[A-Za-z0-9_*-]+$/;
const NESTED = /^[A-Za-z_][A-Za-z0-9_]*\[\d+\]$/;
const SHAPE = 'Write [<stack>/]<type>.<name>, e.g. production-cluster-workloads/aws_iam_role.payments_app';

/** Split `[data.]<type>.<name>[.<nested>]` (a finding's address, or a target's after its stack). */
function splitAddress(address: string): { data: boolean; type: string; name?: string; nested: string } {
  const parts = address.split('.');
  const data = parts[0] === 'data' && parts.length > 2;
  const [type, name, ...rest] = data ? parts.slice(1) : parts;
  return { data, type, name, nested: rest.length > 0 ? `.${rest.join('.')}` : '' };
}

/** The target, or why it cannot be one. */
export function parseTarget(target: string): AcknowledgementTarget | TargetProblem {
  if (/^[*/.]*$/.test(target)) return { message: 'would acknowledge every resource: a target names one address', fix: SHAPE };
  const slash = target.indexOf('/');
  const stack = slash < 0 ? undefined : target.slice(0, slash);
  const address = slash < 0 ? target : target.slice(slash + 1);
  if (/^[*.]*$/.test(address)) return { message: `would acknowledge every resource${stack === undefined ? '' : ` of ${stack}`}: a target names one address`, fix: SHAPE };
  if (stack !== undefined) {
    if (stack.includes('*')) return { message: 'has a * in the stack: a glob never reaches other stacks', fix: 'Name the stack exactly (as in cdktf.out/stacks/), or leave it out to match the address in any stack' };
    if (!STACK.test(stack) || address.includes('/')) return { message: 'must be [<stack>/]<type>.<name> with one stack name before a single /', fix: SHAPE };
  }
  const { data, type, name, nested } = splitAddress(address);
  if (type.includes('*')) return { message: 'has a * in the resource type: a glob never reaches other types', fix: 'Name the type exactly, e.g. aws_iam_role.payments_*' };
  if (!TYPE.test(type) || name === undefined || name === '') return { message: 'must be a Terraform address <type>.<name>', fix: SHAPE };
  if (!NAME.test(name)) return { message: 'has a name with characters other than letters, digits, _, - and *', fix: SHAPE };
  if (/^\*+$/.test(name)) return { message: `would acknowledge every ${type}${stack === undefined ? '' : ` of ${stack}`}: a name of only * has no reach limit`, fix: `Name the resource, or keep a literal part of the name (e.g. ${type}.payments_*)` };
  if (nested !== '' && !NESTED.test(nested.slice(1))) return { message: 'has a * or another part after the name; only a nested block such as .inline_policy[0] may follow it, written exactly', fix: SHAPE };
  return { stack, data, type, name, nested, glob: name.includes('*') };
}

export function isTargetProblem(t: AcknowledgementTarget | TargetProblem): t is TargetProblem {
  return 'message' in t;
}

/**
 * Whether a name matches a pattern whose `*` stands for any run of name characters (never `.`
 * or `/`). Linear in the lengths (the classic two-pointer glob match), so no target, however many
 * stars it holds, can make matching slow the way a backtracking regular expression would.
 */
export function nameMatches(pattern: string, name: string): boolean {
  return wildcardMatches(pattern, name, { starStopsAt: './', questionMark: false });
}

/** Whether a finding at `<stack>/<address>` is within the target's reach. */
export function targetMatches(t: AcknowledgementTarget, stack: string, address: string): boolean {
  if (t.stack !== undefined && t.stack !== stack) return false;
  const a = splitAddress(address);
  return a.data === t.data && a.type === t.type && a.nested === t.nested && a.name !== undefined && nameMatches(t.name, a.name);
}

/** The ids closest to a misspelled one (case-insensitive), up to three, all at the smallest distance found. */
export function closestIds(id: string, ids: readonly string[]): string[] {
  const wanted = id.toUpperCase();
  const near = ids
    .map((candidate) => ({ candidate, d: distance(wanted, candidate.toUpperCase()) }))
    .filter((x) => x.d <= Math.max(2, Math.floor(wanted.length / 4)))
    .sort((a, b) => a.d - b.d || (a.candidate < b.candidate ? -1 : 1));
  return near.filter((x) => x.d === near[0].d).slice(0, 3).map((x) => x.candidate);
}
