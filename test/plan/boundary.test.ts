/**
 * The plan is the only thing stacks and constructs read: no file under stacks/ or a construct
 * directory imports anything from src/config (import, import type, export ... from, require,
 * import()), and src/plan itself imports nothing from cdktf, constructs or a provider package.
 * Specifiers are parsed with the TypeScript compiler, relative ones resolved against the file.
 */
import { readdirSync, readFileSync, statSync } from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.join(__dirname, '..', '..');
const CONFIG = path.join(ROOT, 'src', 'config');
const RENDERERS = ['stacks', 'src/cluster', 'src/identity', 'src/kubernetes', 'src/network', 'src/providers', 'src/terraform'];

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return tsFiles(file);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [file] : [];
  });
}

/** Every module specifier of a source text: static imports and exports, require() and import(). */
function specifiers(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

/** The specifiers of `file` that reach src/config (relative ones resolved against the file's directory). */
function configImports(file: string, text: string): string[] {
  return specifiers(text).filter((s) => {
    if (!s.startsWith('.')) return false;
    const resolved = path.resolve(path.dirname(file), s);
    return resolved === CONFIG || resolved.startsWith(`${CONFIG}${path.sep}`);
  });
}

describe('stacks and constructs read only the plan', () => {
  const files = RENDERERS.flatMap((d) => tsFiles(path.join(ROOT, d)));

  test('the directories hold the files they should (the walk is not empty)', () => {
    const rel = files.map((f) => path.relative(ROOT, f).split(path.sep).join('/'));
    expect(rel).toEqual(expect.arrayContaining(['stacks/cluster-stack.ts', 'stacks/workloads-stack.ts', 'stacks/platform-stack.ts', 'stacks/account-stack.ts', 'src/identity/workload-role.ts', 'src/providers/backend.ts', 'src/network/vpc-endpoints.ts', 'src/kubernetes/namespace-plan.ts']));
  });

  test.each(RENDERERS)('no file under %s imports from src/config', (dir) => {
    const offending = tsFiles(path.join(ROOT, dir)).flatMap((f) => configImports(f, readFileSync(f, 'utf8')).map((s) => `${path.relative(ROOT, f)}: ${s}`));
    expect(offending).toEqual([]);
  });

  // The check itself: each way of importing src/config is caught, from a stack and from a construct; near misses are not.
  const stack = 'stacks/planted.ts';
  const construct = 'src/identity/planted.ts';
  test.each([
    [stack, "import type { ClusterConfig } from '../src/config/schema';", ['../src/config/schema']],
    [stack, "import { validateConfig } from '../src/config';", ['../src/config']],
    [stack, "export { PlatformConfig } from '../src/config/schema';", ['../src/config/schema']],
    [stack, "const c = require('../src/config/load');", ['../src/config/load']],
    [stack, "const c = import('../src/./config/schema');", ['../src/./config/schema']],
    [construct, "import type { IdentityKind } from '../config/schema';", ['../config/schema']],
    [construct, "import { x } from '../plan/../config/problems';", ['../plan/../config/problems']],
    // Allowed: the plan, another module whose name starts with config, a package named config.
    [construct, "import type { ClusterPlan } from '../plan';", []],
    [construct, "import { configureBackend } from '../providers/backend';", []],
    [stack, "import { x } from '../src/configuration';", []],
    [stack, "import { x } from 'config';", []],
  ])('planted in %s: %s → %j', (rel, text, expected) => {
    const file = path.join(ROOT, rel);
    expect(configImports(file, `${text}\nexport const y = 1;\n`)).toEqual(expected);
  });
});

describe('the plan is pure', () => {
  test('src/plan imports no cdktf, constructs or provider package', () => {
    const offending = tsFiles(path.join(ROOT, 'src', 'plan')).flatMap((f) =>
      specifiers(readFileSync(f, 'utf8')).filter((s) => /^(cdktf|constructs|@cdktf\/)/.test(s)).map((s) => `${path.relative(ROOT, f)}: ${s}`));
    expect(offending).toEqual([]);
  });
});
