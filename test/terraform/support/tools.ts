/**
 * The Terraform CLI and the offline AWS provider mirror the Terraform tier runs against.
 *
 * Nothing here reaches a network: providers come from a filesystem mirror (the machine image ships
 * hashicorp/aws 5.100.0 under /opt/tf-plugins), unpacked once into a plugin cache in the temp dir.
 * Override the locations with EKSGUARD_TERRAFORM (the binary) and EKSGUARD_TF_MIRROR (the mirror).
 */
import { spawnSync } from 'child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';

export const AWS_PROVIDER = 'registry.terraform.io/hashicorp/aws';

export interface TerraformTools {
  /** The terraform binary. */
  readonly terraform: string;
  /** The filesystem mirror that holds hashicorp/aws. */
  readonly mirror: string;
  /** The AWS provider version found in the mirror (the newest, when there are several). */
  readonly awsVersion: string;
  /** The environment every terraform command runs with (CLI config, plugin cache, no network lookups). */
  readonly env: NodeJS.ProcessEnv;
  /** A directory under the temp dir shared by every test file of this machine for this provider binary. */
  readonly workDir: string;
}

/** Where terraform and the mirror are, or what is missing. */
export function findTerraformTools(env: NodeJS.ProcessEnv = process.env): TerraformTools | { missing: string } {
  const terraform = env.EKSGUARD_TERRAFORM ?? whichTerraform(env.PATH ?? '');
  if (terraform === undefined) return { missing: 'the terraform CLI (not on PATH; set EKSGUARD_TERRAFORM)' };
  if (!existsSync(terraform)) return { missing: `the terraform CLI (EKSGUARD_TERRAFORM=${terraform} does not exist)` };
  // The machine image's mirror, else Terraform's own implied local mirror directories (CLI configuration docs).
  const candidates = [
    '/opt/tf-plugins',
    ...(env.HOME !== undefined ? [path.join(env.HOME, '.terraform.d', 'plugins'), path.join(env.HOME, '.local', 'share', 'terraform', 'plugins')] : []),
    '/usr/local/share/terraform/plugins',
    '/usr/share/terraform/plugins',
  ];
  const mirror = env.EKSGUARD_TF_MIRROR ?? candidates.find((dir) => existsSync(path.join(dir, AWS_PROVIDER))) ?? candidates[0];
  const awsDir = path.join(mirror, AWS_PROVIDER);
  const versions = existsSync(awsDir) ? readdirSync(awsDir).filter((v) => /^\d+\.\d+\.\d+$/.test(v)) : [];
  const platform = `${process.platform}_${process.arch === 'x64' ? 'amd64' : process.arch}`;
  const usable = versions.filter((v) => existsSync(path.join(awsDir, v, platform))).sort(compareVersions);
  if (usable.length === 0) return { missing: `an offline mirror of hashicorp/aws for ${platform} under ${mirror} (set EKSGUARD_TF_MIRROR)` };
  const awsVersion = usable[usable.length - 1];
  const binary = readdirSync(path.join(awsDir, awsVersion, platform)).find((f) => f.startsWith('terraform-provider-aws'));
  if (binary === undefined) return { missing: `the provider binary in ${path.join(awsDir, awsVersion, platform)}` };
  const stamp = statSync(path.join(awsDir, awsVersion, platform, binary));
  // One work dir per provider binary: the plugin cache and the schema are reused by every test file and run.
  const workDir = path.join(tmpdir(), `eksguard-terraform-${awsVersion}-${stamp.size}-${Math.floor(stamp.mtimeMs)}`);
  mkdirSync(path.join(workDir, 'plugin-cache'), { recursive: true });
  const cliConfig = path.join(workDir, 'cli.tfrc');
  writeAtomic(
    cliConfig,
    [
      'provider_installation {',
      '  filesystem_mirror {',
      `    path    = ${JSON.stringify(mirror)}`,
      `    include = [${JSON.stringify(AWS_PROVIDER)}]`,
      '  }',
      '}',
      `plugin_cache_dir = ${JSON.stringify(path.join(workDir, 'plugin-cache'))}`,
      '',
    ].join('\n'),
  );
  const runEnv: NodeJS.ProcessEnv = {
    ...env,
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_PLUGIN_CACHE_DIR: path.join(workDir, 'plugin-cache'),
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
    // One core for terraform and the provider: jest's other worker keeps the second (npm test runs
    // the tier beside the rest of the suite on a 2-core machine).
    GOMAXPROCS: '1',
    // The fake credentials live in the override files; nothing from the developer's shell may leak in.
    AWS_PROFILE: undefined,
    AWS_ACCESS_KEY_ID: undefined,
    AWS_SECRET_ACCESS_KEY: undefined,
    AWS_SESSION_TOKEN: undefined,
    AWS_EC2_METADATA_DISABLED: 'true',
    TF_LOG: undefined,
  };
  return { terraform, mirror, awsVersion, env: runEnv, workDir };
}

