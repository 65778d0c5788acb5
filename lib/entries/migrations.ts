/**
 * `athanor/migrations`: migration operations as data, the `op` API of migration files, the
 * revision graph and its runner, the config file, lint, autogenerate (comparison, planning,
 * rendering), codegen, and the seam another autogenerate plugs into.
 *
 * @example
 * import type { MigrationOps } from 'athanor/migrations';
 * export const revision = '3f2a9c1b7d4e';
 * export const downRevision = null;
 * export function upgrade(op: MigrationOps): void {
 *   op.createTable('users', { id: op.column(op.types.bigInteger(), { primaryKey: true }) });
 * }
 * export function downgrade(op: MigrationOps): void {
 *   op.dropTable('users');
 * }
 */
import './built-in-dialects';

export { MigrationOps, BatchOperations } from '../migrations/op';
export type {
  InSchema,
  MigrationForeignKey,
  CreateTableOptions,
  AlterColumnChanges,
  AlterPrimaryKeyOptions,
  AlterTableCommentOptions,
  Consent,
  RecreateEnumOptions,
} from '../migrations/op';
export { RevisionGraph, revisionOf } from '../migrations/revision-graph';
export type { MigrationModule, Revision } from '../migrations/revision-graph';
export { MigrationRunner } from '../migrations/runner';
export type { Direction, RunnerOptions, StepReport } from '../migrations/runner';
export { loadHistory, loadRevisions, revisionFiles } from '../migrations/scripts';
export { loadConfig, DEFAULT_CONFIG_FILE } from '../migrations/config';
export type { AthanorConfig, LoadedConfig } from '../migrations/config';
export { setAutogenerate, getAutogenerate } from '../migrations/autogenerate-seam';
export type {
  AutogenerateHook,
  AutogenerateRequest,
  AutogenerateResult,
} from '../migrations/autogenerate-seam';
export { renderScript, newRevisionId } from '../migrations/script-template';
export type { ScriptParts } from '../migrations/script-template';
export { runCli } from '../migrations/cli/program';
export type { CliIo } from '../migrations/cli/program';
export { lintRevision } from '../migrations/cli/lint-command';
export {
  compileOperation,
  migrationCompiler,
  MigrationDdlCompiler,
  reverseOperation,
  reverseOperations,
  isIrreversible,
  destructiveReason,
  needsConsent,
  applyToTableSpec,
  tableOfSpec,
  tableSpecOf,
  columnSpecOf,
  indexSpecOf,
  tableSpecOfReflected,
  freezeOperation,
} from '../sql/migration';
export type {
  Irreversible,
  Reversal,
  MigrationOperation,
  OperationKind,
  OperationOfKind,
  MigrationStatement,
  OperationBase,
  TableRef,
  ServerDefault,
  ColumnSpec,
  ForeignKeySpec,
  UniqueSpec,
  CheckSpec,
  IndexSpec,
  TableSpec,
  BatchDependents,
  BatchRecreate,
  BatchableOp,
  CreateTableOp,
  DropTableOp,
  RenameTableOp,
  AddColumnOp,
  DropColumnOp,
  AlterColumnOp,
  RenameColumnOp,
  CreateIndexOp,
  DropIndexOp,
  AddUniqueOp,
  DropUniqueOp,
  AddForeignKeyOp,
  DropForeignKeyOp,
  AddCheckOp,
  DropCheckOp,
  ValidateConstraintOp,
  AlterPrimaryKeyOp,
  AlterTableCommentOp,
  RecreateEnumOp,
  EnumColumnRef,
  CreateEnumOp,
  DropEnumOp,
  AddEnumValueOp,
  RenameEnumValueOp,
  ExecuteOp,
  BatchOp,
} from '../sql/migration';
export { lintOperations, COMMON_LINT_RULES } from '../sql/migration/lint';
export type { LintRule, LintFinding, LintContext, LocatedFinding } from '../sql/migration/lint';
export type { MigrationCompilerOf } from '../sql/dialect';
export { MigrationError, IrreversibleMigrationError, DuplicateRevisionError } from '../errors';
export {
  autogenerate,
  openQuestions,
  compareSchema,
  normalizerFor,
  planOperations,
  renderBodies,
  typeChangeNarrows,
  generateEntities,
} from '../sql/autogenerate';
export type {
  Answers,
  AutogenerateOptions,
  AutogenerateOutcome,
  DestructiveOperation,
  OpenQuestion,
  CompareOptions,
  RenameHints,
  Normalizer,
  PlannedOperations,
  UnexpressedChange,
  MigrationFileParts,
  CodegenOptions,
  SchemaChange,
  SchemaChangeKind,
  AttributeChange,
  ColumnAttribute,
} from '../sql/autogenerate';
export { autogenerateRevision } from '../migrations/autogenerate';
export type {
  AutogenerateRevisionRequest,
  AutogenerateRevisionResult,
  AutogenerateQuestion,
} from '../migrations/autogenerate';
export { runCodegen } from '../migrations/cli/codegen-command';
export type { CodegenCommandOptions } from '../migrations/cli/codegen-command';
export { formatScript } from '../migrations/format-script';
