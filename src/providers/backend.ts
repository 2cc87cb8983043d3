import * as path from 'path';
import { LocalBackend, TerraformStack } from 'cdktf';
import type { PlatformConfig } from '../config/schema';

export interface BackendContext {
  /** The synth output directory (cdktf.out), absolute or relative to the working directory. */
  readonly outdir: string;
}

/**
 * The stack's backend. Local state lives outside cdktf.out (which every synth replaces), at a
 * path relative to the stack's directory so the output has no machine-specific bytes.
 */
export function configureBackend(stack: TerraformStack, stackName: string, backend: PlatformConfig['backend'], ctx: BackendContext): void {
  const stackDir = path.resolve(ctx.outdir, 'stacks', stackName);
  const statePath = path.relative(stackDir, path.resolve(backend.stateDir, `terraform.${stackName}.tfstate`));
  new LocalBackend(stack, { path: statePath.split(path.sep).join('/') });
}
