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
 */
import { TerraformOutput, TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { inertString } from './escape';
import { checkedInertString, rendersOwnInertStrings } from './inert-strings';
import { markResolved } from './fast-resolve';

/** A reference to an attribute of a planned resource of the same stack: `${<type>.<name>.<attribute>}`. */
export class Ref {
  constructor(readonly resource: PlannedResource, readonly attribute: string) {}

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
 * Render a body: every string and key through `inert` (escaped, refused when cdktf would read it
 * as a number token), every `Ref` as its reference text (checked the same way), keys whose value is
 * `undefined` left out.
 */
function render(value: PlannedValue, inert: (text: string) => string, check: (text: string) => void): Rendered {
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
      const text = v.text;
      check(text);
      return text;
    }
    if (Array.isArray(v)) {
      const out: unknown[] = [];
      for (const item of v as readonly PlannedValue[]) {
        const r = walk(item);
        if (r !== undefined) out.push(r);
      }
      return out;
    }
    const out: Record<string, unknown> = {};
    for (const [k, item] of Object.entries(v as Record<string, PlannedValue>)) {
      const r = walk(item);
      if (r === undefined) continue;
      if (holdsToken(k)) tokens = true;
      out[inert(k)] = r;
    }
    return out;
  };
  const out = walk(value);
  return { value: out, tokens };
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
  /** The fragment of the plain path, for the address it was made with (never edited: cdktf's callers copy it). */
  private fragment?: { readonly name: string; readonly value: object };

  constructor(scope: Construct, id: string, props: PlannedResourceProps) {
    super(scope, id, { terraformResourceType: props.type });
    rendersOwnInertStrings(this);
    this.body = props.body;
    this.blockPaths = props.blocks ?? [];
  }

  /** `${<type>.<name>.<attribute>}`, live in a planned element of the same stack. */
  ref(attribute: string): Ref {
    return new Ref(this, attribute);
  }

  private renderedBody(): Rendered {
    this.rendered ??= render(this.body, checkedInertString(this, inertString), checkedInertString(this, (t) => t));
    return this.rendered;
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return this.renderedBody().value as Record<string, unknown>;
  }

  toTerraform(): any {
    const self = this as unknown as { _hasMoved?: boolean; _movedById?: unknown; _movedByTarget?: unknown; _imported?: unknown };
    const plain = Object.keys(this.rawOverrides).length === 0 && !self._hasMoved && !self._movedById && !self._movedByTarget && !self._imported
      && this.dependsOn === undefined && this.count === undefined && this.provider === undefined && this.lifecycle === undefined
      && this.forEach === undefined && this.connection === undefined && this.provisioners === undefined;
    if (!plain) return super.toTerraform();
    // Made once (cdktf asks twice per synth: the prepare pass, then the document), again only if the address changed.
    const name = this.friendlyUniqueId;
    if (this.fragment?.name === name) return this.fragment.value;
    const body = this.renderedBody();
    // The metadata cdktf writes goes through the boundary like the rest (as the aspect did for bindings).
    const inert = checkedInertString(this, inertString);
    const meta = this.constructNodeMetadata.metadata as { path: string; uniqueId: string; stackTrace?: unknown };
    const path = inert(meta.path);
    const uniqueId = inert(meta.uniqueId);
    const stackTrace = meta.stackTrace === undefined ? undefined : render(meta.stackTrace as PlannedValue, inert, inert).value;
    const attributes = { ...(body.value as Record<string, unknown>), '//': { metadata: stackTrace === undefined ? { path, uniqueId } : { path, uniqueId, stackTrace } } };
    const fragment = { resource: { [this.terraformResourceType]: { [name]: attributes } } };
    this.fragment = { name, value: body.tokens ? fragment : markResolved(fragment) };
    return this.fragment.value;
  }
}

export interface PlannedOutputProps {
  readonly value: PlannedValue;
  readonly description?: string;
}

/** An output written from plain data (its value may be a `Ref`). */
export class PlannedOutput extends TerraformOutput {
  private readonly planned: PlannedOutputProps;
  private rendered?: Rendered;

  constructor(scope: Construct, id: string, props: PlannedOutputProps) {
    super(scope, id, { value: undefined });
    rendersOwnInertStrings(this);
    this.planned = props;
  }

  private renderedBody(): Rendered {
    this.rendered ??= render({ value: this.planned.value, description: this.planned.description }, checkedInertString(this, inertString), checkedInertString(this, (t) => t));
    return this.rendered;
  }

  synthesizeAttributes(): { [key: string]: any } {
    return { ...super.synthesizeAttributes(), ...(this.renderedBody().value as Record<string, unknown>) };
  }

  toTerraform(): any {
    const plain = Object.keys(this.rawOverrides).length === 0 && this.sensitive === undefined && this.dependsOn === undefined;
    if (!plain) return super.toTerraform();
    const body = this.renderedBody();
    const fragment = { output: { [this.friendlyUniqueId]: body.value } };
    return body.tokens ? fragment : markResolved(fragment);
  }
}
