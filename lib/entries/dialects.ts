/**
 * `athanor/dialects`: the kit for adding a dialect or adapting a built-in one — the six built-in
 * definitions, their compilers, the compiler hooks, identifier quoting, capabilities, type
 * renderers, the driver contract and the catalog-reading helpers. Applications do not need it.
 *
 * @example
 * import { registerDialect, sqliteDialect, type DialectDefinition } from 'athanor/dialects';
 * registerDialect({ ...sqliteDialect, name: 'litesql', schemes: ['litesql'] });
 */
import './built-in-dialects';

export {
  BUILT_IN_DIALECTS,
  DIALECT_NAMES,
  postgresqlDialect,
  PostgresCompiler,
  PostgresDdlCompiler,
  mysqlDialect,
  MysqlCompiler,
  MysqlDdlCompiler,
  mariadbDialect,
  MariadbCompiler,
  MariadbDdlCompiler,
  sqliteDialect,
  SqliteCompiler,
  SqliteDdlCompiler,
  mssqlDialect,
  MssqlCompiler,
  MssqlDdlCompiler,
  oracleDialect,
  OracleCompiler,
  OracleDdlCompiler,
  type BuiltInDialectName,
} from '../dialects';

export {
  registerDialect,
  parseUrl,
  connectionQueries,
  STANDARD_TRANSACTION_SQL,
  type DialectDefinition,
  type Driver,
  type DriverConnection,
  type DriverQuery,
  type DriverName,
  type RawResult,
  type RawRow,
  type ErrorClassification,
  type TransactionSql,
  type UrlStyle,
} from '../drivers';

export {
  getDialect,
  SqlCompiler,
  DdlCompiler,
  STATEMENT_COMPILER_HOOKS,
  DDL_COMPILER_HOOKS,
  STANDARD_CAPABILITIES,
  identifierPreparer,
  STANDARD_PREPARER,
  typeProcessors,
  renderTypeDdl,
  renderTypeCast,
  bindProcessorOf,
  resultProcessorOf,
  numericArgs,
  unsignedSuffix,
  arrayAsJson,
  CUSTOM_KIND,
  isKind,
  addReflectedTables,
  squashExpression,
  mapOutsideQuotes,
  splitTopLevel,
  collapseSpaces,
  unquoteLiteral,
  type Dialect,
  type CompilerOf,
  type DialectCapabilities,
  type StatementCompilerHooks,
  type DdlCompilerHooks,
  type IdentifierPreparer,
  type QuotingRules,
  type TypeRenderer,
  type KindRenderer,
  type TypeKind,
  type TypeOfKind,
  type TypeParams,
  type TypeAffinity,
  type ValueProcessor,
  type ResultColumn,
  type StatementKind,
  type DdlStatementNode,
  type SchemaInspector,
  type SchemaQueries,
  type InspectorTraits,
  type nodes,
} from '../sql';
