import { MigrationDdlCompiler } from '../../sql/migration/migration-ddl-compiler';
import type * as o from '../../sql/migration/operations';

type Statements = o.MigrationStatement[];

const ALTERABLE: ReadonlySet<o.BatchableOp['kind']> = new Set([
  'addColumn',
  'dropColumn',
  'renameColumn',
  'createIndex',
  'dropIndex',
]);

/**
 * SQLite's migration DDL: ALTER TABLE only adds, drops and renames columns and renames tables;
 * everything else on an existing table goes through a batch, which rebuilds the table with
 * foreign keys off and checks them (PRAGMA foreign_key_check) before the commit.
 */
export class SqliteMigrationDdl extends MigrationDdlCompiler {
  /** A column changes by a rebuild, which makes the table's indexes again itself. */
  override regeneratesColumn(_op: o.AlterColumnOp): boolean {
    return false;
  }

  protected override alterable(op: o.BatchableOp): boolean {
    return ALTERABLE.has(op.kind);
  }

  protected override visit(op: o.MigrationOperation): Statements {
    if (op.kind !== 'batch' && op.kind in KIND_NEEDS_BATCH) {
      return this.unsupported(
        `${op.kind} outside a batch (SQLite cannot ALTER it: use op.batchAlterTable('${'table' in op ? op.table : ''}', (batch) => …))`,
      );
    }
    return super.visit(op);
  }

  override beforeTransaction(ops: readonly o.MigrationOperation[]): string[] {
    return ops.some((op) => op.kind === 'batch') ? ['PRAGMA foreign_keys=OFF'] : [];
  }

  override afterTransaction(ops: readonly o.MigrationOperation[]): string[] {
    return ops.some((op) => op.kind === 'batch') ? ['PRAGMA foreign_keys=ON'] : [];
  }

  override integrityChecks(ops: readonly o.MigrationOperation[]): string[] {
    return ops.some((op) => op.kind === 'batch') ? ['PRAGMA foreign_key_check'] : [];
  }
}

const KIND_NEEDS_BATCH: Readonly<Record<string, true>> = {
  alterColumn: true,
  addUnique: true,
  dropUnique: true,
  addForeignKey: true,
  dropForeignKey: true,
  addCheck: true,
  dropCheck: true,
  alterPrimaryKey: true,
};
