import { Aspects, IAspect, TerraformElement } from 'cdktf';
import { IConstruct } from 'constructs';
import { inertHclString, inertValue } from './escape';

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
    element.toTerraform = () => inertValue(json()) as ReturnType<typeof json>;
    element.toHclTerraform = () => inertValue(hcl(), inertHclString) as ReturnType<typeof hcl>;
  }
}

const INERT = new InertStrings();

/** Make every Terraform element under `scope` inert (idempotent; one shared aspect instance). */
export function makeInert(scope: IConstruct): void {
  if (!Aspects.of(scope).all.includes(INERT)) Aspects.of(scope).add(INERT);
}
