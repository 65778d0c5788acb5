export type * from './operations';
export { freezeOperation } from './operations';
export {
  reverseOperation,
  reverseOperations,
  isIrreversible,
  destructiveReason,
  needsConsent,
  type Irreversible,
  type Reversal,
} from './reverse';
export { applyToTableSpec } from './apply';
export { tableOfSpec, columnSpecOf, indexSpecOf, tableSpecOf, tableSpecOfReflected } from './specs';
export { MigrationDdlCompiler } from './migration-ddl-compiler';
export { compileOperation, migrationCompiler } from './compile';
