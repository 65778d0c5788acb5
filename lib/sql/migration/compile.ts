import type { Dialect, MigrationCompilerOf } from '../dialect';
import { MigrationDdlCompiler } from './migration-ddl-compiler';
import type { MigrationOperation, MigrationStatement } from './operations';

/** The dialect's migration DDL compiler. */
export function migrationCompiler(dialect: Dialect): MigrationCompilerOf {
  return new (dialect.migrationDdlCompiler ?? MigrationDdlCompiler)(dialect);
}

/**
 * The statements of one migration operation for a dialect.
 * @example compileOperation({ kind: 'renameTable', table: 'users', newName: 'accounts' }, getDialect('postgresql'))
 */
export function compileOperation(op: MigrationOperation, dialect: Dialect): readonly MigrationStatement[] {
  return migrationCompiler(dialect).compile(op);
}
