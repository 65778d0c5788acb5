/** Converts one value between JavaScript and a driver; `undefined` means "pass through". */
export type ValueProcessor = (value: unknown) => unknown;

/** How a 64-bit integer reaches JavaScript: `bigint`, a `number` (checked), or a decimal string. */
export type BigIntMode = 'bigint' | 'number' | 'string';

/** Parameters of a type kind that has none. */
type NoParams = Readonly<Record<never, never>>;

/**
 * Every kind of column type and the parameters it carries. A dialect's type renderer
 * (`TypeRenderer`) maps each kind to its DDL and value conversions, so adding a kind here makes
 * every dialect's renderer fail to compile until it says how to render the new kind.
 */
export interface TypeParams {
  /** `unsigned` is MySQL/MariaDB's UNSIGNED; other databases ignore it. */
  readonly integer: {
    /** UNSIGNED (MySQL / MariaDB). */
    readonly unsigned: boolean;
  };
  /** `unsigned` as for `integer`. */
  readonly smallInteger: {
    /** UNSIGNED (MySQL / MariaDB). */
    readonly unsigned: boolean;
  };
  /** A 64-bit integer. */
  readonly bigInteger: {
    /** What values are read as: `bigint`, `number` or `string`. */
    readonly mode: BigIntMode;
    /** UNSIGNED (MySQL / MariaDB). */
    readonly unsigned: boolean;
  };
  /** A double-precision float. */
  readonly float: NoParams;
  /** An exact decimal. */
  readonly numeric: {
    /** Total digits, when given. */
    readonly precision?: number;
    /** Digits after the point, when given. */
    readonly scale?: number;
    /** Values are read as numbers rather than strings. */
    readonly asNumber: boolean;
  };
  /** A varchar. */
  readonly string: {
    /** The longest value, when given. */
    readonly length?: number;
  };
  /** Unbounded text. */
  readonly text: NoParams;
  /** A UUID. */
  readonly uuid: NoParams;
  /**
   * `length` is the longest value's (at least 1); `typeName` names a database enum type
   * (PostgreSQL's `CREATE TYPE … AS ENUM`), undefined for an inline enum.
   */
  readonly enum: {
    /** The allowed values, in order. */
    readonly values: readonly string[];
    /** The longest value's length. */
    readonly length: number;
    /** The database enum type's name, for a named enum. */
    readonly typeName: string | undefined;
  };
  /** A boolean. */
  readonly boolean: NoParams;
  /** A calendar date. */
  readonly date: NoParams;
  /** `precision`: fractional-second digits, undefined for the dialect's default. */
  readonly dateTime: {
    /** WITH TIME ZONE. */
    readonly timezone: boolean;
    /** Fractional-second digits, when given. */
    readonly precision?: number;
  };
  /** A time of day. */
  readonly time: NoParams;
  /** `nullAsJson`: `null` is bound as the JSON document `null`, not written as SQL NULL. */
  readonly json: {
    /** Bind `null` as the JSON document `null`. */
    readonly nullAsJson: boolean;
  };
  /** Binary data. */
  readonly binary: {
    /** The longest value in bytes, when given. */
    readonly length?: number;
  };
  /** An array of `item` values. */
  readonly array: {
    /** The type of the elements. */
    readonly item: SqlType<unknown>;
  };
  /** A type written as SQL by the user (`inet`, `MEDIUMTEXT`): the same text on every database. */
  readonly custom: {
    /** The type as SQL text. */
    readonly sql: string;
  };
}

/** The kind of a column type: `integer`, `string`, `dateTime`, … */
export type TypeKind = keyof TypeParams;

/** A type of kind `K` with its parameters, as a type renderer receives it. */
export type TypeOfKind<K extends TypeKind> = {
  /** The type's kind. */
  readonly kind: K;
  /** The type's name, for messages. */
  readonly name: string;
} & TypeParams[K];

/**
 * A column type: a kind, its parameters, and the JavaScript type `T` of its values. How a type is
 * written in DDL and how its values are converted on the way into and out of a database is the
 * dialect's business (its type renderer), never the type's.
 */
export abstract class SqlType<T> {
  /** Phantom member carrying the value type for inference; never set. */
  declare readonly __value?: T;
  /** What the type is; the dialect's type renderer is keyed by it. */
  abstract readonly kind: TypeKind;
  /** A short name such as `integer` or `string(50)`, for messages and migrations. */
  abstract readonly name: string;

  /**
   * Whether a `null` value is a value of the type, bound through its bind processor (a JSON column
   * storing the JSON `null`), rather than SQL NULL. `nullValue()` writes SQL NULL either way.
   */
  get bindsNull(): boolean {
    return false;
  }

  /** The affinity of the type, used for comparisons in memory and by migrations. */
  get affinity(): TypeAffinity {
    return AFFINITIES[this.kind];
  }

  /** The type's name with its parameters, e.g. `string(50)`, for messages. */
  toString(): string {
    return this.name;
  }
}

/** The family a type belongs to, for comparing values in memory and types in migrations. */
export type TypeAffinity =
  | 'integer'
  | 'bigint'
  | 'float'
  | 'numeric'
  | 'string'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'time'
  | 'json'
  | 'uuid'
  | 'enum'
  | 'binary'
  | 'array'
  | 'other';

const AFFINITIES: Readonly<Record<TypeKind, TypeAffinity>> = Object.freeze({
  integer: 'integer',
  smallInteger: 'integer',
  bigInteger: 'bigint',
  float: 'float',
  numeric: 'numeric',
  string: 'string',
  text: 'string',
  uuid: 'uuid',
  enum: 'enum',
  boolean: 'boolean',
  date: 'date',
  dateTime: 'datetime',
  time: 'time',
  json: 'json',
  binary: 'binary',
  array: 'array',
  custom: 'other',
});

/** Whether `type` is of kind `kind`, narrowing it to that kind's parameters. @example isKind(t, 'enum') && t.values */
export function isKind<K extends TypeKind>(
  type: SqlType<unknown>,
  kind: K,
): type is SqlType<unknown> & TypeOfKind<K> {
  return type.kind === kind;
}

/** The JavaScript value type of a `SqlType`. */
export type ValueOfType<S> = S extends SqlType<infer T> ? T : never;
