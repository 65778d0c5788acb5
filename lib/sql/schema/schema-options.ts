import { ArgumentError, ConfigurationError } from '../../errors';
import { NextValue, type Sequence } from './sequence';

/**
 * The options of schema objects that are written into DDL, and their checks: referential actions,
 * server defaults, collations, identity and generated columns, SQLite's table options. Only checked
 * values reach the SQL, so nothing here is ever spliced unchecked.
 */

export type ReferentialAction = 'CASCADE' | 'SET NULL' | 'SET DEFAULT' | 'RESTRICT' | 'NO ACTION';

const REFERENTIAL_ACTIONS: ReadonlySet<string> = new Set([
  'CASCADE',
  'SET NULL',
  'SET DEFAULT',
  'RESTRICT',
  'NO ACTION',
]);

/**
 * An ON DELETE / ON UPDATE action, checked: it is written into DDL, so only the five keywords get
 * there. `where` names the foreign key for the error.
 * @internal
 */
export function referentialAction(
  action: unknown,
  where: string,
  option: 'onDelete' | 'onUpdate',
): ReferentialAction | undefined {
  if (action === undefined) return undefined;
  if (typeof action === 'string' && REFERENTIAL_ACTIONS.has(action)) return action as ReferentialAction;
  throw new ConfigurationError(
    `${where}: ${option} ${JSON.stringify(action) ?? String(action)} is not one of ${[...REFERENTIAL_ACTIONS].join(', ')}`,
  );
}

/** SQL text for a server-side default, written by the developer: `sqlDefault('CURRENT_TIMESTAMP')`. */
export interface SqlDefault {
  /** Marks a server default given as SQL text. */
  readonly kind: 'SqlDefault';
  /** The default's SQL, written into DDL as is. */
  readonly sql: string;
  /** A sequence's next value: `sql` is its standard form, each dialect writes its own. */
  readonly sequence?: Sequence;
}

/** The defaults made by `sqlDefault()`: only those reach DDL as SQL text. */
const SQL_DEFAULTS = new WeakSet<SqlDefault>();

/**
 * A server default given as raw SQL text, written into CREATE TABLE as it is: it is part of the
 * schema, never user input. Any other `serverDefault` is a value rendered as a literal.
 * @example column(types.dateTime(), { serverDefault: sqlDefault('CURRENT_TIMESTAMP') })
 */
export function sqlDefault(sql: string): SqlDefault {
  if (typeof sql !== 'string' || sql.trim() === '')
    throw new ArgumentError('sqlDefault(): expected a non-empty string of SQL');
  const d: SqlDefault = Object.freeze({ kind: 'SqlDefault', sql });
  SQL_DEFAULTS.add(d);
  return d;
}

const SEQUENCE_DEFAULTS = new WeakMap<Sequence, SqlDefault>();

/** The server default that is a sequence's next value (one object per sequence). @internal */
export function sequenceDefault(sequence: Sequence): SqlDefault {
  let d = SEQUENCE_DEFAULTS.get(sequence);
  if (d === undefined) {
    d = Object.freeze({ kind: 'SqlDefault', sql: `NEXT VALUE FOR ${sequence.fullName}`, sequence });
    SEQUENCE_DEFAULTS.set(sequence, d);
    SQL_DEFAULTS.add(d);
  }
  return d;
}

/** Checks a collation name: a plain name (`C`, `utf8mb4_bin`, `en-US-x-icu`), never other text. @internal */
export function checkCollation(collation: string | undefined, where: string): string | undefined {
  if (collation === undefined || /^[A-Za-z0-9_][A-Za-z0-9_.@-]*$/.test(collation)) return collation;
  throw new ConfigurationError(`${where}: collation ${JSON.stringify(collation)} is not a collation name`);
}

/** Checks identity options: start and increment are written into DDL, so only integers pass. @internal */
export function checkIdentity(
  identity: IdentityOptions | undefined,
  where: string,
): IdentityOptions | undefined {
  for (const key of ['start', 'increment'] as const) {
    const v: unknown = identity?.[key];
    if (v !== undefined && !Number.isSafeInteger(v))
      throw new ConfigurationError(`${where}: identity.${key} must be an integer, got ${String(v)}`);
  }
  return identity;
}

/**
 * Checks a `serverDefault`: a string, a finite number, a boolean, `sqlDefault(…)`, or a sequence's
 * `nextValue()` (kept as an SqlDefault naming the sequence). @internal
 */
export function checkServerDefault(
  value: unknown,
  where: string,
): string | number | boolean | SqlDefault | undefined {
  if (value === undefined || typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof NextValue) return sequenceDefault(value.sequence);
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'object' && value !== null && SQL_DEFAULTS.has(value as SqlDefault))
    return value as SqlDefault;
  throw new ConfigurationError(
    `${where}: serverDefault must be a string, a finite number, a boolean, sqlDefault('…') or a sequence's nextValue(), got ` +
      (typeof value === 'object' ? (value?.constructor?.name ?? 'null') : String(value)),
  );
}

/** Identity options of an autoincrement column, where the database has identity columns. */
export interface IdentityOptions {
  /** `GENERATED ALWAYS` (explicit values rejected) instead of `BY DEFAULT`. PostgreSQL and Oracle. */
  always?: boolean;
  /** The first value (default 1). */
  start?: number;
  /** The step between values (default 1). */
  increment?: number;
}

/** A generated column: computed by the database from other columns of the row. */
export interface ComputedOptions {
  /** The expression, as trusted SQL text. */
  sql: string;
  /** Stored on disk (true) or computed on read (false, where the database has virtual columns). Default true. */
  stored?: boolean;
}

/** Options only SQLite reads. */
export interface SqliteTableOptions {
  /** A STRICT table: SQLite enforces the column types (INTEGER, REAL, TEXT, BLOB, ANY). */
  strict?: boolean;
  /** A WITHOUT ROWID table, clustered on its primary key. */
  withoutRowid?: boolean;
}
