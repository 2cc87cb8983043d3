/**
 * Terraform elements rendered from plain data: a resource or an output whose body is written once
 * as the JSON Terraform reads (snake_case attributes, nested blocks as cdktf writes them), not as a
 * provider binding with a setter, a token and a conversion per field. The stacks render the
 * per-workload resources this way (thousands per stack), where a binding buys nothing: the plan
 * already holds every value, and nothing reads an attribute back except by reference.
 *
 * Each is still one construct at the same path and address as the binding it replaces, so
 * addresses, stamps (config paths, relaxations), EksGuardChecks, the shared-address check and
 * escape hatches (`addOverride`) work on it as on any element; what it writes is pinned by
 * test/terraform/planned.test.ts against the bindings and by test/stacks/output-unchanged.test.ts.
 *
 * Strings are data: the body goes through the same boundary as every element (`inertString` with
 * the number-token check, inert-strings.ts) when it is first rendered. The only live expressions
 * are `Ref`s to elements of the same stack (`${aws_iam_role.<name>.arn}`) and cdktf tokens the code
 * passed (cross-stack references), which cdktf resolves as usual. A rendered body that holds no
 * token is handed to cdktf's resolve as already resolved (fast-resolve.ts `markResolved`).
 *
 * What the plain path does not cover (meta-arguments, overrides, moves, imports, and the HCL form
 * cdktf's own `synth --hcl` asks for) is rendered as a binding is: the body with each `Ref` as the
 * resource's attribute token, through cdktf's own `toTerraform()` / `toHclTerraform()`, then made
 * inert exactly as the InertStrings aspect makes a binding's (`inertJson`, `inertHcl`), overrides included.
 */
import { TerraformOutput, TerraformResource, TerraformStack, type TerraformResourceLifecycle } from 'cdktf';
import { Construct } from 'constructs';
import { inertString } from './escape';
import { checkedInertString, inertHcl, inertJson, rendersOwnInertStrings } from './inert-strings';
import { markPartial, markResolved, partialKeys } from './fast-resolve';

/**
 * A reference to an attribute of a planned resource: `${<type>.<name>.<attribute>}` in the same
 * stack; from another stack, cdktf's cross-stack reference (the attribute's token, `token`).
 */
export class Ref {
  private attributeToken?: string;

  constructor(readonly resource: PlannedResource, readonly attribute: string) {}

  /**
   * The attribute as a binding's attribute token (`getStringAttribute`), made once: cdktf keeps
   * what its prepare pass found for a reference to another stack (the remote state read) on the
   * token itself, so every rendering of the body, in either pass, must hold the same token.
   */
  get token(): string {
    this.attributeToken ??= this.resource.getStringAttribute(this.attribute);
    return this.attributeToken;
  }

  /** The reference as Terraform reads it (the resource's address is fixed when it is made). */
  get text(): string {
    return `\${${this.resource.terraformResourceType}.${this.resource.friendlyUniqueId}.${this.attribute}}`;
  }
}

/** A body value: plain data (strings are data), references, nested objects and lists. `undefined` leaves a key out. */
export type PlannedValue = string | number | boolean | undefined | Ref | readonly PlannedValue[] | { readonly [key: string]: PlannedValue };

/** What a rendered value looks like, and whether any string of it still holds a cdktf token. */
interface Rendered {
  readonly value: unknown;
  readonly tokens: boolean;
}

/** cdktf's token markers (string, list, map) and its number tokens (doubles near ±1e289, and its map token value). */
const holdsToken = (s: string) => s.includes('TfToken[');
const tokenNumber = (x: number) => !Number.isFinite(x) || Math.abs(x) >= 1e280 || x === -123456789;

/**
 * Render a body: every string and key through `inert`, every `Ref` through `ref`, keys whose value
 * is `undefined` left out.
 */
