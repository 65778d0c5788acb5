/**
 * What undoes an operation, and whether an operation can lose data. Downgrades are computed from
 * these when a migration file asks for `op.reverse()`, checked by autogenerate and by the runner.
 */
import type { AlterColumnOp, MigrationOperation, BatchableOp } from './operations';
import { freezeOperation } from './operations';

/** An operation that cannot be undone, and why. */
export interface Irreversible {
  /** Marks the answer as a refusal. */
  readonly irreversible: true;
  /** Which operation cannot be undone, and why. */
  readonly reason: string;
}

/** The operations that undo `op` (in the order to run them), or why there are none. */
export type Reversal = readonly MigrationOperation[] | Irreversible;

/** Whether a reversal is a refusal. */
export function isIrreversible(r: Reversal): r is Irreversible {
  return !Array.isArray(r);
}

function no(reason: string): Irreversible {
  return Object.freeze({ irreversible: true, reason });
}

const one = (op: MigrationOperation): Reversal => Object.freeze([freezeOperation(op)]);

function where(op: { table: string; schema?: string }): string {
  return op.schema === undefined ? op.table : `${op.schema}.${op.table}`;
}

/** The inverse of one operation. */
export function reverseOperation(op: MigrationOperation): Reversal {
  const ref = {
    table: 'table' in op ? op.table : '',
    ...('schema' in op && op.schema ? { schema: op.schema } : {}),
  };
  switch (op.kind) {
    case 'createTable':
      return one({
        kind: 'dropTable',
        table: op.spec.name,
        ...(op.spec.schema === undefined ? {} : { schema: op.spec.schema }),
        existing: op.spec,
      });
    case 'dropTable':
      return op.existing === undefined
        ? no(`dropTable of '${where(op)}' does not say what the table was (existing)`)
        : one({ kind: 'createTable', spec: op.existing });
    case 'renameTable':
      return one({ kind: 'renameTable', ...ref, table: op.newName, newName: op.table });
    case 'addColumn':
      return one({ kind: 'dropColumn', ...ref, column: op.column.name, existing: op.column });
    case 'dropColumn':
      return op.existing === undefined
        ? no(`dropColumn of '${where(op)}.${op.column}' does not say what the column was (existing)`)
        : one({ kind: 'addColumn', ...ref, column: op.existing });
    case 'alterColumn':
      return reverseAlterColumn(op);
    case 'renameColumn':
      return one({ kind: 'renameColumn', ...ref, column: op.newName, newName: op.column });
    case 'createIndex':
      return one({
        kind: 'dropIndex',
        ...ref,
        name: op.index.name,
        existing: op.index,
        ...(op.concurrently ? { concurrently: true } : {}),
      });
    case 'dropIndex':
      return op.existing === undefined
        ? no(`dropIndex of '${op.name}' on '${where(op)}' does not say what the index was (existing)`)
        : one({
            kind: 'createIndex',
            ...ref,
            index: op.existing,
            ...(op.concurrently ? { concurrently: true } : {}),
          });
    case 'addUnique':
      return one({ kind: 'dropUnique', ...ref, name: op.unique.name, existing: op.unique });
    case 'dropUnique':
      return op.existing === undefined
        ? no(`dropUnique of '${op.name}' on '${where(op)}' does not say what the constraint was (existing)`)
        : one({ kind: 'addUnique', ...ref, unique: withName(op.existing, op.name) });
    case 'addForeignKey':
      return one({ kind: 'dropForeignKey', ...ref, name: op.foreignKey.name, existing: op.foreignKey });
    case 'dropForeignKey':
      return op.existing === undefined
        ? no(`dropForeignKey of '${op.name}' on '${where(op)}' does not say what the key was (existing)`)
        : one({ kind: 'addForeignKey', ...ref, foreignKey: { ...op.existing, name: op.name } });
    case 'addCheck':
      return one({ kind: 'dropCheck', ...ref, name: op.check.name, existing: op.check });
    case 'dropCheck':
      return op.existing === undefined
        ? no(`dropCheck of '${op.name}' on '${where(op)}' does not say what the constraint was (existing)`)
        : one({ kind: 'addCheck', ...ref, check: withName(op.existing, op.name) });
    case 'alterPrimaryKey':
      return op.existing === undefined
        ? no(`alterPrimaryKey of '${where(op)}' does not say what the key was (existing)`)
        : one({
            kind: 'alterPrimaryKey',
            ...ref,
            columns: op.existing.columns,
            ...(op.existing.name === undefined ? {} : { name: op.existing.name }),
            existing: { columns: op.columns, ...(op.name === undefined ? {} : { name: op.name }) },
          });
    case 'alterTableComment':
      return op.existingComment === undefined
        ? no(`alterTableComment of '${where(op)}' does not say what the comment was (existingComment)`)
        : one({
            kind: 'alterTableComment',
            ...ref,
            comment: op.existingComment,
            existingComment: op.comment,
          });
    case 'recreateEnum':
      return one({ ...op, values: op.existing, existing: op.values });
    case 'validateConstraint':
      // Validating changes no schema: undoing it is doing nothing.
      return Object.freeze([]);
    case 'createEnum':
      return one({
        kind: 'dropEnum',
        name: op.name,
        ...(op.schema === undefined ? {} : { schema: op.schema }),
        existing: op.values,
      });
    case 'dropEnum':
      return op.existing === undefined
        ? no(`dropEnum of '${op.name}' does not say which values it had (existing)`)
        : one({
            kind: 'createEnum',
            name: op.name,
            ...(op.schema === undefined ? {} : { schema: op.schema }),
            values: op.existing,
          });
    case 'addEnumValue':
      return no(
        `addEnumValue '${op.value}' to '${op.name}': an enum value cannot be removed without recreating the type; write the downgrade by hand`,
      );
    case 'renameEnumValue':
      return one({ ...op, value: op.newValue, newValue: op.value });
    case 'execute':
      return op.reverseSql === undefined
        ? no(`execute(${JSON.stringify(op.sql.slice(0, 60))}) has no reverseSql`)
        : one({ kind: 'execute', sql: op.reverseSql, reverseSql: op.sql });
    case 'batch': {
      const inner = reverseOperations(op.operations);
      if (isIrreversible(inner)) return inner;
      return one({
        kind: 'batch',
        ...ref,
        recreate: op.recreate,
        operations: inner as readonly BatchableOp[],
      });
    }
  }
}

