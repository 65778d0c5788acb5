import { COMMON_LINT_RULES, type LintRule } from '../../sql/migration/lint';
import type { MigrationOperation, TableRef } from '../../sql/migration/operations';
import { types } from '../../sql/types';
import { isKind } from '../../sql/types/sql-type';

const table = (op: TableRef) => (op.schema === undefined ? op.table : `${op.schema}.${op.table}`);
const at = (op: TableRef) => ({ table: op.table, ...(op.schema === undefined ? {} : { schema: op.schema }) });

const bigint = types.bigInteger();

/** Operations that take an ACCESS EXCLUSIVE lock on an existing table. */
const LOCKING: ReadonlySet<MigrationOperation['kind']> = new Set([
  'addColumn',
  'dropColumn',
  'alterColumn',
  'renameColumn',
  'renameTable',
  'addForeignKey',
  'addCheck',
  'addUnique',
  'dropTable',
  'batch',
]);

/** Functions whose default PostgreSQL must compute per row, rewriting the table. */
const VOLATILE = /\b(random|gen_random_uuid|uuid_generate_v[14]|clock_timestamp|timeofday|nextval)\s*\(/i;

/**
 * PostgreSQL's lock-aware rules (the hazards squawk and strong_migrations describe): index builds
 * that block writes, constraints validated under ACCESS EXCLUSIVE, table rewrites, enum order,
 * and DDL that waits for a lock forever without lock_timeout.
 */
export const POSTGRESQL_LINT_RULES: readonly LintRule[] = Object.freeze([
  ...COMMON_LINT_RULES,
  {
    id: 'require-concurrent-index-creation',
    description: 'CREATE INDEX blocks writes to the table until the index is built; CONCURRENTLY does not.',
    check: (op, ctx) =>
      op.kind === 'createIndex' && !op.concurrently && !ctx.isNew(op)
        ? {
            message: `CREATE INDEX ${op.index.name} on ${table(op)} blocks writes while it builds`,
            safe: [{ ...op, concurrently: true }],
          }
        : undefined,
  },
  {
    id: 'require-concurrent-index-deletion',
    description: 'DROP INDEX takes an ACCESS EXCLUSIVE lock; DROP INDEX CONCURRENTLY does not.',
    check: (op, ctx) =>
      op.kind === 'dropIndex' && !op.concurrently && !ctx.isNew(op)
        ? {
            message: `DROP INDEX ${op.name} locks ${table(op)} against reads and writes`,
            safe: [{ ...op, concurrently: true }],
          }
        : undefined,
  },
  {
    id: 'adding-foreign-key-constraint',
    description:
      'Adding a foreign key checks every row while both tables are locked; NOT VALID then VALIDATE does not block writes.',
    check: (op, ctx) =>
      op.kind === 'addForeignKey' && !op.notValid && !ctx.isNew(op)
        ? {
            message: `foreign key ${op.foreignKey.name} on ${table(op)} is validated under a lock on both tables`,
            safe: [
              { ...op, notValid: true },
              { kind: 'validateConstraint', ...at(op), name: op.foreignKey.name },
            ],
          }
        : undefined,
  },
  {
    id: 'constraint-missing-not-valid',
    description:
      'Adding a CHECK constraint scans the table under ACCESS EXCLUSIVE; NOT VALID then VALIDATE does not block.',
    check: (op, ctx) =>
      op.kind === 'addCheck' && !op.notValid && !ctx.isNew(op)
        ? {
            message: `CHECK ${op.check.name ?? `(${op.check.sql})`} on ${table(op)} scans every row under ACCESS EXCLUSIVE`,
            // VALIDATE needs the name: an unnamed CHECK gets one here.
            safe: ((name: string) => [
              { ...op, check: { ...op.check, name }, notValid: true },
              { kind: 'validateConstraint' as const, ...at(op), name },
            ])(op.check.name ?? `ck_${op.table}`),
          }
        : undefined,
  },
  {
    id: 'setting-not-nullable-field',
    description:
      'SET NOT NULL scans the table under ACCESS EXCLUSIVE; a validated CHECK (col IS NOT NULL) lets it skip the scan.',
    check: (op, ctx) => {
      if (op.kind !== 'alterColumn' || op.nullable !== false || ctx.isNew(op)) return undefined;
      const check = `${op.table}_${op.column}_not_null`.slice(0, 63);
      return {
        message: `SET NOT NULL on ${table(op)}.${op.column} scans every row under ACCESS EXCLUSIVE`,
        safe: [
          {
            kind: 'addCheck',
            ...at(op),
            check: { name: check, sql: `"${op.column}" IS NOT NULL` },
            notValid: true,
          },
          { kind: 'validateConstraint', ...at(op), name: check },
          { kind: 'alterColumn', ...at(op), column: op.column, nullable: false },
          { kind: 'dropCheck', ...at(op), name: check },
        ],
      };
    },
  },
  {
    id: 'changing-column-type',
    description: 'Most type changes rewrite the table and its indexes under ACCESS EXCLUSIVE.',
    check: (op, ctx) => {
      if (op.kind !== 'alterColumn' || op.type === undefined || ctx.isNew(op)) return undefined;
      const before = op.existingType;
      // Widening a varchar, or varchar to text, changes only the catalog.
      if (
        before !== undefined &&
        isKind(before, 'string') &&
        (isKind(op.type, 'text') ||
          (isKind(op.type, 'string') &&
            (op.type.length === undefined ||
              (before.length !== undefined && op.type.length >= before.length))))
      )
        return undefined;
      return {
        message: `changing the type of ${table(op)}.${op.column} rewrites the table under ACCESS EXCLUSIVE`,
        safe: [],
        advice:
          'add a new column of the new type, backfill it in batches, switch the code, drop the old column',
      };
    },
  },
  {
    id: 'adding-field-with-volatile-default',
    description:
      'A column added with a volatile default (random(), clock_timestamp()) rewrites the whole table.',
    check: (op, ctx) => {
      if (op.kind !== 'addColumn' || ctx.isNew(op)) return undefined;
      const d = op.column.serverDefault;
      if (typeof d !== 'object' || !VOLATILE.test(d.sql)) return undefined;
      const { serverDefault: _d, ...withoutDefault } = op.column;
      return {
        message: `${table(op)}.${op.column.name} DEFAULT ${d.sql} is computed per row: the table is rewritten`,
        safe: [
          { ...op, column: { ...withoutDefault, nullable: true } },
          {
            kind: 'alterColumn',
            ...at(op),
            column: op.column.name,
            serverDefault: d,
            existingServerDefault: null,
          },
        ],
        advice: 'then backfill existing rows in batches',
      };
    },
  },
  {
    id: 'enum-value-ordering',
    description:
      'A value added BEFORE / AFTER another changes how existing values sort; appending keeps ORDER BY stable.',
    check: (op) =>
      op.kind === 'addEnumValue' && (op.before !== undefined || op.after !== undefined)
        ? {
            message: `enum ${op.name}: '${op.value}' is placed ${op.before !== undefined ? `before '${op.before}'` : `after '${op.after}'`}, reordering ORDER BY and comparisons on the type`,
            safe: [
              {
                kind: 'addEnumValue',
                name: op.name,
                ...(op.schema ? { schema: op.schema } : {}),
                value: op.value,
              },
            ],
          }
        : undefined,
  },
  {
    id: 'prefer-bigint-primary-key',
    description: 'A 32-bit integer primary key runs out at 2^31 rows.',
    check: (op) => {
      if (op.kind !== 'createTable') return undefined;
      const pk = op.spec.columns.filter((c) => c.primaryKey || op.spec.primaryKey?.includes(c.name));
      const small = pk.find((c) => isKind(c.type, 'integer') || isKind(c.type, 'smallInteger'));
      return small === undefined
        ? undefined
        : {
            message: `${op.spec.name}.${small.name} is a 32-bit primary key`,
            safe: [
              {
                ...op,
                spec: {
                  ...op.spec,
                  columns: op.spec.columns.map((c) => (c === small ? { ...c, type: bigint } : c)),
                },
              },
            ],
          };
    },
  },
  {
    id: 'require-lock-timeout',
    description:
      'DDL waiting for its lock queues every later query behind it; lock_timeout makes it fail fast (and be retried).',
    check: (op, ctx) => {
      if (!LOCKING.has(op.kind) || ('table' in op && ctx.isNew(op as TableRef))) return undefined;
      const earlier = ctx.operations.slice(0, ctx.index);
      if (earlier.some((o) => o.kind === 'execute' && /lock_timeout/i.test(o.sql))) return undefined;
      // Report once per migration: at its first locking operation.
      if (earlier.some((o) => LOCKING.has(o.kind))) return undefined;
      return {
        message: `${op.kind} takes an ACCESS EXCLUSIVE lock with no lock_timeout: it can stall all traffic to the table while it waits`,
        safe: [{ kind: 'execute', sql: "SET lock_timeout = '5s'", reverseSql: 'RESET lock_timeout' }, op],
        advice: 'retry the migration when it times out',
      };
    },
  },
  {
    id: 'ban-char-field',
    description: 'char(n) pads with spaces and is never faster than varchar or text.',
    check: (op) => {
      const cols = op.kind === 'createTable' ? op.spec.columns : op.kind === 'addColumn' ? [op.column] : [];
      const c = cols.find(
        (col) =>
          isKind(col.type, 'custom') && /^\s*(char|character|bpchar)\b(?!\s+varying)/i.test(col.type.sql),
      );
      return c === undefined
        ? undefined
        : { message: `${c.name} is char(n)`, safe: [], advice: 'use varchar or text' };
    },
  },
  {
    id: 'prefer-timestamptz',
    description: 'timestamp without time zone loses the offset; timestamptz stores an instant.',
    check: (op) => {
      const cols = op.kind === 'createTable' ? op.spec.columns : op.kind === 'addColumn' ? [op.column] : [];
      const c = cols.find((col) => isKind(col.type, 'dateTime') && col.type.timezone !== true);
      return c === undefined
        ? undefined
        : {
            message: `${c.name} is a timestamp without time zone`,
            safe: [],
            advice: 'use types.dateTime({ timezone: true })',
          };
    },
  },
]);
