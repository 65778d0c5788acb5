import type { CompiledQuery, DialectName, SqlType, ValueProcessor } from '../sql';
import type { RawRow } from './driver';

/** Converts a raw row in place and returns it. */
export type RowConverter = (row: RawRow) => RawRow;

const processorCache = new WeakMap<SqlType<unknown>, Map<DialectName, ValueProcessor | undefined>>();
/**
 * Keyed by the result-column array rather than the query: the statement cache hands every query of
 * one shape the same (frozen) array, so a converter is built once per shape, not once per query.
 */
const converterCache = new WeakMap<CompiledQuery['columns'], Map<DialectName, RowConverter | undefined>>();

function processorOf(type: SqlType<unknown>, dialect: DialectName): ValueProcessor | undefined {
  let byDialect = processorCache.get(type);
  if (byDialect === undefined) processorCache.set(type, (byDialect = new Map()));
  if (!byDialect.has(dialect)) byDialect.set(dialect, type.resultProcessor(dialect));
  return byDialect.get(dialect);
}

/**
 * The row converter of a compiled query: built once per result-column list (and cached on it),
 * applying only the processors that exist, so rows of columns needing no conversion cost nothing.
 * @internal
 */
export function rowConverter(compiled: CompiledQuery, dialect: DialectName): RowConverter | undefined {
  const columns = compiled.outBinds ?? compiled.columns;
  let byDialect = converterCache.get(columns);
  if (byDialect?.has(dialect)) return byDialect.get(dialect);
  const converter = build(columns, dialect);
  if (byDialect === undefined) converterCache.set(columns, (byDialect = new Map()));
  byDialect.set(dialect, converter);
  return converter;
}

function build(columns: CompiledQuery['columns'], dialect: DialectName): RowConverter | undefined {
  const names: string[] = [];
  const fns: ValueProcessor[] = [];
  for (const col of columns) {
    const fn = col.type === undefined ? undefined : processorOf(col.type, dialect);
    if (fn !== undefined) {
      names.push(col.name);
      fns.push(fn);
    }
  }
  const n = names.length;
  if (n === 0) return undefined;
  // One function per column list, with each column named as a literal: the property accesses are
  // then monomorphic on the driver's row shape, where a loop over names (keyed accesses, calls
  // through an array) stays generic. The names are JSON-quoted, so any column name is safe.
  const body = names.map((name, i) => `row[${JSON.stringify(name)}] = f${i}(row[${JSON.stringify(name)}]);`);
  const make = new Function(
    ...fns.map((_, i) => `f${i}`),
    `return (row) => { ${body.join(' ')} return row; };`,
  );
  return make(...fns) as RowConverter;
}

/** Converts every row of `rows` in place. @internal */
export function convertRows(rows: RawRow[], convert: RowConverter | undefined): RawRow[] {
  if (convert !== undefined) for (let i = 0; i < rows.length; i++) convert(rows[i]!);
  return rows;
}
