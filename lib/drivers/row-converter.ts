import {
  resultProcessorOf,
  type CompiledQuery,
  type SqlType,
  type TypeRenderer,
  type ValueProcessor,
} from '../sql';
import type { RawRow } from './driver';

/** Converts a raw row in place and returns it. */
export type RowConverter = (row: RawRow) => RawRow;

const processorCache = new WeakMap<SqlType<unknown>, Map<TypeRenderer, ValueProcessor | undefined>>();
/**
 * Keyed by the result-column array rather than the query: the statement cache hands every query of
 * one shape the same (frozen) array, so a converter is built once per shape, not once per query.
 */
const converterCache = new WeakMap<CompiledQuery['columns'], Map<TypeRenderer, RowConverter | undefined>>();

function processorOf(type: SqlType<unknown>, types: TypeRenderer): ValueProcessor | undefined {
  let byRenderer = processorCache.get(type);
  if (byRenderer === undefined) processorCache.set(type, (byRenderer = new Map()));
  if (!byRenderer.has(types)) byRenderer.set(types, resultProcessorOf(types, type));
  return byRenderer.get(types);
}

/**
 * The row converter of a compiled query: built once per result-column list (and cached on it),
 * applying only the processors that exist, so rows of columns needing no conversion cost nothing.
 * @internal
 */
export function rowConverter(compiled: CompiledQuery, types: TypeRenderer): RowConverter | undefined {
  const columns = compiled.outBinds ?? compiled.columns;
  let byRenderer = converterCache.get(columns);
  if (byRenderer?.has(types)) return byRenderer.get(types);
  const converter = build(columns, types);
  if (byRenderer === undefined) converterCache.set(columns, (byRenderer = new Map()));
  byRenderer.set(types, converter);
  return converter;
}

function build(columns: CompiledQuery['columns'], types: TypeRenderer): RowConverter | undefined {
  const names: string[] = [];
  const fns: ValueProcessor[] = [];
  for (const col of columns) {
    const fn = col.type === undefined ? undefined : processorOf(col.type, types);
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
