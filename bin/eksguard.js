#!/usr/bin/env node
// The `eksguard` bin: runs the compiled CLI (dist/, built by `npm run build`, `prepare` and `prepack`).
'use strict';
let cli;
try {
  // V8 tuned for one short batch run (dist/src/cli/runtime.js says why), before the CLI loads.
  require('../dist/src/cli/runtime.js').tuneForBatch();
  cli = require('../dist/src/cli/main.js');
} catch (e) {
  if (e && e.code === 'MODULE_NOT_FOUND' && /dist\/src\/cli\/(main|runtime)\.js/.test(String(e.message))) {
    process.stderr.write('eksguard: the compiled CLI is missing (dist/src/cli/main.js); run `npm run build` in the eksguard checkout\n');
    process.exit(1);
  }
  throw e;
}
// Through `npm run eksguard` / `npm run synth`, npm runs this in the package root: paths on the
// command line are the caller's, so resolve them from where npm was started (INIT_CWD).
if (process.env.INIT_CWD && ['eksguard', 'synth'].includes(process.env.npm_lifecycle_event) && process.env.npm_package_name === 'eksguard') {
  process.chdir(process.env.INIT_CWD);
}
cli.main(process.argv.slice(2)).then((code) => (process.exitCode = code));
