/**
 * Two projects. `athanor` runs every spec compiled as tsconfig.json says
 * (`useDefineForClassFields: false`). `class fields defined` runs the specs of spec/class-fields
 * again, compiled — the library included — with `useDefineForClassFields: true`, the default of
 * `target: ES2022` and later, so the same entities and session scenarios run under both settings.
 */
const base = {
  testEnvironment: 'node',
  roots: ['<rootDir>/spec'],
  setupFiles: ['reflect-metadata', '<rootDir>/spec/support/register-dialects.ts'],
  testTimeout: 60000,
};

// Type checking is done once for the whole tree by `tsc --noEmit` in `npm test`;
// ts-jest only transpiles, which keeps the suite fast.
const transpile = (compilerOptions) => ({
  '^.+\\.ts$': ['ts-jest', { diagnostics: false, tsconfig: compilerOptions }],
});

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: base.testTimeout,
  projects: [
    {
      ...base,
      displayName: 'athanor',
      testMatch: ['**/*.spec.ts'],
      transform: transpile({}),
      globals: { DEFINE_CLASS_FIELDS: false },
    },
    {
      ...base,
      displayName: 'class fields defined',
      testMatch: ['**/spec/class-fields/**/*.spec.ts'],
      transform: transpile({ useDefineForClassFields: true }),
      globals: { DEFINE_CLASS_FIELDS: true },
    },
  ],
};
