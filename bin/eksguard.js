#!/usr/bin/env node
// The `eksguard` bin: loads the TypeScript CLI through tsx's transpile-only loader (no type-checking).
require('tsx/cjs');
const { main } = require('../src/cli/main.ts');
main(process.argv.slice(2)).then((code) => (process.exitCode = code));