function render(value: PlannedValue, inert: (text: string) => string, ref: (r: Ref) => string, mark: boolean): Rendered {
  // Whether the value just walked holds a token.
  let tokens = false;
  const walk = (v: PlannedValue): unknown => {
    if (typeof v === 'string') {
      if (holdsToken(v)) tokens = true;
      return inert(v);
    }
    if (typeof v === 'number') {
      if (tokenNumber(v)) tokens = true;
      return v;
    }
    if (typeof v === 'boolean' || v === undefined) return v;
    if (v instanceof Ref) {
      const text = ref(v);
      if (holdsToken(text)) tokens = true;
      return text;
    }
    // In a value that holds a token, cdktf's resolve (fast-resolve.ts) goes only where one is: the
    // keys of an object that hold one (markPartial), or, in a list (which cdktf may read as a list
    // token), past the objects that hold none (markResolved). Only on the plain path, whose
    // rendering is kept and never edited; a value without a token is marked whole by the element.
    const outer = tokens;
    let out: unknown[] | Record<string, unknown>;
    if (Array.isArray(v)) {
      let any = false;
      let plain: object[] | undefined;
      out = [];
      for (const item of v as readonly PlannedValue[]) {
        tokens = false;
        const r = walk(item);
        if (tokens) any = true;
        else if (mark && r !== null && typeof r === 'object') (plain ??= []).push(r);
        if (r !== undefined) out.push(r);
      }
      if (any && plain !== undefined) for (const p of plain) markResolved(p);
      tokens = any || outer;
    } else {
      // Keys in the order the stack's file lists them (stable-json.ts then writes the value in one native call).
      let tokenKeys: string[] | undefined;
      let keyToken = false;
      out = {};
      const node = v as Record<string, PlannedValue>;
      for (const k of keysInOrder(node)) {
        tokens = false;
        const r = walk(node[k]);
        if (r === undefined) continue;
        const key = inert(k);
        if (tokens) (tokenKeys ??= []).push(key);
        if (holdsToken(k)) keyToken = true;
        out[key] = r;
      }
      if (mark && tokenKeys !== undefined && !keyToken) markPartial(out, tokenKeys);
      tokens = tokenKeys !== undefined || keyToken || outer;
    }
    return out;
  };
  const out = walk(value);
  return { value: out, tokens };
}

/** The plain path's rendering: strings escaped and checked, each `Ref` as its reference text (checked). */
function renderInert(element: TerraformResource | TerraformOutput, value: PlannedValue): Rendered {
  const check = checkedInertString(element, (t) => t);
  const stack = TerraformStack.of(element);
  // A resource of another stack is reached through cdktf's cross-stack reference (its attribute token), as a binding's is.
  return render(value, checkedInertString(element, inertString), (r) => (r.resource.cdktfStack === stack ? check(r.text) : r.token), true);
}

/** The binding-like rendering: strings as given (the caller makes the whole element inert), each `Ref` as its attribute token. */
function renderWithTokens(value: PlannedValue): unknown {
  return render(value, (t) => t, (r) => r.token, false).value;
}

/**
 * A rendered body in cdktf's HCL form (`{ value, isBlock, type, storageClassType }` per attribute,
 * as the bindings describe theirs): the declared block paths as blocks, maps of strings as maps,
 * other objects as `any` (written as an HCL object), lists of strings as string lists, every
 * level's attributes in name order.
 */
function hclForm(body: Record<string, unknown>, blocks: readonly string[], at: string): Record<string, unknown> {
  const describe = (v: unknown, path: string): unknown => {
    if (blocks.includes(path)) {
      const children = (x: unknown) => hclForm(x as Record<string, unknown>, blocks, path);
      return Array.isArray(v) ? { value: v.map(children), isBlock: true, type: 'list', storageClassType: `${path}List` } : { value: children(v), isBlock: true, type: 'struct', storageClassType: path };
    }
    if (typeof v === 'string') return { value: v, isBlock: false, type: 'simple', storageClassType: 'string' };
    if (typeof v === 'number') return { value: v, isBlock: false, type: 'simple', storageClassType: 'number' };
    if (typeof v === 'boolean') return { value: v, isBlock: false, type: 'simple', storageClassType: 'boolean' };
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return { value: v, isBlock: false, type: 'list', storageClassType: 'stringList' };
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string')) return { value: v, isBlock: false, type: 'map', storageClassType: 'stringMap' };
    return { value: v, isBlock: false, type: 'any', storageClassType: '' };
  };
  // Attributes in name order, as the bindings list them.
  return Object.fromEntries(Object.keys(body).sort().map((k) => [k, describe(body[k], at === '' ? k : `${at}/${k}`)]));
}

export interface PlannedResourceProps {
  /** The resource type, `aws_iam_role`. */
  readonly type: string;
  /** The arguments as Terraform's JSON syntax reads them (snake_case). */
  readonly body: { readonly [key: string]: PlannedValue };
  /**
   * The paths of the body's nested blocks (`metadata`, `spec/egress`), which `--hcl` writes as
   * blocks rather than attributes (cdktf's bindings say so with `isBlock`). @default - none
   */
  readonly blocks?: readonly string[];
  /** Terraform's `lifecycle` meta-argument (in the body it would be lost to cdktf's meta-arguments on the binding-like path). @default - none */
  readonly lifecycle?: TerraformResourceLifecycle;
}

