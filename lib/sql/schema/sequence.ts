import { ConfigurationError } from '../../errors';
import { Expression } from '../expression/expression';
import { nextValue, type NextValueNode } from '../nodes';
import { IntegerType } from '../types/numeric-types';

/** Options of a `Sequence`: what CREATE SEQUENCE says; the database's own defaults otherwise. */
export interface SequenceOptions {
  /** The first value (SQL Server's default is written as 1, as on the other databases). */
  start?: number;
  /** The step between values (negative for a descending sequence). */
  increment?: number;
  /** The smallest value (default: the database's). */
  minValue?: number;
  /** The largest value (default: the database's). */
  maxValue?: number;
  /** Start over at the other end once `maxValue` (or `minValue`) is passed. */
  cycle?: boolean;
  /** How many values the server allocates ahead, in memory. */
  cache?: number;
  /** The sequence's schema (default: the connection's). */
  schema?: string;
  /** The collection whose `createAll` / `dropAll` create and drop the sequence. */
  metadata?: SequenceCollection;
}

/** What a sequence joins: a `MetaData`. */
export interface SequenceCollection {
  /** Adds a sequence; a second one under the same full name is a ConfigurationError. */
  addSequence(sequence: Sequence): void;
}

/** The next value of a sequence: an integer expression, usable as a `serverDefault`. */
export class NextValue extends Expression<number> {
  declare readonly node: NextValueNode;
  /** The sequence whose next value this is. */
  constructor(
    /** The sequence whose next value this is. */
    readonly sequence: Sequence,
  ) {
    super(nextValue(sequence.name, sequence.schema, INTEGER), INTEGER);
  }
}

const INTEGER = new IntegerType(false);

/**
 * A database sequence (PostgreSQL, MariaDB, SQL Server, Oracle): a schema object that
 * `metadata.createAll` creates before the tables, and whose `nextValue()` is an expression, a
 * column's `serverDefault`, or — as the column option `sequence` — the value an INSERT gives a
 * column it does not set. SQLite and MySQL have no sequences: `createAll` skips them there and a
 * statement using one raises `SequencesNotSupportedError`.
 *
 * @example
 * const orderNo = new Sequence('order_no', { start: 1000, metadata });
 * const orders = table('orders', { id: column(types.integer(), { primaryKey: true, sequence: orderNo }) }, { metadata });
 * await session.scalar(orderNo); // 1000, then 1001, …
 */
export class Sequence {
  /** The first value, when given. */
  readonly start: number | undefined;
  /** The step between values, when given. */
  readonly increment: number | undefined;
  /** The smallest value, when given. */
  readonly minValue: number | undefined;
  /** The largest value, when given. */
  readonly maxValue: number | undefined;
  /** Whether it wraps around at the end, when given. */
  readonly cycle: boolean | undefined;
  /** How many values the server preallocates, when given. */
  readonly cache: number | undefined;
  /** The sequence's schema, when it has one. */
  readonly schema: string | undefined;

  /**
   * A sequence; add it to a column with the `sequence` option, or to MetaData for CREATE / DROP.
   *
   * @param name - The sequence's name.
   * @param options - Start, increment, bounds, cycle, cache and schema.
   * @throws ConfigurationError when the name is empty or an option is not a valid integer (an increment of
   * 0).
   */
  constructor(
    readonly name: string,
    options: SequenceOptions = {},
  ) {
    if (typeof name !== 'string' || name === '')
      throw new ConfigurationError('Sequence: the name must be a non-empty string');
    const where = `sequence '${name}'`;
    this.start = integerOption(options.start, where, 'start');
    this.increment = integerOption(options.increment, where, 'increment');
    if (this.increment === 0) throw new ConfigurationError(`${where}: increment must not be 0`);
    this.minValue = integerOption(options.minValue, where, 'minValue');
    this.maxValue = integerOption(options.maxValue, where, 'maxValue');
    if (this.minValue !== undefined && this.maxValue !== undefined && this.minValue > this.maxValue)
      throw new ConfigurationError(`${where}: minValue ${this.minValue} is above maxValue ${this.maxValue}`);
    this.cache = integerOption(options.cache, where, 'cache');
    if (this.cache !== undefined && this.cache < 1)
      throw new ConfigurationError(`${where}: cache must be at least 1, got ${this.cache}`);
    if (options.cycle !== undefined && typeof options.cycle !== 'boolean')
      throw new ConfigurationError(`${where}: cycle must be a boolean, got ${String(options.cycle)}`);
    this.cycle = options.cycle;
    this.schema = options.schema;
    Object.freeze(this);
    options.metadata?.addSequence(this);
  }

  /** `schema.name`, or `name`. */
  get fullName(): string {
    return this.schema === undefined ? this.name : `${this.schema}.${this.name}`;
  }

  /**
   * The sequence's next value as an expression: `nextval('s')` on PostgreSQL, `nextval(s)` on
   * MariaDB, `NEXT VALUE FOR s` on SQL Server, `s.NEXTVAL` on Oracle.
   * @example column(types.integer(), { serverDefault: seq.nextValue() })
   */
  nextValue(): NextValue {
    return new NextValue(this);
  }

  /** The sequence's full name, for messages. */
  toString(): string {
    return `Sequence(${this.fullName})`;
  }
}

/** Options written into DDL are checked integers. */
function integerOption(value: unknown, where: string, option: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  throw new ConfigurationError(`${where}: ${option} must be an integer, got ${String(value)}`);
}
