import { ArgumentError } from '../../errors';

/**
 * The `schemaTranslateMap` execution option: schema names as the tables and sequences declare
 * them → the schema the SQL names instead. A plain object uses the key `null` (written
 * `{ null: 'tenant_a' }`, which JavaScript stores as the string `'null'`) for tables declared
 * without a schema; a `Map` takes the `null` key itself, and so can also translate a schema
 * actually called `'null'`. A value of `null` writes the table without a schema.
 *
 * @example createEngine(url, { executionOptions: { schemaTranslateMap: { null: 'tenant_a', app: 'app_v2' } } })
 */
export type SchemaTranslateMap =
  Readonly<Record<string, string | null>> | ReadonlyMap<string | null, string | null>;

/**
 * A checked `SchemaTranslateMap`, made once per map object: what the compilers ask, and the key
 * that keeps statements compiled under one map apart from those compiled under another.
 * @internal
 */
export interface SchemaTranslation {
  /** The same for two maps that translate alike (entries in any order). */
  readonly key: string;
  /** The schema to write for a table declared in `schema` (undefined: none). */
  translate(schema: string | undefined): string | undefined;
}

const checked = new WeakMap<object, SchemaTranslation | undefined>();

function entriesOf(map: SchemaTranslateMap): [string | null, unknown][] {
  if (map instanceof Map)
    return [...(map as ReadonlyMap<unknown, unknown>)].map(([k, v]) => [k as string | null, v]);
  return Object.entries(map).map(([k, v]) => [k === 'null' ? null : k, v]);
}

function build(map: SchemaTranslateMap): SchemaTranslation | undefined {
  if (typeof map !== 'object' || map === null) {
    throw new ArgumentError(
      `schemaTranslateMap must be an object or a Map of schema names, got ${String(map)}`,
    );
  }
  const table = new Map<string | null, string | null>();
  for (const [from, to] of entriesOf(map)) {
    if (from !== null && typeof from !== 'string') {
      throw new ArgumentError(`schemaTranslateMap: key ${String(from)} is not a schema name or null`);
    }
    if (to !== null && (typeof to !== 'string' || to === '')) {
      throw new ArgumentError(
        `schemaTranslateMap: '${String(from)}' must map to a schema name or null, got ${JSON.stringify(to)}`,
      );
    }
    // An entry that changes nothing is left out, so it cannot split the statement cache.
    if (from !== to) table.set(from, to);
  }
  if (table.size === 0) return undefined;
  const key = JSON.stringify([...table].sort(([a], [b]) => String(a).localeCompare(String(b))));
  return Object.freeze({
    key,
    translate(schema: string | undefined): string | undefined {
      const from = schema ?? null;
      if (!table.has(from)) return schema;
      return table.get(from) ?? undefined;
    },
  });
}

/**
 * The translation of `map` (undefined when there is none or it changes nothing). Checked once per
 * map object; a bad entry raises `ArgumentError` naming it.
 * @internal
 */
export function schemaTranslation(map: SchemaTranslateMap | undefined): SchemaTranslation | undefined {
  if (map === undefined || map === null) return undefined;
  if (typeof map === 'object' && checked.has(map)) return checked.get(map);
  const translation = build(map);
  checked.set(map, translation);
  return translation;
}

/** Options of one compilation. */
export interface CompileOptions {
  /** Renames schemas in the SQL (see `SchemaTranslateMap`). */
  readonly schemaTranslateMap?: SchemaTranslateMap;
}