/**
 * A resource written from plain data. `ref(attribute)` references one of its attributes.
 * Meta-arguments, overrides, moves and imports go through cdktf's own rendering, with the same body.
 */
export class PlannedResource extends TerraformResource {
  /** The nested block paths of the body (for `--hcl`). */
  readonly blockPaths: readonly string[];
  private readonly body: PlannedResourceProps['body'];
  private rendered?: Rendered;
  /** The fragment of the plain path, for the address and lifecycle it was made with (never edited: cdktf's callers copy it). */
  private fragment?: { readonly key: string; readonly value: object };

  constructor(scope: Construct, id: string, props: PlannedResourceProps) {
    super(scope, id, { terraformResourceType: props.type, lifecycle: props.lifecycle });
    rendersOwnInertStrings(this);
    this.body = props.body;
    this.blockPaths = props.blocks ?? [];
  }

  /** `${<type>.<name>.<attribute>}`, live in a planned element of the same stack. */
  ref(attribute: string): Ref {
    return new Ref(this, attribute);
  }

  private renderedBody(): Rendered {
    this.rendered ??= renderInert(this, this.body);
    return this.rendered;
  }

  /** The body as a binding's attributes (references as tokens): what cdktf's own rendering merges its meta-arguments and overrides into. */
  protected synthesizeAttributes(): Record<string, unknown> {
    return renderWithTokens(this.body) as Record<string, unknown>;
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    return hclForm(renderWithTokens(this.body) as Record<string, unknown>, this.blockPaths, '');
  }

  toHclTerraform(): any {
    return inertHcl(this, super.toHclTerraform());
  }

  toTerraform(): any {
    const self = this as unknown as { _hasMoved?: boolean; _movedById?: unknown; _movedByTarget?: unknown; _imported?: unknown };
    const plain = Object.keys(this.rawOverrides).length === 0 && !self._hasMoved && !self._movedById && !self._movedByTarget && !self._imported
      && this.dependsOn === undefined && this.count === undefined && this.provider === undefined && plainLifecycle(this.lifecycle)
      && this.forEach === undefined && this.connection === undefined && this.provisioners === undefined;
    if (!plain) return inertJson(this, super.toTerraform());
    // Made once (cdktf asks twice per synth: the prepare pass, then the document), again only if the address changed.
    // Keyed by what may change after it is made (an aspect runs after cdktf's prepare pass): the address and the lifecycle.
    const name = this.friendlyUniqueId;
    const key = `${name}\u0000${this.lifecycle?.createBeforeDestroy}\u0000${this.lifecycle?.preventDestroy}`;
    if (this.fragment?.key === key) return this.fragment.value;
    const body = this.renderedBody();
    // The metadata cdktf writes goes through the boundary like the rest (as the aspect did for bindings).
    const inert = checkedInertString(this, inertString);
    const meta = this.constructNodeMetadata.metadata as { path: string; uniqueId: string; stackTrace?: string[] };
    const path = inert(meta.path);
    const uniqueId = inert(meta.uniqueId);
    const stackTrace = meta.stackTrace?.map(inert);
    const lifecycle = this.lifecycle === undefined ? {} : { lifecycle: { create_before_destroy: this.lifecycle.createBeforeDestroy, prevent_destroy: this.lifecycle.preventDestroy } };
    const attributes = sortedKeys({ ...(body.value as Record<string, unknown>), ...dropUndefined(lifecycle), '//': { metadata: stackTrace === undefined ? { path, uniqueId } : { path, stackTrace, uniqueId } } });
    const fragment = { resource: { [this.terraformResourceType]: { [name]: attributes } } };
    // Without a token, the attributes too (a stack's document then holds them as they are: fast-resolve.ts).
    this.fragment = { key, value: body.tokens ? partialPath(fragment, ['resource', this.terraformResourceType, name], body.value, attributes, ['//']) : markResolved(fragment, attributes) };
    return this.fragment.value;
  }
}

/**
 * A fragment whose token is in the rendered body at `path` (its attributes object, or the output's
 * value object): marked so that cdktf's resolve goes down the path and then only into the keys
 * that hold a token (the body's, as `render` found them) and `extra` (the metadata beside them).
 * Unmarked (walked whole, as any value) when the body is not an object `render` marked. Returns the fragment.
 */