/** A constraint spec with the name it had, or none where it had none. */
function withName<T extends { readonly name?: string }>(spec: T, name: string | undefined): T {
  if (name !== undefined) return { ...spec, name };
  const { name: _unused, ...rest } = spec;
  return rest as T;
}

function reverseAlterColumn(op: AlterColumnOp): Reversal {
  const missing: string[] = [];
  const back: Record<string, unknown> = {};
  const existing: Record<string, unknown> = {};
  const swap = (
    field: 'type' | 'nullable' | 'serverDefault' | 'comment' | 'collation' | 'computed',
    existingField: keyof AlterColumnOp,
  ) => {
    const now = op[field];
    const before = op[existingField];
    if (now !== undefined) {
      if (before === undefined) missing.push(String(existingField));
      else {
        back[field] = before;
        existing[existingField] = now;
      }
    } else if (before !== undefined) {
      // Unchanged, but known: keep it known for databases that restate the column.
      existing[existingField] = before;
    }
  };
  swap('type', 'existingType');
  swap('nullable', 'existingNullable');
  swap('serverDefault', 'existingServerDefault');
  swap('comment', 'existingComment');
  swap('collation', 'existingCollation');
  swap('computed', 'existingComputed');
  if (missing.length) {
    return no(
      `alterColumn of '${where(op)}.${op.column}' changes what it does not record: ${missing.join(', ')} missing`,
    );
  }
  return one({
    kind: 'alterColumn',
    table: op.table,
    ...(op.schema === undefined ? {} : { schema: op.schema }),
    column: op.column,
    ...back,
    ...existing,
  } as AlterColumnOp);
}

/** The inverse of a list of operations: each one's inverse, last first. */
export function reverseOperations(ops: readonly MigrationOperation[]): Reversal {
  const out: MigrationOperation[] = [];
  for (const op of [...ops].reverse()) {
    const r = reverseOperation(op);
    if (isIrreversible(r)) return r;
    out.push(...r);
  }
  return Object.freeze(out);
}

/** Why an operation can lose data, or undefined when it cannot. */
export function destructiveReason(op: MigrationOperation): string | undefined {
  switch (op.kind) {
    case 'dropTable':
      return `drops table '${where(op)}' and its rows`;
    case 'dropColumn':
      return `drops column '${where(op)}.${op.column}' and its values`;
    case 'dropEnum':
      return `drops enum type '${op.name}'`;
    case 'recreateEnum': {
      const gone = op.existing.filter((v) => !op.values.includes(v));
      return gone.length === 0
        ? undefined
        : `removes ${gone.map((v) => `'${v}'`).join(', ')} from enum type '${op.name}': rows holding them make it fail`;
    }
    case 'alterColumn':
      return op.type === undefined
        ? undefined
        : `changes the type of '${where(op)}.${op.column}': values that do not fit the new type are lost or rejected`;
    case 'batch':
      for (const inner of op.operations) {
        const reason = destructiveReason(inner);
        if (reason !== undefined) return reason;
      }
      return undefined;
    default:
      return undefined;
  }
}

/** Whether an operation can lose data (and was not acknowledged with `allowDestructive`). */
export function needsConsent(op: MigrationOperation): boolean {
  return op.allowDestructive !== true && destructiveReason(op) !== undefined;
}
