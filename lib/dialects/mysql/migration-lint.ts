import { COMMON_LINT_RULES, type LintContext, type LintRule } from '../../sql/migration/lint';
import type {
  AlterColumnOp,
  ForeignKeySpec,
  MigrationOperation,
  TableRef,
} from '../../sql/migration/operations';
import { isKind } from '../../sql/types/sql-type';

const table = (op: TableRef) => (op.schema === undefined ? op.table : `${op.schema}.${op.table}`);

const same = (a: string | undefined, b: string | undefined) =>
  (a ?? '').toLowerCase() === (b ?? '').toLowerCase();

/** Whether a key the migration drops before `op` and adds again after it names `op`'s column. */
function keysGoAround(op: AlterColumnOp, ctx: LintContext): boolean {
  const names = (fk: ForeignKeySpec, owner: TableRef): boolean =>
    (same(owner.table, op.table) &&
      same(owner.schema, op.schema) &&
      fk.columns.some((c) => same(c, op.column))) ||
    (same(fk.referredTable, op.table) &&
      same(fk.referredSchema, op.schema) &&
      fk.referredColumns.some((c) => same(c, op.column)));
  const dropped = ctx.operations
    .slice(0, ctx.index)
    .flatMap((o) => (o.kind === 'dropForeignKey' && o.existing && names(o.existing, o) ? [o.name] : []));
  return ctx.operations
    .slice(ctx.index + 1)
    .some((o) => o.kind === 'addForeignKey' && dropped.includes(o.foreignKey.name) && names(o.foreignKey, o));
}

/** Operations that take a metadata lock on an existing table. */
const LOCKING: ReadonlySet<MigrationOperation['kind']> = new Set([
  'addColumn',
  'dropColumn',
  'alterColumn',
  'renameColumn',
  'renameTable',
  'createIndex',
  'dropIndex',
  'addForeignKey',
  'addCheck',
  'addUnique',
  'batch',
]);

/**
 * MySQL's and MariaDB's lock-aware rules: ALTERs that copy the table (ALGORITHM=COPY blocks
 * writes), index builds not asked to be in place and lock-free, foreign keys that check every row,
 * DDL that waits on the metadata lock with no lock_wait_timeout.
 */
export const MYSQL_LINT_RULES: readonly LintRule[] = Object.freeze([
  ...COMMON_LINT_RULES,
  {
    id: 'require-online-index-creation',
    description:
      'CREATE INDEX without ALGORITHM=INPLACE, LOCK=NONE may fall back to a copy that blocks writes.',
    check: (op, ctx) =>
      op.kind === 'createIndex' && !op.concurrently && !ctx.isNew(op)
        ? {
            message: `CREATE INDEX ${op.index.name} on ${table(op)} may block writes`,
            safe: [{ ...op, concurrently: true }],
          }
        : undefined,
  },
  {
    id: 'changing-column-type',
    description: 'MODIFY COLUMN with a new type copies the table (ALGORITHM=COPY) and blocks writes.',
    check: (op, ctx) => {
      if (op.kind !== 'alterColumn' || op.type === undefined || ctx.isNew(op)) return undefined;
      const before = op.existingType;
      // Lengthening a VARCHAR within the same length-byte size is done in place.
      if (
        before !== undefined &&
        isKind(before, 'string') &&
        isKind(op.type, 'string') &&
        before.length !== undefined &&
        op.type.length !== undefined &&
        op.type.length >= before.length &&
        (before.length > 63 || op.type.length <= 63)
      )
        return undefined;
      return {
        message: `changing the type of ${table(op)}.${op.column} copies the table and blocks writes`,
        safe: [],
        advice:
          'add a new column, backfill it in batches, switch the code, drop the old column (or use gh-ost / pt-osc)',
      };
    },
  },
  {
    id: 'generated-column-skips-foreign-keys',
    description:
      "A generated column's new expression rewrites its stored values without checking them against foreign keys.",
    check: (op, ctx) => {
      if (op.kind !== 'alterColumn' || op.computed === undefined || ctx.isNew(op)) return undefined;
      if (keysGoAround(op, ctx)) return undefined;
      return {
        message: `the new expression of ${table(op)}.${op.column} is not checked against the foreign keys on it or referring to it`,
        safe: [],
        advice:
          'drop those foreign keys before the change and add them again after it (adding a key checks every row); autogenerate writes it so',
      };
    },
  },
  {
    id: 'adding-foreign-key-constraint',
    description: 'Adding a foreign key checks every row while the table is locked.',
    check: (op, ctx) =>
      op.kind === 'addForeignKey' && !ctx.isNew(op)
        ? {
            message: `foreign key ${op.foreignKey.name} on ${table(op)} is checked row by row under a lock`,
            safe: [],
            advice: 'add it in a quiet window, or with foreign_key_checks=0 after checking the rows yourself',
          }
        : undefined,
  },
  {
    id: 'non-transactional-ddl',
    description:
      'Several DDL operations in one migration cannot be rolled back together here: keep one per migration.',
    check: (op, ctx) =>
      ctx.index === 1 && ctx.operations.filter((o) => o.kind !== 'execute').length > 1
        ? {
            message: `${ctx.operations.length} operations in one migration: a failure leaves the first ones applied (the runner resumes after the last finished)`,
            safe: [],
            advice: 'split the migration, one DDL operation per revision',
          }
        : undefined,
  },
  {
    id: 'require-lock-timeout',
    description:
      'DDL waiting on a metadata lock queues every later query; lock_wait_timeout makes it fail fast.',
    check: (op, ctx) => {
      if (!LOCKING.has(op.kind) || ('table' in op && ctx.isNew(op as TableRef))) return undefined;
      const earlier = ctx.operations.slice(0, ctx.index);
      if (earlier.some((o) => o.kind === 'execute' && /lock_wait_timeout/i.test(o.sql))) return undefined;
      if (earlier.some((o) => LOCKING.has(o.kind))) return undefined;
      return {
        message: `${op.kind} waits on the table's metadata lock with no lock_wait_timeout`,
        safe: [
          {
            kind: 'execute',
            sql: 'SET SESSION lock_wait_timeout = 5',
            reverseSql: 'SET SESSION lock_wait_timeout = DEFAULT',
          },
          op,
        ],
        advice: 'retry the migration when it times out',
      };
    },
  },
]);
