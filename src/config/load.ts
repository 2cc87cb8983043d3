/**
 * Reading a config file (YAML or JSON) into problems or a validated config.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { Problem } from './problems';
import { topLevelProblem, validateConfig, ValidationResult } from './validate';

/** The embedded example platform (the seeds' scenario), used when no config is given. */
export const EXAMPLE_CONFIG_PATH = path.join(__dirname, '..', '..', 'examples', 'platform.yaml');

/** Parse YAML or JSON text; JSON is YAML, but `.json` files get JSON's stricter parser and messages. */
export function parseConfigText(text: string, fileName: string): { value?: unknown; problems: Problem[] } {
  // Nothing but blank lines, comments and document markers: JSON.parse would only say "Unexpected end".
  if (text.split('\n').every((line) => /^\s*$|^\s*#|^(---|\.\.\.)\s*(#.*)?$/.test(line))) return { problems: [topLevelProblem(undefined, fileName)!] };
  try {
    if (fileName.endsWith('.json')) return { value: JSON.parse(text), problems: [] };
    return { value: parseYaml(text, { prettyErrors: true, uniqueKeys: true }), problems: [] };
  } catch (err) {
    const where = err instanceof YAMLParseError && err.linePos ? `${fileName}:${err.linePos[0].line}` : fileName;
    const first = (err as Error).message.split('\n')[0];
    return { problems: [{ path: where, message: `cannot be parsed: ${first}`, fix: 'Fix the YAML/JSON syntax at that line' }] };
  }
}

/** Load and validate a config file. Missing files and syntax errors are problems too. */
export function loadConfigFile(file: string): ValidationResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return { problems: [{ path: file, message: `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, fix: 'Check EKSGUARD_CONFIG or --config' }], warnings: [] };
  }
  const parsed = parseConfigText(text, file);
  if (parsed.problems.length > 0) return { problems: parsed.problems, warnings: [] };
  const shape = topLevelProblem(parsed.value, file);
  if (shape !== undefined) return { problems: [shape], warnings: [] };
  return validateConfig(parsed.value);
}
