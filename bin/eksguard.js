#!/usr/bin/env node
// The `eksguard` bin: loads the TypeScript CLI through tsx's transpile-only loader (no type-checking).
require('tsx/cjs');
const { main } = require('../src/cli/main.ts');
process.exitCode = main(process.argv.slice(2));