function whichTerraform(searchPath: string): string | undefined {
  for (const dir of searchPath.split(path.delimiter)) {
    const candidate = path.join(dir, 'terraform');
    if (dir !== '' && existsSync(candidate)) return candidate;
  }
  return undefined;
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}

/** Write through a temp file and rename, so concurrent jest workers never read half a file. */
export function writeAtomic(file: string, text: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, file);
}

export interface RunResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run terraform in `cwd`; never throws, the caller reports stderr. */
export function runTerraform(tools: TerraformTools, cwd: string, args: string[]): RunResult {
  const r = spawnSync(tools.terraform, [...args], { cwd, env: tools.env, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  return { status: r.status ?? 1, stdout: r.stdout ?? '', stderr: (r.stderr ?? '') + (r.error ? String(r.error) : '') };
}

/** Run terraform and throw with its output when it fails. */
export function terraformOk(tools: TerraformTools, cwd: string, args: string[]): string {
  const r = runTerraform(tools, cwd, args);
  if (r.status !== 0) throw new Error(`terraform ${args.join(' ')} failed in ${cwd} (exit ${r.status}):\n${r.stderr}\n${r.stdout}`.slice(0, 20000));
  return r.stdout;
}

/** The required_providers block every prepared root and module uses: the mirror's exact version. */
export function awsRequirement(tools: TerraformTools): { source: string; version: string } {
  return { source: 'hashicorp/aws', version: tools.awsVersion };
}

/**
 * `terraform providers schema -json` of the mirror's AWS provider, computed once per provider
 * binary and cached in the work dir (the JSON is about 13 MB; computing it takes a few seconds).
 */
export function awsProviderSchema(tools: TerraformTools): ProviderSchema {
  const cache = path.join(tools.workDir, 'aws-schema.json');
  if (!existsSync(cache)) {
    const root = path.join(tools.workDir, `schema-root-${process.pid}`);
    mkdirSync(root, { recursive: true });
    writeFileSync(path.join(root, 'main.tf.json'), JSON.stringify({ terraform: { required_providers: { aws: awsRequirement(tools) } } }));
    terraformOk(tools, root, ['init', '-input=false', '-no-color', '-backend=false']);
    const json = terraformOk(tools, root, ['providers', 'schema', '-json']);
    const all = JSON.parse(json);
    const aws = all.provider_schemas?.[AWS_PROVIDER];
    if (aws === undefined) throw new Error(`terraform providers schema -json has no ${AWS_PROVIDER}`);
    writeAtomic(cache, JSON.stringify({ provider: aws.provider, resource_schemas: aws.resource_schemas, data_source_schemas: aws.data_source_schemas }));
  }
  return JSON.parse(readFileSync(cache, 'utf8'));
}

/** The parts of `terraform providers schema -json` the preparation reads. */
export interface SchemaBlock {
  attributes?: Record<string, { nested_type?: { attributes: Record<string, unknown> } }>;
  block_types?: Record<string, { block: SchemaBlock; nesting_mode: string }>;
}
export interface ProviderSchema {
  provider: { block: SchemaBlock };
  resource_schemas: Record<string, { block: SchemaBlock }>;
  data_source_schemas: Record<string, { block: SchemaBlock }>;
}
