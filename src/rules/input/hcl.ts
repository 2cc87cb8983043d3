/**
 * HCL (`*.tf`) → Terraform JSON through `@cdktf/hcl2json` (MPL-2.0, HashiCorp's own HCL parser
 * compiled to WebAssembly). Its output is Terraform JSON where every block body is a one-element
 * array; normaliseConfig gives it the shape rules read. Expressions come back as `${...}` strings,
 * exactly as Terraform JSON writes them, and HCL's `$${` escape stays `$${`.
 */
type Parse = (filename: string, text: string) => Promise<unknown>;
let parser: Parse | undefined;
/**
 * Loaded on the first HCL file: loading hcl2json (its WebAssembly) costs about a second of every
 * process that requires it, and synth, JSON-only checks and reviews never read HCL.
 */
function parse(filename: string, text: string): Promise<unknown> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  parser ??= (require('@cdktf/hcl2json') as { parse: Parse }).parse;
  return parser(filename, text);
}

/**
 * A parse error as `<file>:<line>: <summary>` for each problem hcl2json reports: the positions and
 * HCL's summaries, with anything quoted (names or values from the file) left out.
 */
export class HclError extends Error {}

const PARSED_AS = 'input.tf';

export async function hclToJson(file: string, text: string): Promise<unknown> {
  try {
    // A fixed name for the parser, so its diagnostics can be read whatever the real path holds.
    return await parse(PARSED_AS, text);
  } catch (e) {
    throw new HclError(hclProblems(file, e instanceof Error ? e.message : String(e)));
  }
}

/** `main.tf:4: Missing newline after argument` for each diagnostic; never a fragment of the file. */
export function hclProblems(file: string, message: string): string {
  const problems: string[] = [];
  // Diagnostics read `input.tf:<line>,<col>-<end>: <Summary>; <detail>`.
  const re = /input\.tf:(\d+),\d+(?:-\d+(?:,\d+)?)?: ([^;\]]*)/g;
  for (let m = re.exec(message); m !== null; m = re.exec(message)) {
    const summary = m[2].replace(/"[^"]*"/g, '…').replace(/\s+/g, ' ').trim().slice(0, 120);
    problems.push(`${file}:${m[1]}: ${summary}`);
  }
  return problems.length > 0 ? `${file} is not valid HCL (${problems.join('; ')})` : `${file} is not valid HCL`;
}
