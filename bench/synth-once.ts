/**
 * One measured synth in a fresh process: `node --require tsx/cjs bench/synth-once.ts CONFIG OUTDIR`.
 * Prints JSON: time to load eksguard (imports), app time (parse, validate, plan, synthesize,
 * write, swap), total process time and peak RSS.
 */
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

process.stdout.write(
  `${JSON.stringify({
    loadMs: loaded - loadStart,
    appMs: done - loaded,
    totalMs: done,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    stacks: synth.stacks,
  })}\n`,
);