function partialPath(fragment: object, path: readonly string[], body: unknown, attributes: object, extra: readonly string[]): object {
  const keys = partialKeys(body);
  if (keys === undefined) return fragment;
  let node = fragment as Record<string, unknown>;
  for (const key of path) {
    markPartial(node, [key]);
    node = node[key] as Record<string, unknown>;
  }
  if (attributes !== body) markPartial(attributes, [...keys, ...extra]);
  return fragment;
}

/**
 * An object's keys in the order Array.prototype.sort gives them (code units), a short list sorted in
 * place by insertion: most of a body's objects have a handful of keys, and the engine's sort
 * allocates a work area for each call (tens of MB at 10,000 workloads).
 */
function keysInOrder(o: object): string[] {
  const keys = Object.keys(o);
  // A long list (a large map of tags or labels) the engine sorts in n log n.
  if (keys.length > 16) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i];
    let j = i - 1;
    for (; j >= 0 && keys[j] > k; j--) keys[j + 1] = keys[j];
    keys[j + 1] = k;
  }
  return keys;
}

/** The object with its keys in sorted order (what the stack's file lists; see `render`). */
function sortedKeys(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keysInOrder(o)) out[k] = o[k];
  return out;
}

/** A lifecycle the plain path writes itself: only `create_before_destroy` and `prevent_destroy` (anything else goes through cdktf). */
function plainLifecycle(l: TerraformResourceLifecycle | undefined): boolean {
  return l === undefined || Object.entries(l).every(([k, v]) => v === undefined || ((k === 'createBeforeDestroy' || k === 'preventDestroy') && typeof v === 'boolean'));
}

/** `{ lifecycle: {...} }` without its undefined arguments, as cdktf's resolve writes a binding's (`{}` when none is left). */
function dropUndefined(l: { lifecycle?: Record<string, boolean | undefined> }): Record<string, unknown> {
  return l.lifecycle === undefined ? {} : { lifecycle: Object.fromEntries(Object.entries(l.lifecycle).filter(([, v]) => v !== undefined)) };
}

export interface PlannedOutputProps {
  readonly value: PlannedValue;
  readonly description?: string;
}

/**
 * An output written from plain data (its value may be a `Ref`). Its `value` reads as a
 * TerraformOutput's does (references as attribute tokens, so a user's stack may re-export it), and
 * an edit of `value` or `description` (an aspect, a user) takes cdktf's own rendering.
 */
export class PlannedOutput extends TerraformOutput {
  private readonly planned: PlannedOutputProps;
  private rendered?: Rendered;
  /** The value someone assigned, once `value` was set. */
  private assigned?: { readonly value: unknown };

  static {
    // TerraformOutput's `value` is a plain field its constructor assigns; here an accessor of the
    // class (not one defined on each of thousands of instances): the planned value, read as a
    // binding's (tokens for references), until someone assigns one.
    Object.defineProperty(PlannedOutput.prototype, 'value', {
      configurable: true,
      get(this: PlannedOutput) {
        return this.assigned !== undefined ? this.assigned.value : renderWithTokens(this.planned.value);
      },
      set(this: PlannedOutput, value: unknown) {
        // TerraformOutput's constructor assigns it before this class has its props: not an edit.
        if (this.planned === undefined) return;
        this.assigned = { value };
      },
    });
  }

  constructor(scope: Construct, id: string, props: PlannedOutputProps) {
    super(scope, id, { value: undefined, description: props.description });
    rendersOwnInertStrings(this);
    this.planned = props;
  }

  private renderedBody(): Rendered {
    this.rendered ??= renderInert(this, { value: this.planned.value, description: this.planned.description });
    return this.rendered;
  }

  toHclTerraform(): any {
    return inertHcl(this, super.toHclTerraform());
  }

  toTerraform(): any {
    const plain = this.assigned === undefined && this.description === this.planned.description && Object.keys(this.rawOverrides).length === 0
      && this.sensitive === undefined && this.dependsOn === undefined;
    if (!plain) return inertJson(this, super.toTerraform());
    const body = this.renderedBody();
    const fragment = { output: { [this.friendlyUniqueId]: body.value } };
    return body.tokens ? partialPath(fragment, ['output', this.friendlyUniqueId], body.value, body.value as object, []) : markResolved(fragment, body.value as object);
  }
}
