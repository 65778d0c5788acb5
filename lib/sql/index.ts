/**
 * Athanor Core: schema objects, types and the SQL expression language. Knows nothing of mappers,
 * sessions or drivers.
 */
export * from './dialect-name';
export * from './compiled-query';
export {
  type ExecutionOptions,
  type HasExecutionOptions,
  NO_EXECUTION_OPTIONS,
  mergeExecutionOptions,
  statementExecutionOptions,
} from './execution-options';
export { type SchemaTranslateMap, type CompileOptions } from './compiler/schema-translate';
export { types } from './types';
export * from './types/sql-type';
export * from './types/type-renderer';
export * as typeProcessors from './types/processors';
export {
  IntegerType,
  SmallIntegerType,
  BigIntegerType,
  FloatType,
  NumericType,
  StringType,
  TextType,
  UuidType,
  EnumType,
  DateTimeType,
  DateType,
  TimeType,
  BooleanType,
  JsonType,
  BinaryType,
  ArrayType,
  CustomType,
  DecoratedType,
  type DecoratedTypeOptions,
  type EnumOptions,
} from './types';
export {
  Expression,
  Labeled,
  OrderItem,
  type Operand,
  type Predicate,
  type QueryLike,
  type OrderByArg,
} from './expression/expression';
export {
  and,
  or,
  not,
  exists,
  literal,
  nullValue,
  trueValue,
  falseValue,
  tuple,
  cast,
  func,
  caseWhen,
  FunctionExpression,
  CaseBuilder,
  type FuncNamespace,
  type WindowFrame,
  type WindowFrameSpec,
  type FrameBound,
} from './expression/functions';
export {
  sqlDefault,
  type ComputedOptions,
  type IdentityOptions,
  type SqlDefault,
  type ReferentialAction,
  type SqliteTableOptions,
} from './schema/schema-options';
export { column, table } from './schema/builders';
export {
  Column,
  ColumnDef,
  type ColumnOptions,
  type ForeignKeyTarget,
  Table,
  TableAlias,
  type TableOptions,
  type TableCollection,
  type IndexDeclaration,
  type ColumnDefs,
  type ColumnsOf,
  type RowOf,
  type DefValue,
  type FromClause,
  Index,
  UniqueConstraint,
  CheckConstraint,
  ForeignKey,
  type IndexElement,
  type IndexExpression,
  type IndexOptions,
} from './schema/table';
export { MetaData, type SchemaTarget, type ReflectionSource } from './schema/metadata';
export { Sequence, NextValue, type SequenceOptions, type SequenceCollection } from './schema/sequence';
export * from './reflection';
export { ENTITY, type EntityDescriptor, type EntityLike, type JoinPath, type Executable } from './selectable';
export {
  select,
  Select,
  CompoundSelect,
  union,
  unionAll,
  intersect,
  except,
  type StatementOption,
  type JoinTarget,
  type MappedClassLike,
} from './statements/select';
export { Subquery, Cte, DerivedColumn, type DerivedColumns } from './statements/subquery';
export { joinTables, TableJoin } from './statements/table-join';
export { insert, Insert, excluded } from './statements/insert';
export { bundle, Bundle } from './statements/bundle';
export { update, Update, deleteFrom, Delete } from './statements/update';
export type { ValuesOf } from './statements/dml-values';
export type { DmlDialectOptions } from './statements/dml-options';
export { text, literalColumn, TextStatement } from './statements/text';
export { FromStatement, type RowSource } from './statements/from-statement';
export { valuesTable, ValuesTable } from './statements/values';
export {
  createTable,
  dropTable,
  createIndex,
  dropIndex,
  createEnumType,
  dropEnumType,
  createSequence,
  dropSequence,
} from './statements/ddl';
export type { RowObject, RowTuple, ItemValue, SelectItem, KeyedExpression } from './statements/row-types';
export type { Loaded, LoadsRelationships, WithLoadedItems } from './statements/loaded-items';
export { compile, getDialect, addDialect, type Dialect, type CompilerOf } from './dialect';
export { STANDARD_CAPABILITIES, type DialectCapabilities } from './compiler/capabilities';
export { SqlCompiler } from './compiler/compiler';
export { prepareStatement } from './compiler/prepare';
export type { PreparedQuery } from './compiler/prepared-query';
export { DdlCompiler } from './compiler/ddl-compiler';
export {
  STATEMENT_COMPILER_HOOKS,
  DDL_COMPILER_HOOKS,
  type StatementCompilerHooks,
  type DdlCompilerHooks,
} from './compiler/hooks';
export {
  identifierPreparer,
  STANDARD_PREPARER,
  type IdentifierPreparer,
  type QuotingRules,
} from './compiler/identifier-preparer';
export type { DdlStatementNode } from './compiler/statement-kind';
export type * as nodes from './nodes';
export type { QuerySummary } from './compiler/query-summary';
