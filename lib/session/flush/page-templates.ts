import { InvalidValueError } from '../../errors';
import {
  bindProcessorOf,
  compile,
  Expression,
  type CompiledQuery,
  type Dialect,
  type Executable,
  type SchemaTranslateMap,
  type SqlType,
  type Table,
} from '../../sql';
import { schemaTranslation } from '../../sql/compiler/schema-translate';

/**
 * What the SQL text of a batch page depends on besides its values: pages with the same shape and
 * plain values (no NULL, no SQL expression) compile to the same text with the values bound in
 * row-major order, so the flush compiles a shape once and then only binds the next page's values.
 * @internal
 */
export interface PageShape {
  readonly table: Table;
  /** Statement kind, column keys, row count, RETURNING…: everything the text depends on. */
  readonly key: string;
  /** The bound values, row after row: `values[from]` up to `values[to - 1]` (no copy per page). */
  readonly values: readonly unknown[];
  readonly from: number;
  readonly to: number;
  /** The type of each value of a row (values[i] has types[i % types.length]). */
  readonly types: readonly (SqlType<unknown> | undefined)[];
}

/** A statement of a flush: built (and compiled) only when no compiled page of its shape can serve. */
export interface FlushStatement {
  build(): Executable;
  /** Set when the page's text depends only on its shape (its values are plain). */
  readonly shape?: PageShape;
}

/** Compiled shapes per table; a few per table, the least recently used goes first. */
const MAX_SHAPES_PER_TABLE = 16;
/** `null`: compiling the shape did not bind its values in row-major order; never re-used. */
const compiledShapes = new WeakMap<Table, Map<string, CompiledQuery | null>>();

/**
 * True when no value of `values[from]` … `values[to - 1]` makes the compiler write something else
 * than a placeholder (NULL, an SQL expression).
 */
export function plainValues(values: readonly unknown[], from = 0, to = values.length): boolean {
  for (let i = from; i < to; i++) {
    const v = values[i];
    if (v === null || v === undefined || (typeof v === 'object' && v instanceof Expression)) return false;
  }
  return true;
}

function boundValues(shape: PageShape, dialect: Dialect): unknown[] {
  const { values, from, types } = shape;
  const width = types.length;
  const procs = types.map((t) => (t === undefined ? undefined : bindProcessorOf(dialect.types, t)));
  const out = new Array<unknown>(shape.to - from);
  for (let i = 0, c = 0; i < out.length; i++, c = c + 1 === width ? 0 : c + 1) {
    const proc = procs[c];
    out[i] = proc === undefined ? values[from + i] : proc(values[from + i]);
  }
  return out;
}

function sameParams(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The compiled statement. A shaped statement whose shape was compiled before takes that text with
 * its own values bound (converted by their types as the compiler would); the first of a shape is
 * compiled in full and kept only when its parameters are exactly its values in row-major order,
 * so a dialect that writes anything value-dependent is never served a stale text.
 */
export function compileStatement(
  stmt: FlushStatement,
  dialect: Dialect,
  schemaTranslateMap?: SchemaTranslateMap,
): CompiledQuery {
  const options = schemaTranslateMap && { schemaTranslateMap };
  const shape = stmt.shape;
  if (shape === undefined) return compile(stmt.build(), dialect, options);
  // The text names the schema: a shape compiled under one translation never serves another.
  const translation = schemaTranslation(schemaTranslateMap);
  const key =
    translation === undefined
      ? `${dialect.name}|${shape.key}`
      : `${dialect.name}|${translation.key}|${shape.key}`;
  let byKey = compiledShapes.get(shape.table);
  const known = byKey?.get(key);
  if (known !== undefined && known !== null) {
    byKey!.delete(key);
    byKey!.set(key, known);
    try {
      return { ...known, params: boundValues(shape, dialect) };
    } catch (e) {
      // A refused value: compile in full, which names the column in the same error.
      if (!(e instanceof InvalidValueError)) throw e;
      return compile(stmt.build(), dialect, options);
    }
  }
  const compiled = compile(stmt.build(), dialect, options);
  if (known === null) return compiled;
  if (byKey === undefined) compiledShapes.set(shape.table, (byKey = new Map()));
  if (byKey.size >= MAX_SHAPES_PER_TABLE) byKey.delete(byKey.keys().next().value!);
  byKey.set(key, sameParams(compiled.params, boundValues(shape, dialect)) ? compiled : null);
  return compiled;
}
