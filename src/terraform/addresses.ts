/**
 * Terraform addresses of eksguard's constructs: derived from construct ids and scopes, so any
 * number of clusters, roles and endpoint sets compose in one stack, and checked, so two elements
 * that would share an address in a stack are an error naming both construct paths instead of
 * cdktf's silent merge of one into the other.
 *
 * The name of a resource is its construct's id path below the stack, joined with `_`: each scope
 * contributes `addressOf(id)` (the names of a `nameId`, or the id itself), and the resource its key.
 * A construct's main resource (id `Default`, or key '') takes the construct's own name.
 *
 * ```ts
 * new EksCluster(stack, 'blue', {...})  // aws_eks_cluster.blue, aws_iam_role.blue_cluster, aws_kms_key.blue_secrets
 * new EksCluster(stack, 'green', {...}) // aws_eks_cluster.green, aws_iam_role.green_cluster, ...
 * ```
 */
import { Aspects, TerraformDataSource, TerraformElement, TerraformLocal, TerraformOutput, TerraformResource, TerraformStack } from 'cdktf';
import { IConstruct, IValidation } from 'constructs';
import { addressOf, tfName } from '../naming';

const FLAT = Symbol.for('eksguard.addresses.flat');
const CHECKED = Symbol.for('eksguard.addresses.checked');

export class Addresses {
  /**
   * The id of a child of `scope` whose parts are addressed as if they were made directly in
   * `scope`: the id names only the child's own main resource (id `Default`). Call it in the child's
   * constructor call, `new EksCluster(this, Addresses.flat(this, 'eks'), ...)`: a resource's
   * address is fixed when it is made (the first reference to it embeds it), so it cannot change
   * after the child's constructor ran. For a stack that holds one such construct and whose
   * addresses predate composition (eksguard's app stacks keep `aws_iam_role.cluster`,
   * `aws_security_group.nodes`), and for plain grouping scopes. Two flat constructs of one kind in
   * a stack share their parts' addresses, which synth reports as an error.
   */
  static flat(scope: IConstruct, id: string): string {
    if (scope.node.tryFindChild(id) !== undefined) throw new Error(`[${scope.node.path}] Addresses.flat(scope, ${JSON.stringify(id)}) after ${id} was made: its resources have their addresses already. Call it in the constructor call: new X(scope, Addresses.flat(scope, ${JSON.stringify(id)}), ...)`);
    const s = scope as unknown as Record<symbol, Set<string> | undefined>;
    (s[FLAT] ??= new Set()).add(id);
    return id;
  }

  /** Whether `construct` was made with an id from `Addresses.flat`. */
  static isFlat(construct: IConstruct): boolean {
    const parent = construct.node.scope as unknown as Record<symbol, Set<string> | undefined> | undefined;
    return parent?.[FLAT]?.has(construct.node.id) === true;
  }

  /**
   * The Terraform name of `key` inside `scope`: the id path from the stack down to `scope`
   * (flattened scopes left out, except `scope` itself when `key` is '': its main resource), then `key`.
   */
  static nameOf(scope: IConstruct, key = ''): string {
    const parts: string[] = key === '' ? [] : [key];
    let own = key === '';
    for (let c: IConstruct | undefined = scope; c !== undefined && !TerraformStack.isStack(c); c = c.node.scope) {
      if (own || !Addresses.isFlat(c)) parts.unshift(addressOf(c.node.id));
      own = false;
    }
    if (parts.length === 0) throw new Error(`[${scope.node.path}] has no Terraform address: give the resource an id or a key`);
    return tfName(...parts);
  }

  /**
   * Give a Terraform element its address (`overrideLogicalId`): `key` inside its scope, or without
   * a key its own id inside its scope (id `Default`: its scope's name). Also makes sure the
   * element's stack checks at synth that no two elements share an address.
   */
  static assign<T extends TerraformElement>(element: T, key?: string): T {
    const scope = element.node.scope!;
    const name = key !== undefined ? Addresses.nameOf(scope, key) : element.node.id === 'Default' ? Addresses.nameOf(scope) : Addresses.nameOf(scope, addressOf(element.node.id));
    element.overrideLogicalId(name);
    Addresses.checkStack(TerraformStack.of(element));
    return element;
  }

  /** Add the duplicate-address check to a stack's validations (once). */
  static checkStack(stack: TerraformStack): void {
    const s = stack as unknown as Record<symbol, boolean>;
    if (s[CHECKED]) return;
    s[CHECKED] = true;
    stack.node.addValidation(new UniqueAddresses(stack));
  }
}

/** The address of a Terraform element in its stack (`data.<type>.<name>`, `output.<name>`, ...), or undefined for providers, backends and the like. */
export function elementAddress(e: TerraformElement): string | undefined {
  if (e instanceof TerraformDataSource) return `data.${e.terraformResourceType}.${e.friendlyUniqueId}`;
  if (e instanceof TerraformResource) return `${e.terraformResourceType}.${e.friendlyUniqueId}`;
  if (TerraformOutput.isTerraformOutput(e)) return `output.${e.friendlyUniqueId}`;
  if (e instanceof TerraformLocal) return `local.${e.friendlyUniqueId}`;
  return undefined;
}

export interface SharedAddress {
  /** `<type>.<name>` in the stack. */
  readonly address: string;
  /** Construct path of the element that had it first. */
  readonly first: string;
  /** Construct path of the element that has it too. */
  readonly second: string;
}

/** Every address two elements of the stack share (cdktf would merge them into one block). */
export function sharedAddresses(stack: TerraformStack): SharedAddress[] {
  // The element that had each address first (its construct path is made only for a clash).
  const seen = new Map<string, IConstruct>();
  const shared: SharedAddress[] = [];
  for (const node of stack.node.findAll()) {
    if (!TerraformElement.isTerraformElement(node)) continue;
    const address = elementAddress(node as TerraformElement);
    if (address === undefined) continue;
    const first = seen.get(address);
    if (first === undefined) seen.set(address, node);
    else shared.push({ address, first: first.node.path, second: node.node.path });
  }
  return shared;
}

/** The message of a shared address: both construct paths and the fix. */
export function sharedAddressMessage(stack: string, s: SharedAddress): string {
  return `${s.first} and ${s.second} both have the Terraform address ${stack}/${s.address}, which Terraform would read as one resource. Give one of them another id (or another scope).`;
}

class UniqueAddresses implements IValidation {
  constructor(private readonly stack: TerraformStack) {}

  validate(): string[] {
    return [...sharedAddresses(this.stack).map((s) => sharedAddressMessage(this.stack.node.id, s)), ...uninvokedChecks(this.stack)];
  }
}

/**
 * cdktf 0.21 never invokes an aspect added to the App: `Aspects.of(app).add(new EksGuardChecks())`
 * would check nothing. A stack holding eksguard's constructs says so instead of passing unchecked.
 */
function uninvokedChecks(stack: TerraformStack): string[] {
  const marker = Symbol.for('eksguard.checks');
  const onApp = Aspects.of(stack.node.root).all.filter((a) => (a as unknown as Record<symbol, unknown>)[marker] === true);
  return onApp.some((a) => !(a as unknown as { covers(s: TerraformStack): boolean }).covers(stack))
    ? [`EksGuardChecks was added to the App (Aspects.of(app).add(...)), which cdktf never invokes, so this stack was not checked. Use checks.addTo(app) once every stack is made, or Aspects.of(stack).add(checks).`]
    : [];
}
