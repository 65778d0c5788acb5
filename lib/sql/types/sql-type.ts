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
  readonly integer: { readonly unsigned: boolean };
  readonly smallInteger: { readonly unsigned: boolean };
  readonly bigInteger: { readonly mode: BigIntMode; readonly unsigned: boolean };
  readonly float: NoParams;
  readonly numeric: { readonly precision?: number; readonly scale?: number; readonly asNumber: boolean };
  readonly string: { readonly length?: number };
  readonly text: NoParams;
  readonly uuid: NoParams;
  /**
   * `length` is the longest value's (at least 1); `typeName` names a database enum type
   * (PostgreSQL's `CREATE TYPE … AS ENUM`), undefined for an inline enum.
   */
  readonly enum: {
    readonly values: readonly string[];
    readonly length: number;
    readonly typeName: string | undefined;
  };
  readonly boolean: NoParams;
  readonly date: NoParams;
  /** `precision`: fractional-second digits, undefined for the dialect's default. */
  readonly dateTime: { readonly timezone: boolean; readonly precision?: number };
  readonly time: NoParams;
  /** `nullAsJson`: `null` is bound as the JSON document `null`, not written as SQL NULL. */
  readonly json: { readonly nullAsJson: boolean };
  readonly binary: { readonly length?: number };
  /** An array of `item` values. */
  readonly array: { readonly item: SqlType<unknown> };
  /** A type written as SQL by the user (`inet`, `MEDIUMTEXT`): the same text on every database. */
  readonly custom: { readonly sql: string };
}

/** The kind of a column type: `integer`, `string`, `dateTime`, … */
export type TypeKind = keyof TypeParams;

/** A type of kind `K` with its parameters, as a type renderer receives it. */
export type TypeOfKind<K extends TypeKind> = { readonly kind: K; readonly name: string } & TypeParams[K];

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
