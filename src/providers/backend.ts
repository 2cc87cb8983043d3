import * as path from 'path';
import { CloudBackend, DataTerraformRemoteStateLocal, DataTerraformRemoteStateS3, LocalBackend, LocalBackendConfig, NamedCloudWorkspace, S3Backend, S3BackendConfig, TerraformRemoteState, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { BackendPlan } from '../plan/types';
import { terraformExpression } from '../terraform/expression';

export interface BackendContext {
  /** The synth output directory (cdktf.out), absolute or relative to the working directory. */
  readonly outdir: string;
  /** The platform region (the S3 backend's default). */
  readonly region?: string;
}

/** Terraform versions the output is written for (S3 lockfiles need 1.10; OpenTofu reads the same JSON). */
export const TERRAFORM_REQUIRED_VERSION = '>= 1.10.0';

/**
 * The stack's backend: local state outside cdktf.out (which every synth replaces) at a path
 * relative to the stack's directory, so the output has no machine-specific bytes; S3 with one key
 * per stack, encryption and S3-native locking; or HCP Terraform with one workspace per stack.
 * Cross-stack references read the other stack's state through the same backend.
 */
export function configureBackend(stack: TerraformStack, stackName: string, backend: BackendPlan, ctx: BackendContext): void {
  stack.addOverride('terraform.required_version', TERRAFORM_REQUIRED_VERSION);
  switch (backend.type) {
    case 's3': {
      new InertS3Backend(stack, {
        bucket: backend.bucket,
        key: `${backend.keyPrefix.replace(/\/+$/, '')}/${stackName}.tfstate`,
        region: backend.region ?? ctx.region,
        encrypt: true,
        kmsKeyId: backend.kmsKeyId,
        assumeRole: backend.roleArn === undefined ? undefined : { roleArn: backend.roleArn },
      });
      // S3-native locking; the cdktf 0.21 bindings predate the attribute.
      stack.addOverride('terraform.backend.s3.use_lockfile', true);
      return;
    }
    case 'cloud':
      new CloudBackend(stack, {
        organization: backend.organization,
        hostname: backend.hostname,
        workspaces: new NamedCloudWorkspace(`${backend.workspacePrefix}${stackName}`, backend.project),
      });
      return;
    default: {
      const stackDir = path.resolve(ctx.outdir, 'stacks', stackName);
      const statePath = path.relative(stackDir, path.resolve(backend.stateDir, `terraform.${stackName}.tfstate`));
      new InertLocalBackend(stack, { path: statePath.split(path.sep).join('/') });
    }
  }
}

/*
 * cdktf's backends write the cross-stack `terraform_remote_state` lookups with a raw
 * "${terraform.workspace}" string; every raw string is data to eksguard (and escaped), so these
 * write the workspace as the project expression it is.
 */
class InertLocalBackend extends LocalBackend {
  constructor(scope: Construct, private readonly config: LocalBackendConfig) {
    super(scope, config);
  }

  getRemoteStateDataSource(scope: Construct, name: string): TerraformRemoteState {
    return new DataTerraformRemoteStateLocal(scope, name, { ...this.config, workspace: terraformExpression('terraform.workspace') });
  }
}

class InertS3Backend extends S3Backend {
  constructor(scope: Construct, private readonly config: S3BackendConfig) {
    super(scope, config);
  }

  getRemoteStateDataSource(scope: Construct, name: string): TerraformRemoteState {
    return new DataTerraformRemoteStateS3(scope, name, { ...this.config, workspace: terraformExpression('terraform.workspace') });
  }
}
