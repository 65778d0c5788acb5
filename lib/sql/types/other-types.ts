import { SqlType, type TypeAffinity, type TypeOfKind } from './sql-type';
import { checkTypeText, typeSize } from './type-arguments';

/**
 * A boolean. Native on PostgreSQL (and MySQL's BOOLEAN alias); `BIT` on SQL Server;
 * `NUMBER(1)` holding 0/1 on Oracle and an integer 0/1 on SQLite. Always `boolean` in JavaScript.
 */
export class BooleanType extends SqlType<boolean> implements TypeOfKind<'boolean'> {
  readonly kind = 'boolean';
  readonly name = 'boolean';
}

/**
 * A JSON document of type `T`. `JSONB` on PostgreSQL, `JSON` on MySQL/MariaDB, text elsewhere.
 * Values are serialized with `JSON.stringify` on the way in and parsed on the way out
 * (PostgreSQL's driver parses on its own).
 *
 * `nullAsJson`: a `null` value is stored as the JSON document `null` rather than SQL NULL (SQL NULL
 * is still written by `nullValue()`, and by an INSERT that is not given the attribute). Both read
 * back as `null`.
 */
export class JsonType<T = unknown> extends SqlType<T> implements TypeOfKind<'json'> {
  readonly kind = 'json';
  readonly name = 'json';
  constructor(readonly nullAsJson = false) {
    super();
  }
  override get bindsNull(): boolean {
    return this.nullAsJson;
  }
}

/** Binary data as a `Buffer`. */
export class BinaryType extends SqlType<Buffer> implements TypeOfKind<'binary'> {
  readonly kind = 'binary';
  readonly name = 'binary';
  readonly length: number | undefined;
  constructor(length?: number) {
    super();
    this.length = typeSize('binary', 'length', length, 1);
  }
}

/**
 * An array of `item` values: a native array on PostgreSQL (`INTEGER[]`), a JSON document
 * elsewhere.
 */
export class ArrayType<T> extends SqlType<T[]> implements TypeOfKind<'array'> {
  readonly kind = 'array';
  readonly name: string;
  constructor(readonly item: SqlType<T>) {
    super();
    this.name = `array(${item.name})`;
  }
}

/**
 * A type written as SQL, the same on every database: for types Athanor has no name for
 * (`inet`, `tsvector`, `MEDIUMTEXT`). Values pass through the driver unchanged.
 */
export class CustomType<T = unknown> extends SqlType<T> implements TypeOfKind<'custom'> {
  readonly kind = 'custom';
  readonly name: string;
  constructor(
    readonly sql: string,
    private readonly customAffinity: TypeAffinity = 'other',
  ) {
    super();
    checkTypeText(sql);
    this.name = `custom(${sql})`;
  }
  override get affinity(): TypeAffinity {
    return this.customAffinity;
  }
}
