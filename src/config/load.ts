/**
 * Reading a config file (YAML or JSON) into problems or a validated config.
 */
import { readFileSync } from 'fs';
import { parseDocument, YAMLParseError } from 'yaml';
import { packageFile } from '../package/files';
import { repeatedKey } from '../rules/input/json';
import { Problem } from './problems';
import { topLevelProblem, validateConfig, ValidationResult } from './validate';

/** The embedded example platform (the seeds' scenario), used when no config is given. */
export const EXAMPLE_CONFIG_PATH = packageFile('examples', 'platform.yaml');

/** Parse YAML or JSON text; JSON is YAML, but `.json` files get JSON's stricter parser and messages. */
export function parseConfigText(text: string, fileName: string): { value?: unknown; problems: Problem[] } {
  // Nothing but blank lines, comments and document markers: JSON.parse would only say "Unexpected end".
  if (text.split('\n').every((line) => /^\s*$|^\s*#|^(---|\.\.\.)\s*(#.*)?$/.test(line))) return { problems: [topLevelProblem(undefined, fileName)!] };
  try {
    const json = fileName.endsWith('.json') ? JSON.parse(text) : undefined;
    // Valid JSON with no repeated key, nested as a config is: what parsing it as YAML below would
    // accept too (JSON has no tags), without building a YAML document of every node.
    if (json !== undefined && repeatedKey(text) === undefined && nesting(text) <= MAX_JSON_NESTING) return { value: json, problems: [] };
    // YAML reads JSON too; parsing the document (not just the value) catches what JSON.parse lets
    // pass (a repeated key keeps the last value) and what YAML only warns about (an unknown tag).
    const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true, logLevel: 'silent' });
    const issue = doc.errors[0] ?? doc.warnings[0];
    if (issue !== undefined) {
      const where = issue.linePos ? `${fileName}:${issue.linePos[0].line}` : fileName;
      if (/Maximum call stack/.test(issue.message)) return { problems: [{ path: fileName, message: 'nests far deeper than any config does, so it cannot be read', fix: 'Check the structure against `npm run eksguard -- schema`' }] };
      return { problems: [{ path: where, message: `cannot be read as a config: ${issue.message.split('\n')[0].replace(/:$/, '')}`, fix: issue.code === 'DUPLICATE_KEY' ? 'Write each key once' : 'Fix the YAML/JSON at that line (eksguard reads plain values: no custom tags)' }] };
    }
    if (json !== undefined) return { value: json, problems: [] };
    return { value: doc.toJS({ maxAliasCount: 100 }), problems: [] };
  } catch (err) {
    const where = err instanceof YAMLParseError && err.linePos ? `${fileName}:${err.linePos[0].line}` : fileName;
    const first = (err as Error).message.split('\n')[0];
    return { problems: [{ path: where, message: `cannot be parsed: ${first}`, fix: 'Fix the YAML/JSON syntax at that line' }] };
  }
}

/** Deeper than any config nests (about 8 levels): such JSON goes through the YAML parser, which says so. */
const MAX_JSON_NESTING = 64;

/** How deep the arrays and objects of valid JSON text nest. */
function nesting(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Skip the string: a backslash escapes the next character.
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
    } else if (c === 0x7b || c === 0x5b) max = Math.max(max, ++depth);
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
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
