import type { Connection } from '../drivers';
import {
  resultProcessorOf,
  type CompiledQuery,
  type ResultColumn,
  type TypeRenderer,
  type ValueProcessor,
} from '../sql';

/**
 * Result values converted by the ORM itself, item by item, instead of by the connection for every
 * column of every row: a row that repeats an object already read (a joined collection repeats its
 * parent's columns once per child) is never converted at all.
 */

/** Converts some columns of a raw row in place. @internal */
export type ColumnsConverter = (row: Record<string, unknown>) => void;

/** The result processors of a column list for one dialect's types, by column position. @internal */
export type ColumnProcessors = readonly (ValueProcessor | undefined)[];

const untypedOf = new WeakMap<CompiledQuery['columns'], readonly ResultColumn[]>();
const processorsOf = new WeakMap<CompiledQuery['columns'], Map<TypeRenderer, ColumnProcessors>>();

/** The rows of a select as the driver returned them, and the types that convert their values. @internal */
export interface RowsToConvert {
  readonly rows: readonly Record<string, unknown>[];
  /** The dialect's types the values are converted by; undefined when the rows are converted already. */
  readonly types: TypeRenderer | undefined;
}

/**
 * Runs `compiled` on `conn` as a statement whose result columns carry no type, so the connection
 * converts nothing: the ORM converts what it reads (see `columnProcessors`). The statement's SQL
 * and parameters are unchanged. A statement with out-binds runs as it is.
 * @internal
 */
export async function executeToConvert(conn: Connection, compiled: CompiledQuery): Promise<RowsToConvert> {
  if (compiled.outBinds !== undefined) {
    return { rows: (await conn.executeCompiled<Record<string, unknown>>(compiled)).rows, types: undefined };
  }
  let columns = untypedOf.get(compiled.columns);
  if (columns === undefined) {
    columns = Object.freeze(compiled.columns.map((c) => Object.freeze({ name: c.name, type: undefined })));
    untypedOf.set(compiled.columns, columns);
  }
  // The properties in compiledFromTemplate()'s order: the runner and drivers see one shape.
  const bare: CompiledQuery = Object.freeze({
    sql: compiled.sql,
    params: compiled.params,
    columns,
    statementKind: compiled.statementKind,
    returnsRows: compiled.returnsRows,
    summary: compiled.summary,
  });
  const result = await conn.executeCompiled<Record<string, unknown>>(bare);
  return { rows: result.rows, types: conn.dialect.types };
}

/** The processor converting each result column of `columns` (undefined: none needed). @internal */
export function columnProcessors(columns: CompiledQuery['columns'], types: TypeRenderer): ColumnProcessors {
  let byTypes = processorsOf.get(columns);
  if (byTypes === undefined) processorsOf.set(columns, (byTypes = new Map()));
  let procs = byTypes.get(types);
  if (procs === undefined) {
    procs = columns.map((c) => (c.type === undefined ? undefined : resultProcessorOf(types, c.type)));
    byTypes.set(types, procs);
  }
  return procs;
}

/** How the columns of one entity item of a result are converted: its key columns, then the rest. @internal */
export interface EntityConverters {
  /** Converts the primary key columns (what the identity key is made of); undefined: none need it. */
  readonly key: ColumnsConverter | undefined;
  /** Converts the item's other columns, read only when the row is hydrated or refreshed. */
  readonly rest: ColumnsConverter | undefined;
}

const NO_CONVERSION: EntityConverters = Object.freeze({ key: undefined, rest: undefined });

const entityConvertersOf = new WeakMap<ColumnProcessors, Map<string, EntityConverters>>();

/**
 * The converters of the entity item whose columns are `names[from]` to `names[from + width - 1]`,
 * its primary key at `keyNames`; made once per result column list, dialect and item.
 * @internal
 */
export function entityConverters(
  names: readonly string[],
  procs: ColumnProcessors,
  from: number,
  width: number,
  keyNames: readonly unknown[],
): EntityConverters {
  let byItem = entityConvertersOf.get(procs);
  if (byItem === undefined) entityConvertersOf.set(procs, (byItem = new Map()));
  const id = `${from}:${width}`;
  let found = byItem.get(id);
  if (found === undefined) {
    const key: number[] = [];
    const rest: number[] = [];
    for (let i = from; i < from + width; i++) (keyNames.includes(names[i]) ? key : rest).push(i);
    const k = columnsConverter(names, procs, key);
    const r = columnsConverter(names, procs, rest);
    found = k === undefined && r === undefined ? NO_CONVERSION : { key: k, rest: r };
    byItem.set(id, found);
  }
  return found;
}

/**
 * An in-place converter of the columns at `positions` (those with a processor), or undefined when
 * none needs one. One generated function naming each column as a literal: the row accesses stay
 * monomorphic on the driver's row shape (as the connection's own row converter does).
 */
function columnsConverter(
  names: readonly string[],
  procs: ColumnProcessors,
  positions: readonly number[],
): ColumnsConverter | undefined {
  const fns: ValueProcessor[] = [];
  const body: string[] = [];
  for (const i of positions) {
    const fn = procs[i];
    if (fn === undefined) continue;
    const at = `row[${JSON.stringify(names[i]!)}]`;
    body.push(`${at} = f${fns.length}(${at});`);
    fns.push(fn);
  }
  if (fns.length === 0) return undefined;
  const make = new Function(...fns.map((_, k) => `f${k}`), `return (row) => { ${body.join(' ')} };`);
  return make(...fns) as ColumnsConverter;
}
