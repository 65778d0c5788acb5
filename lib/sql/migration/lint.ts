/**
 * Lock-aware lint of migration operations. A rule looks at one operation in the context of its
 * migration (tables created earlier in the same migration are new and empty, so they are safe)
 * and returns a finding with the safe rewrite: operations that do the same without the long lock
 * or the rewrite. Each dialect lists its rules (`Dialect.migrationLintRules`); the rules common
 * to PostgreSQL and MySQL/MariaDB are here.
 */
import type { MigrationOperation, TableRef } from './operations';

/** What a rule sees besides the operation. */
export interface LintContext {
  /** Every operation of the migration, in order. */
  readonly operations: readonly MigrationOperation[];
  /** The operation's position in it. */
  readonly index: number;
  /** Whether the table was created earlier in this migration (new, empty, unseen by the application). */
  isNew(ref: TableRef): boolean;
}

/** What a rule found at an operation. */
export interface LintFinding {
  /** The rule's id. */
  readonly rule: string;
  /** What is wrong, naming the table and column. */
  readonly message: string;
  /** The safe form: operations to run instead (empty when the fix is a change of plan, told in `advice`). */
  readonly safe: readonly MigrationOperation[];
  /** What to do instead, when no rewrite says it. */
  readonly advice?: string;
}

/** A lint rule: looks at one operation in the context of its migration. */
export interface LintRule {
  /** The rule's id, as findings name it. */
  readonly id: string;
  /** What the rule catches and why it matters. */
  readonly description: string;
  /** A finding for `op`, or undefined when it is safe. */
  check(op: MigrationOperation, ctx: LintContext): Omit<LintFinding, 'rule'> | undefined;
}

/** A finding at an operation. */
export interface LocatedFinding extends LintFinding {
  /** The operation's position in the migration. */
  readonly index: number;
}

function key(ref: TableRef): string {
  return `${ref.schema ?? ''}.${ref.table}`;
}

/** Runs rules over a migration's operations. */
export function lintOperations(
  ops: readonly MigrationOperation[],
  rules: readonly LintRule[],
): LocatedFinding[] {
  const out: LocatedFinding[] = [];
  ops.forEach((op, index) => {
    const created = new Set(
      ops
        .slice(0, index)
        .filter((o) => o.kind === 'createTable')
        .map((o) =>
          key({ table: o.spec.name, ...(o.spec.schema === undefined ? {} : { schema: o.spec.schema }) }),
        ),
    );
    const ctx: LintContext = { operations: ops, index, isNew: (ref) => created.has(key(ref)) };
    for (const rule of rules) {
      const found = rule.check(op, ctx);
      if (found !== undefined) out.push(Object.freeze({ rule: rule.id, index, ...found }));
    }
  });
  return out;
}

const table = (op: TableRef) => (op.schema === undefined ? op.table : `${op.schema}.${op.table}`);

/** Rules that hold on every database with long table locks. */
export const COMMON_LINT_RULES: readonly LintRule[] = Object.freeze([
  {
    id: 'ban-drop-column',
    description: 'Dropping a column breaks application code that still reads it and loses its data.',
    check: (op, ctx) =>
      op.kind === 'dropColumn' && !ctx.isNew(op)
        ? {
            message: `drops ${table(op)}.${op.column}: deploy code that no longer reads it first, and keep a backup of its values`,
            safe: [],
            advice: 'remove the column from the mapping, deploy, then drop it in a later migration',
          }
        : undefined,
  },
  {
    id: 'ban-drop-table',
    description: 'Dropping a table breaks code that still uses it and loses its rows.',
    check: (op) =>
      op.kind === 'dropTable'
        ? {
            message: `drops table ${table(op)}`,
            safe: [],
            advice: 'stop using the table in a deploy first; rename it aside before dropping it later',
          }
        : undefined,
  },
  {
    id: 'renaming-column',
    description:
      'Renaming a column in use breaks the running application between the migration and the deploy.',
    check: (op, ctx) =>
      op.kind === 'renameColumn' && !ctx.isNew(op)
        ? {
            message: `renames ${table(op)}.${op.column} to ${op.newName} while the deployed code reads the old name`,
            safe: [],
            advice: 'add the new column, write both, backfill, switch reads, then drop the old column',
          }
        : undefined,
  },
  {
    id: 'renaming-table',
    description: 'Renaming a table in use breaks the running application.',
    check: (op, ctx) =>
      op.kind === 'renameTable' && !ctx.isNew(op)
        ? {
            message: `renames ${table(op)} to ${op.newName} while the deployed code uses the old name`,
            safe: [],
            advice:
              'create the new table (or a view under the old name), move the code over, then drop the old one',
          }
        : undefined,
  },
  {
    id: 'adding-required-field',
    description: 'A NOT NULL column without a default cannot be added to a table that has rows.',
    check: (op, ctx) =>
      op.kind === 'addColumn' &&
      !ctx.isNew(op) &&
      op.column.nullable === false &&
      op.column.serverDefault === undefined &&
      op.column.computed === undefined &&
      !op.column.autoincrement
        ? {
            message: `adds NOT NULL column ${table(op)}.${op.column.name} without a default: fails (or fills implicit values) on existing rows`,
            safe: [
              {
                kind: 'addColumn',
                table: op.table,
                ...(op.schema ? { schema: op.schema } : {}),
                column: { ...op.column, nullable: true },
              },
            ],
            advice: 'add it nullable, backfill, then make it NOT NULL in a later migration',
          }
        : undefined,
  },
  {
    id: 'unique-constraint-on-existing-table',
    description: 'Adding a UNIQUE constraint builds its index while holding a lock that blocks writes.',
    check: (op, ctx) =>
      op.kind === 'addUnique' && !ctx.isNew(op)
        ? {
            message: `adds UNIQUE ${op.unique.name ?? `(${op.unique.columns.join(', ')})`} to existing table ${table(op)}: the index is built under a write-blocking lock`,
            safe: [
              {
                kind: 'createIndex',
                table: op.table,
                ...(op.schema ? { schema: op.schema } : {}),
                index: {
                  name: op.unique.name ?? `uq_${op.table}_${op.unique.columns.join('_')}`,
                  columns: op.unique.columns,
                  unique: true,
                },
                concurrently: true,
              },
            ],
            advice:
              'build a unique index without blocking writes (then, on PostgreSQL, ADD CONSTRAINT … UNIQUE USING INDEX)',
          }
        : undefined,
  },
]);
