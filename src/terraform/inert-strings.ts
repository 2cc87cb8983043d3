import { App, Aspects, IAspect, TerraformDataSource, TerraformElement, TerraformResource, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { inertHclKey, inertHclString, inertString, inertValue, numberTokenText } from './escape';

const WRAPPED = Symbol.for('eksguard.inert-strings');

/**
 * A cdktf Aspect that makes every string of every Terraform element below the scope it is added
 * to inert: whatever a config or a construct's props put into a resource, data source, provider,
 * backend, output or local reaches Terraform as literal text (`${` → `$${`, `%{` → `%%{`), so it
 * can never become an interpolation, a function call or a template directive. The only live
 * interpolations left are cdktf tokens: references to attributes of other elements, locals and
 * `Fn` calls made by the code, which is the one way eksguard writes an expression.
 *
 * It wraps each element's `toTerraform()` (and `toHclTerraform()`) once, before cdktf resolves
 * tokens, so a string that mixes literal text and a reference keeps the reference live.
 */
export class InertStrings implements IAspect {
  visit(node: IConstruct): void {
    if (!TerraformElement.isTerraformElement(node)) return;
    const element = node as TerraformElement & { [WRAPPED]?: true };
    if (element[WRAPPED]) return;
    element[WRAPPED] = true;
    const json = element.toTerraform.bind(element);
    const hcl = element.toHclTerraform.bind(element);
    element.toTerraform = () => {
      const hit = reused?.get(element);
      if (hit !== undefined) return hit as ReturnType<typeof json>;
      const value = inertJson(element, json()) as ReturnType<typeof json>;
      reused?.set(element, value);
      return value;
    };
    element.toHclTerraform = () => inertHcl(element, hcl()) as ReturnType<typeof hcl>;
  }
}

/**
 * The keys of every map attribute in an element's HCL form (`{ value: {...}, type: 'map' }`, as
 * cdktf's bindings describe tags and labels), made keys HCL reads as text (`inertHclKey`).
 * Structural keys (attribute, block and resource names) are the code's and stay as they are.
 */
function hclMapKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(hclMapKeys);
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const node = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = hclMapKeys(v);
  const inner = out.value;
  if (node.type === 'map' && inner !== null && typeof inner === 'object' && Object.getPrototypeOf(inner) === Object.prototype) {
    out.value = Object.fromEntries(Object.entries(inner as Record<string, unknown>).map(([k, v]) => [inertHclKey(k), v]));
  }
  return out;
}

/**
 * `escape` of a string of `element`, after refusing text cdktf would decode as a number token:
 * cdktf finds number tokens by the text of a string, where no escape exists, so text that reads as
 * one (made from config names joined, filled in or hashed after validation) stops synth, naming the element.
 */
export function checkedInertString(element: TerraformElement, escape: (text: string) => string): (text: string) => string {
  return (text: string) => {
    const number = numberTokenText(text);
    if (number !== undefined) throw new NumberTokenTextError(element, number);
    return escape(text);
  };
}

/** An element's JSON (what its `toTerraform()` gives) with every string inert: what the aspect makes of it. */
export function inertJson(element: TerraformElement, value: unknown): unknown {
  return inertValue(value, checkedInertString(element, inertString));
}

/** An element's HCL form (what its `toHclTerraform()` gives) with every string and map key inert: what the aspect makes of it. */
export function inertHcl(element: TerraformElement, value: unknown): unknown {
  return hclMapKeys(inertValue(value, checkedInertString(element, inertHclString)));
}

/**
 * Mark an element whose own `toTerraform()` renders every string through `checkedInertString`
 * (terraform/planned.ts): the aspect leaves it as it is, so its references stay live and nothing is escaped twice.
 */
export function rendersOwnInertStrings(element: TerraformElement): void {
  (element as TerraformElement & { [WRAPPED]?: true })[WRAPPED] = true;
}

const INERT = new InertStrings();

/** While eksguard synthesizes its own app: each element's inert JSON, made once (see reuseElementJson). */
let reused: WeakMap<object, unknown> | undefined;

/**
 * Run `synth` with each element's inert `toTerraform()` made once and handed to both of cdktf's
 * passes (the prepare pass that finds cross-stack references, then the one that writes): an element
 * is not changed between them in eksguard's own apps, which add no aspects of their own that edit
 * elements. cdktf resolves the value without changing it. Only for eksguard's app (src/app/synth.ts),
 * never for a user's stacks, whose aspects may edit elements after the prepare pass.
 */
export function reuseElementJson<T>(synth: () => T): T {
  const was = reused;
  reused = new WeakMap();
  try {
    return synth();
  } finally {
    reused = was;
  }
}

/**
 * Apply the boundary to every element under `scope` now. Aspects run when a stack is synthesized,
 * after cdktf's prepare pass has already resolved every element once (to find cross-stack
 * references); the app calls this before `synth()` so that pass reads inert strings too.
 */
export function makeInertNow(scope: IConstruct): void {
  for (const node of scope.node.findAll()) INERT.visit(node);
}

/**
 * Make each stack of `app` (built under withInertByCaller) inert right before cdktf synthesizes
 * it: what the InertStrings aspect does at that point, to the elements made since the app was
 * built (the cross-stack outputs and remote state reads of cdktf's prepare pass) as to the rest.
 */
export function makeInertAtSynth(app: App): void {
  for (const stack of app.node.children) {
    if (!TerraformStack.isStack(stack)) continue;
    const synthesizer = stack.synthesizer;
    stack.synthesizer = {
      synthesize: (session) => {
        makeInertNow(stack);
        synthesizer.synthesize(session);
      },
    };
  }
}

/** Make every Terraform element under `scope` inert (idempotent; one shared aspect instance). */
export function makeInert(scope: IConstruct): void {
  if (inertByCaller) return;
  if (!Aspects.of(scope).all.includes(INERT)) Aspects.of(scope).add(INERT);
}

/** Set while eksguard builds its own app, whose synth applies the boundary itself (withInertByCaller). */
let inertByCaller = false;

/**
 * Build with `makeInert` adding no aspect: the caller applies the boundary itself, with
 * `makeInertNow` on the whole app once it is built (before cdktf's prepare pass) and on each stack
 * right before the stack is synthesized (what the aspect would do then: cdktf's prepare pass adds
 * the cross-stack outputs and remote state reads). cdktf's aspect walk then has nothing to invoke
 * and never makes each construct's path. Only for eksguard's own app (src/app/synth.ts).
 */
export function withInertByCaller<T>(build: () => T): T {
  const was = inertByCaller;
  inertByCaller = true;
  try {
    return build();
  } finally {
    inertByCaller = was;
  }
}

/** A string of an element holds text cdktf would decode as a number token (a reference, or a crash). */
export class NumberTokenTextError extends Error {
  readonly stack_: string;
  readonly address: string;

  constructor(element: TerraformElement, readonly text: string) {
    super(`${element.node.path} holds the text ${text}, which cdktf reads as an encoded reference`);
    this.stack_ = TerraformStack.of(element).node.id;
    const kind = element instanceof TerraformDataSource ? `data.${element.terraformResourceType}` : element instanceof TerraformResource ? element.terraformResourceType : element.node.id;
    this.address = `${kind}.${element.friendlyUniqueId}`;
  }
}
