/**
 * One measured synth in a fresh process: `node --require tsx/cjs bench/synth-once.ts CONFIG OUTDIR`.
 * Prints JSON: time to load eksguard (imports), app time (parse, validate, plan, synthesize,
 * guardrails, write, swap), total process time, peak RSS, and the time of `check` on the output.
 */
// V8 as the `eksguard` process runs (bin/eksguard.js; src/cli/runtime.ts says why).
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('../src/cli/runtime').tuneForBatch();
const loadStart = process.uptime() * 1000;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { loadConfigFile } = require('../src/config/load');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { synthesize } = require('../src/app/synth');
const loaded = process.uptime() * 1000;

const [configFile, outdir] = process.argv.slice(2);
const result = loadConfigFile(configFile);
if (result.config === undefined) throw new Error(`bench config invalid: ${JSON.stringify(result.problems)}`);
const synth = synthesize(result.config, outdir, result.warnings);
const done = process.uptime() * 1000;
// `eksguard check` on the output, as a separate step: load the JSON, run every rule, format.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { loadTerraform, runRules, RULES } = require('../src/rules');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { formatText } = require('../src/rules/format');
const checkStart = process.uptime() * 1000;
formatText(runRules(RULES, loadTerraform([outdir])));
const checkMs = process.uptime() * 1000 - checkStart;

process.stdout.write(
  `${JSON.stringify({
    loadMs: loaded - loadStart,
    appMs: done - loaded,
    totalMs: done,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    checkMs,
    stacks: synth.stacks,
  })}\n`,
);
