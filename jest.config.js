/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/spec'],
  testMatch: ['**/*.spec.ts'],
  // Type checking is done once for the whole tree by `tsc --noEmit` in `npm test`;
  // ts-jest only transpiles, which keeps the suite fast.
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  setupFiles: ['reflect-metadata', '<rootDir>/spec/support/register-dialects.ts'],
  testTimeout: 60000,
};
