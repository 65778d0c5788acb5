/**
 * Autogenerate without a database connection: declared tables and a reflected schema in, the
 * migration's operations out — or the questions it will not guess (a vanished name and a new one of
 * the same shape: a rename or a drop and an add?) and the destructive operations nobody consented to.
 */
import type { Dialect } from '../dialect';
import type { ReflectedSchema } from '../reflection/model';
import type { Table } from '../schema/table';
import { applyToTableSpec } from '../migration/apply';
import { destructiveReason, isIrreversible, reverseOperations, type Reversal } from '../migration/reverse';
import type { MigrationOperation, TableSpec } from '../migration/operations';
import type { SchemaChange } from './changes';
import { compareSchema, type CompareOptions, type RenameHints } from './compare';
import { declaredColumn, reflectedColumn, type Normalizer } from './normal-form';
import { planOperations, type UnexpressedChange } from './operations';
import { renderBodies } from './render';

/** A rename autogenerate will not guess: `answer` with one of `candidates`, or null for "new". */
export interface OpenQuestion {
  /** `table:<new>`, `column:<table>.<new>` or `enumValue:<enum>.<new>`: the key of the answer. */
  readonly id: string;
  /** What is new: a table, a column or an enum value. */
  readonly kind: 'table' | 'column' | 'enumValue';
  /** The table of a new column. */
  readonly table?: string;
  /** The declared (new) name. */
  readonly name: string;
  /** Names that vanished and have the same shape: answering one makes a RENAME. */
  readonly candidates: readonly string[];
  /** The question, as the terminal asks it. */
  readonly prompt: string;
}

/** An operation that can lose data, and its consent key. */
export interface DestructiveOperation {
  /** `dropTable:<t>`, `dropColumn:<t>.<c>`, `alterColumn:<t>.<c>`, `dropEnum:<n>`: answer with "allow". */
  readonly id: string;
  /** What may be lost. */
  readonly reason: string;
}

/**
 * Answers, as `--answers FILE` gives them: a question's id → the old name (a rename) or null (a
 * new object, the old one dropped); a destructive operation's id → `"allow"`.
 */
export type Answers = Readonly<Record<string, string | null>>;

/** Options of `autogenerate()`: the comparison's, with answers instead of rename hints. */
export interface AutogenerateOptions extends Omit<CompareOptions, 'renames'> {
  /** Answers to open questions and consent to destructive operations, by id. */
  readonly answers?: Answers;
  /** Consent to every destructive operation (`--allow-destructive`). */
  readonly allowDestructive?: boolean;
}

/** What `autogenerate()` finds and plans. */
export interface AutogenerateOutcome {
  /** The differences between the metadata and the database. */
  readonly changes: readonly SchemaChange[];
  /** The upgrade's operations (empty when the database already matches). */
  readonly operations: readonly MigrationOperation[];
  /** What no operation expresses: written into the file as notes for the author. */
  readonly unexpressed: readonly UnexpressedChange[];
  /** Unanswered questions: nothing may be written until they are answered. */
  readonly questions: readonly OpenQuestion[];
  /** Destructive operations without consent: nothing may be written until they are allowed. */
  readonly refused: readonly DestructiveOperation[];
  /** The bodies of `upgrade(op)` and `downgrade(op)`. */
  readonly upgrade: string;
  /** The body of `downgrade(op)`. */
  readonly downgrade: string;
}

function renameHints(answers: Answers): RenameHints {
  const pick = (prefix: string): Record<string, string> =>
    Object.fromEntries(
      Object.entries(answers)
        .filter((e): e is [string, string] => e[0].startsWith(prefix) && typeof e[1] === 'string')
        .map(([k, v]) => [k.slice(prefix.length), v]),
    );
  return { tables: pick('table:'), columns: pick('column:'), enumValues: pick('enumValue:') };
}

const sameShape = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');

/** Pairs of a removal and an addition of the same shape that no hint or answer settles. */
export function openQuestions(
  changes: readonly SchemaChange[],
  n: Normalizer,
  answers: Answers,
): OpenQuestion[] {
  const questions: OpenQuestion[] = [];
  const removedTables = changes.flatMap((c) => (c.kind === 'removeTable' ? [c.existing] : []));
  for (const c of changes) {
    if (c.kind !== 'addTable') continue;
    const shape = c.table.columns.map((col) => declaredColumn(n, col).type);
    const candidates = removedTables
      .filter((t) =>
        sameShape(
          shape,
          t.columns.map((col) => reflectedColumn(n, col, false).type),
        ),
      )
      .map((t) => t.name);
    const id = `table:${c.table.name}`;
    if (candidates.length && !(id in answers)) {
      questions.push({
        id,
        kind: 'table',
        name: c.table.name,
        candidates,
        prompt: `Table '${c.table.name}' is new and ${candidates.map((x) => `'${x}'`).join(', ')} vanished with the same columns: is it a rename of one of them?`,
      });
    }
  }
  for (const c of changes) {
    if (c.kind !== 'addColumn') continue;
    const type = declaredColumn(n, c.column).type;
    const candidates = changes
      .filter(
        (r) =>
          r.kind === 'removeColumn' &&
          r.table.toLowerCase() === c.table.name.toLowerCase() &&
          reflectedColumn(n, r.existing, false).type === type,
      )
      .map((r) => (r.kind === 'removeColumn' ? r.existing.name : ''));
    const id = `column:${c.table.name}.${c.column.name}`;
    if (candidates.length && !(id in answers)) {
      questions.push({
        id,
        kind: 'column',
        table: c.table.name,
        name: c.column.name,
        candidates,
        prompt: `Column '${c.table.name}.${c.column.name}' is new and ${candidates.map((x) => `'${x}'`).join(', ')} vanished with the same type: is it a rename?`,
      });
    }
  }
  for (const c of changes) {
    if (c.kind !== 'recreateEnum' || c.removed.length === 0) continue;
    for (const v of c.values.filter((x) => !c.existing.values.includes(x))) {
      const id = `enumValue:${c.name}.${v}`;
      if (!(id in answers)) {
        questions.push({
          id,
          kind: 'enumValue',
          name: v,
          candidates: c.removed,
          prompt: `Enum '${c.name}' has the new value '${v}' and lost ${c.removed.map((x) => `'${x}'`).join(', ')}: is it a rename?`,
        });
      }
    }
  }
  return questions;
}

