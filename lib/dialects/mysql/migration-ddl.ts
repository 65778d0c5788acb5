import { CompileError } from '../../errors';
import { MigrationDdlCompiler } from '../../sql/migration/migration-ddl-compiler';
import type * as o from '../../sql/migration/operations';

type Statements = o.MigrationStatement[];

/**
 * MySQL's migration DDL: a column's type, nullability or comment changes by restating the whole
 * column (MODIFY COLUMN, from the operation's new and `existing*` values); defaults alone change
 * with ALTER COLUMN … SET / DROP DEFAULT; constraints are dropped by their kind; an index built
 * "concurrently" asks for the in-place, lock-free algorithm.
 */
export class MysqlMigrationDdl extends MigrationDdlCompiler {
  /** MODIFY COLUMN restates a generated column in place: its indexes stay. */
  override regeneratesColumn(_op: o.AlterColumnOp): boolean {
    return false;
  }

  /**
   * A new type of a column a foreign key names, referring or referred to, is refused (errors 1832
   * and 1833) even where the key's other side changes the same way in the same migration; a
   * generated column's new expression rewrites its values without checking them against its keys.
   */
  foreignKeysGoAround(op: o.AlterColumnOp): boolean {
    return op.type !== undefined || op.computed !== undefined;
  }

  protected override alterColumn(op: o.AlterColumnOp): Statements {
    const restate =
      op.type !== undefined ||
      op.nullable !== undefined ||
      op.comment !== undefined ||
      op.collation !== undefined ||
      op.computed !== undefined;
    if (!restate) {
      if (op.serverDefault === undefined) return [];
      const head = `ALTER TABLE ${this.table(op)} ALTER COLUMN ${this.q(op.column)}`;
      return [
        {
          sql:
            op.serverDefault === null
              ? `${head} DROP DEFAULT`
              : `${head} SET DEFAULT ${this.defaultSql(op, op.column, op.serverDefault, op.existingType)}`,
        },
      ];
    }
    const type = op.type ?? op.existingType;
    if (type === undefined) {
      throw new CompileError(
        `alterColumn of '${op.table}.${op.column}': MySQL restates the whole column, so existingType is required`,
      );
    }
    const pick = <T>(now: T | undefined, before: T | undefined): T | undefined =>
      now !== undefined ? now : before;
    const nullable = pick(op.nullable, op.existingNullable) ?? true;
    const serverDefault = pick(op.serverDefault, op.existingServerDefault);
    const comment = pick(op.comment, op.existingComment);
    const collation = pick(op.collation, op.existingCollation);
    const computed = pick(op.computed, op.existingComputed);
    const ddl = this.ddlCompiler();
    let sql = `ALTER TABLE ${this.table(op)} MODIFY COLUMN ${this.q(op.column)} ${this.typeSql(type)}`;
    if (collation !== undefined && collation !== null) sql += ddl.collationClause(collation);
    // A generated column takes neither NULL nor DEFAULT.
    if (computed !== undefined) sql += ddl.computedClause(computed.sql, computed.stored ?? true);
    else sql += nullable ? ' NULL' : ' NOT NULL';
    if (computed === undefined && serverDefault !== undefined && serverDefault !== null)
      sql += ` DEFAULT ${this.defaultSql(op, op.column, serverDefault, type)}`;
    if (comment !== undefined && comment !== null) sql += ` COMMENT ${this.literal(comment)}`;
    return [{ sql }];
  }

  /** One statement, so that an AUTO_INCREMENT column is never left without a key. */
  protected override alterPrimaryKey(op: o.AlterPrimaryKeyOp): Statements {
    if (op.existing === undefined) {
      throw new CompileError(`alterPrimaryKey of '${op.table}' needs the key it replaces (existing)`);
    }
    const actions: string[] = [];
    if (op.existing.columns.length) actions.push('DROP PRIMARY KEY');
    if (op.columns.length) actions.push(`ADD PRIMARY KEY (${this.names(op.columns)})`);
    return actions.length ? [{ sql: `ALTER TABLE ${this.table(op)} ${actions.join(', ')}` }] : [];
  }

  protected override alterTableComment(op: o.AlterTableCommentOp): Statements {
    return [{ sql: `ALTER TABLE ${this.table(op)} COMMENT = ${this.literal(op.comment ?? '')}` }];
  }

  protected override dropConstraint(
    ref: o.TableRef,
    name: string,
    type: 'unique' | 'foreignKey' | 'check',
  ): Statements {
    const what = type === 'unique' ? 'INDEX' : type === 'foreignKey' ? 'FOREIGN KEY' : this.checkKeyword();
    return [{ sql: `ALTER TABLE ${this.table(ref)} DROP ${what} ${this.q(name)}` }];
  }

  /** How ALTER TABLE … DROP names a CHECK constraint: CHECK on MySQL, CONSTRAINT on MariaDB. */
  protected checkKeyword(): string {
    return 'CHECK';
  }

  protected override createIndex(op: o.CreateIndexOp): Statements {
    const [stmt] = super.createIndex(op);
    return [op.concurrently ? { sql: `${stmt!.sql} ALGORITHM=INPLACE LOCK=NONE` } : stmt!];
  }
}
