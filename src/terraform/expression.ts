import { ref, Token } from 'cdktf';

/**
 * The Terraform expressions eksguard itself writes besides references to attributes of its own
 * resources (which cdktf makes from the constructs). A closed list, so no string from a config or
 * from props can ever name one: everything else in the output is data (see inert-strings.ts).
 */
export type ProjectExpression = 'terraform.workspace';

/** A live `${<expression>}` as a cdktf token: the one way code writes an expression by name. */
export function terraformExpression(expression: ProjectExpression): string {
  return Token.asString(ref(expression));
}
