/** Jest: @swc/jest transpiles TypeScript without type-checking (tsc --noEmit runs first in npm test). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }] },
  setupFilesAfterEnv: ['<rootDir>/setup.js'],
  maxWorkers: 2,
};