/** The destructive operations of a plan, with the reason and consent key of each. */
function destructiveOperations(
  ops: readonly MigrationOperation[],
  changes: readonly SchemaChange[],
): { op: MigrationOperation; id: string; reason: string }[] {
  const narrowing = new Set(
    changes.flatMap((c) =>
      c.kind === 'alterColumn' && c.narrowing ? [`${c.table.name}.${c.column.name}`.toLowerCase()] : [],
    ),
  );
  const out: { op: MigrationOperation; id: string; reason: string }[] = [];
  const visit = (op: MigrationOperation): void => {
    switch (op.kind) {
      case 'batch':
        op.operations.forEach(visit);
        break;
      case 'dropTable':
        out.push({ op, id: `dropTable:${op.table}`, reason: `drops table '${op.table}' and its rows` });
        break;
      case 'dropColumn':
        out.push({
          op,
          id: `dropColumn:${op.table}.${op.column}`,
          reason: `drops column '${op.table}.${op.column}' and its values`,
        });
        break;
      case 'dropEnum':
        out.push({ op, id: `dropEnum:${op.name}`, reason: `drops enum type '${op.name}'` });
        break;
      case 'recreateEnum': {
        const reason = destructiveReason(op);
        if (reason !== undefined) out.push({ op, id: `recreateEnum:${op.name}`, reason });
        break;
      }
      case 'alterColumn':
        if (narrowing.has(`${op.table}.${op.column}`.toLowerCase())) {
          out.push({
            op,
            id: `alterColumn:${op.table}.${op.column}`,
            reason: `narrows column '${op.table}.${op.column}' (its type or NOT NULL): existing values may not fit`,
          });
        }
        break;
      default:
        break;
    }
  };
  ops.forEach(visit);
  return out;
}

/** Marks the operations consented to (and type changes judged safe) with `allowDestructive`. */
function acknowledge(
  ops: readonly MigrationOperation[],
  consented: ReadonlySet<MigrationOperation>,
): MigrationOperation[] {
  const mark = (op: MigrationOperation): MigrationOperation => {
    if (op.kind === 'batch') {
      const inner = op.operations.map((x) => mark(x) as typeof x);
      return { ...op, operations: inner };
    }
    // A type change that keeps every value needs no consent: say so in the file for the runner.
    const widening = op.kind === 'alterColumn' && op.type !== undefined && !consented.has(op);
    return consented.has(op) || widening ? { ...op, allowDestructive: true } : op;
  };
  return ops.map(mark);
}

/**
 * A downgrade's batches rebuild the tables the upgrade left: each gets that table (the upgrade
 * batch's `existing` with its operations applied), so it runs offline too.
 */
function withBatchTables(reversal: Reversal, upgrade: readonly MigrationOperation[]): Reversal {
  if (isIrreversible(reversal)) return reversal;
  const after = new Map<string, TableSpec>();
  for (const op of upgrade) {
    if (op.kind === 'batch' && op.existing !== undefined) {
      after.set(op.table, op.operations.reduce(applyToTableSpec, op.existing));
    }
  }
  return reversal.map((op) =>
    op.kind === 'batch' && op.existing === undefined && after.has(op.table)
      ? { ...op, existing: after.get(op.table)! }
      : op,
  );
}

/**
 * Compares, asks, checks consent and plans. When `questions` or `refused` is non-empty the
 * outcome's operations must not be written: the caller asks, or exits non-zero with them as JSON.
 */
export function autogenerate(
  declared: readonly Table[],
  reflected: ReflectedSchema,
  normalizer: Normalizer,
  dialect: Dialect,
  options: AutogenerateOptions = {},
): AutogenerateOutcome {
  const answers = options.answers ?? {};
  const changes = compareSchema(declared, reflected, normalizer, {
    ...options,
    renames: renameHints(answers),
  });
  const questions = openQuestions(changes, normalizer, answers);
  const planned = planOperations(changes, reflected, dialect);
  const destructive = destructiveOperations(planned.operations, changes);
  const consented = new Set(
    destructive
      .filter((d) => options.allowDestructive === true || answers[d.id] === 'allow')
      .map((d) => d.op),
  );
  const refused = destructive.filter((d) => !consented.has(d.op)).map(({ id, reason }) => ({ id, reason }));
  const operations = acknowledge(planned.operations, consented);
  const reversal = withBatchTables(reverseOperations(operations), operations);
  const bodies = renderBodies({
    message: '',
    upgrade: operations,
    downgrade: isIrreversible(reversal) ? { reason: reversal.reason } : reversal,
    notes: planned.unexpressed.map((u) => u.reason),
  });
  return {
    changes,
    operations,
    unexpressed: planned.unexpressed,
    questions,
    refused,
    upgrade: bodies.upgrade,
    downgrade: bodies.downgrade,
  };
}
