/**
 * Two constructs with one Terraform address in a stack are merged silently by cdktf's synthesis
 * (one resource's attributes over the other's). Every address derives from config names, so
 * such a clash is a config problem: it is found before anything is written, and named.
 */
import { App, TerraformDataSource, TerraformElement, TerraformLocal, TerraformOutput, TerraformResource, TerraformStack } from 'cdktf';
import type { Problem } from '../config/problems';

function addressOf(e: TerraformElement): string | undefined {
  if (e instanceof TerraformDataSource) return `data.${e.terraformResourceType}.${e.friendlyUniqueId}`;
  if (e instanceof TerraformResource) return `${e.terraformResourceType}.${e.friendlyUniqueId}`;
  if (TerraformOutput.isTerraformOutput(e)) return `output.${e.friendlyUniqueId}`;
  if (e instanceof TerraformLocal) return `local.${e.friendlyUniqueId}`;
  return undefined;
}

/** One problem per address that two elements of a stack share. */
export function sharedAddresses(app: App, configPathOf: (stack: string, address: string) => string | undefined): Problem[] {
  const problems: Problem[] = [];
  for (const stack of app.node.children.filter(TerraformStack.isStack)) {
    const seen = new Map<string, string>();
    for (const node of stack.node.findAll()) {
      if (!TerraformElement.isTerraformElement(node)) continue;
      const address = addressOf(node as TerraformElement);
      if (address === undefined) continue;
      const prior = seen.get(address);
      if (prior === undefined) {
        seen.set(address, node.node.path);
        continue;
      }
      problems.push({
        path: configPathOf(stack.node.id, address) ?? stack.node.id,
        message: `gives two resources the Terraform address ${stack.node.id}/${address} (${prior} and ${node.node.path}), which Terraform would read as one`,
        fix: 'Rename one of the names it comes from: an address keeps only the letters, digits, "-" and "_" of a name (other characters become "-")',
      });
    }
  }
  return problems;
}
