/**
 * Two constructs with one Terraform address in a stack are merged silently by cdktf's synthesis
 * (one resource's attributes over the other's). Every address derives from config names, so
 * such a clash is a config problem: it is found before anything is written, and named.
 */
import { App, TerraformStack } from 'cdktf';
import type { Problem } from '../config/problems';
import { sharedAddresses as sharedInStack } from '../terraform/addresses';

/** One problem per address that two elements of a stack share. */
export function sharedAddresses(app: App, configPathOf: (stack: string, address: string) => string | undefined): Problem[] {
  return app.node.children.filter(TerraformStack.isStack).flatMap((stack) =>
    sharedInStack(stack).map((s) => ({
      path: configPathOf(stack.node.id, s.address) ?? stack.node.id,
      message: `gives two resources the Terraform address ${stack.node.id}/${s.address} (${s.first} and ${s.second}), which Terraform would read as one`,
      fix: 'Rename one of the names it comes from: an address keeps only the letters, digits, "-" and "_" of a name (other characters become "-")',
    })),
  );
}
