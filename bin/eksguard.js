#!/usr/bin/env node
// The `eksguard` bin: runs the TypeScript CLI through tsx's transpile-only loader (no type-checking).
require('tsx/cjs');
require('../src/cli/main.ts');
