import { MappedSelectableError } from '../errors';
import { Column, Subquery, type Table, type TableJoin } from '../sql';
import { subqueryTableColumns } from '../sql/statements/subquery';
import type { ColumnDeclaration, VersionOption } from './declaration';
import { deferral } from './deferred';
import type { ColumnProperty, Mapper } from './mapper-types';
import { declaredMapperKey } from './mapper-key';

// A class mapped to a subquery or a join of tables reads through that FROM item and writes each
// attribute to the table of its column. The attribute's `column` is what queries read (a column
// of the subquery, standing for its table column; or the table column itself in a join) and its
// `columns` are the table columns the flush writes, so the flush sees the tables as it sees the
// tables of joined-table inheritance.

/** The declaration options that belong to a table's DDL, which a mapped selectable's tables own. */
const TABLE_ONLY = [
  'type',
  'primaryKey',
  'nullable',
  'unique',
  'index',
  'foreignKey',
  'serverDefault',
  'autoincrement',
];

interface Source {
  readonly tables: readonly Table[];
  /** Table column → the column queries read it as; absent when the selectable does not read it. */
  readonly readAs: ReadonlyMap<Column<unknown>, Column<unknown>>;
  /** The columns a property key may name (several when ambiguous). */
  byKey(key: string): Column<unknown>[];
}

function subquerySource(m: Mapper<object>, sq: Subquery<unknown>): Source {
  const outputs = subqueryTableColumns(sq);
  if (outputs === undefined) {
    throw new MappedSelectableError(
      `${m.name}: mappedTo is a compound query (UNION, …); the flush cannot tell which table a row belongs to. Map a single SELECT`,
      m.name,
      undefined,
    );
  }
  const readAs = new Map<Column<unknown>, Column<unknown>>();
  const tables: Table[] = [];
  const byName = new Map<string, Column<unknown>>();
  for (const { name, column: base } of outputs) {
    if (base === undefined) continue;
    // A column of the derived table that still knows its table: what flush and identity need.
    const read = new Column<unknown>(name, name, base.sqlType, base.table, sq.node, base.options, base);
    if (!readAs.has(base)) readAs.set(base, read);
    byName.set(name, base);
    if (!tables.includes(base.table)) tables.push(base.table);
  }
  const expressions = new Set(outputs.filter((o) => o.column === undefined).map((o) => o.name));
  return {
    tables,
    readAs,
    byKey: (key) => {
      const base = byName.get(key);
      if (base !== undefined) return [base];
      if (expressions.has(key)) {
        throw new MappedSelectableError(
          `${m.name}.${key}: column '${key}' of the mapped select is an expression, not a column of a table, so the flush could not write it; ` +
            `map it with @ExpressionProperty or leave it out`,
          m.name,
          key,
        );
      }
      return [];
    },
  };
}

function joinSource(j: TableJoin): Source {
  // The attribute reads its table's column through the join, so a query of attributes alone
  // selects FROM the join (not from each table apart).
  const through = (c: Column<unknown>): Column<unknown> =>
    new Column<unknown>(c.key, c.name, c.sqlType, c.table, c.table.node, c.options, c, j.fromNode);
  return {
    tables: j.tables,
    readAs: new Map(j.columns.map((c) => [c, through(c)])),
    byKey: (key) => j.columns.filter((c) => c.key === key),
  };
}

function resolveColumns(
  m: Mapper<object>,
  source: Source,
  key: string,
  decl: ColumnDeclaration,
): Column<unknown>[] {
  const given = decl.mapsTo;
  if (given !== undefined) {
    const list: Column<unknown>[] = given instanceof Column ? [given] : [...given];
    if (list.length === 0)
      throw new MappedSelectableError(`${m.name}.${key}: mapsTo names no column`, m.name, key);
    return list.map((c) => {
      const base = c.base;
      if (!source.readAs.has(base)) {
        throw new MappedSelectableError(
          `${m.name}.${key}: mapsTo names ${base.toString()}, which the select or join ${m.name} is mapped to does not read as it is`,
          m.name,
          key,
        );
      }
      return base;
    });
  }
  const name = decl.name ?? key;
  const found = source.byKey(name);
  if (found.length === 1) return found;
  throw new MappedSelectableError(
    found.length === 0
      ? `${m.name}.${key}: the select or join ${m.name} is mapped to has no column '${name}'; name one with @Column({ mapsTo: table.c.column })`
      : `${m.name}.${key}: '${name}' is a column of several tables of the join (${found.map(String).join(', ')}); ` +
          `say which with @Column({ mapsTo: … }) (a list when the join holds them equal)`,
    m.name,
    key,
  );
}

function versionDefault(option: VersionOption | undefined): unknown {
  if (option === true) return 1;
  if (typeof option === 'function') return () => (option as (c: unknown) => unknown)(undefined);
  return undefined;
}

/** The position of a table column in the mapped tables, for ordering the primary key. */
function position(tables: readonly Table[], col: Column<unknown>): number {
  return tables.indexOf(col.table) * 10_000 + col.table.columns.indexOf(col);
}

/**
 * @internal Configures `m` (declared with `mappedTo`): its tables, column attributes and primary
 * key — the columns of each table's primary key, in table order, as SQLAlchemy's mapper takes
 * the primary key of a join. Returns the version attribute, if any.
 */
export function configureMappedSelectable(m: Mapper<object>): ColumnProperty | undefined {
  const target = m.declaration.table.mappedTo!;
  const source = target instanceof Subquery ? subquerySource(m, target) : joinSource(target);
  if (source.tables.length === 0) {
    throw new MappedSelectableError(`${m.name}: mappedTo reads no column of a table`, m.name, undefined);
  }
  const mapperKey = declaredMapperKey(m, [...m.declaration.columns.keys()]);
  const props: ColumnProperty[] = [];
  const owner = new Map<Column<unknown>, string>();
  let version: ColumnProperty | undefined;
  for (const [key, decl] of m.declaration.columns) {
    const ddl = TABLE_ONLY.find((o) => (decl as Record<string, unknown>)[o] !== undefined);
    if (ddl !== undefined) {
      throw new MappedSelectableError(
        `${m.name}.${key}: '${ddl}' is an option of a table's column; ${m.name} is mapped to Core tables, which declare it`,
        m.name,
        key,
      );
    }
    const columns = resolveColumns(m, source, key, decl);
    for (const c of columns) {
      const other = owner.get(c);
      if (other !== undefined) {
        throw new MappedSelectableError(
          `${m.name}.${key}: ${c.toString()} is already mapped by ${m.name}.${other}; one attribute per column`,
          m.name,
          key,
        );
      }
      owner.set(c, key);
    }
    const isVersion = decl.version !== undefined && decl.version !== false;
    const read = source.readAs.get(columns[0]!)!;
    const prop: ColumnProperty = {
      key,
      column: read,
      columns,
      isPrimaryKey: mapperKey === undefined ? columns.some((c) => c.primaryKey) : mapperKey.includes(key),
      isVersion,
      default: decl.default ?? versionDefault(decl.version) ?? columns[0]!.default,
      declaredBy: m,
      ...deferral(m, key, read, decl.deferred, isVersion),
    };
    if (isVersion) {
      if (version !== undefined) {
        throw new MappedSelectableError(
          `${m.name}.${key}: ${m.name}.${version.key} is already the version column; keep one`,
          m.name,
          key,
        );
      }
      version = prop;
    }
    props.push(prop);
  }
  if (mapperKey === undefined) {
    for (const t of source.tables) {
      for (const c of t.primaryKey) {
        if (!owner.has(c)) {
          throw new MappedSelectableError(
            `${m.name}: the primary key column ${c.toString()} is not mapped, so the flush could not find its rows; ` +
              `map it with @Column({ mapsTo: … })`,
            m.name,
            undefined,
          );
        }
      }
    }
  }
  m.table = source.tables[0]!;
  m.tables = source.tables;
  m.selectable = target;
  m.columnProps = props;
  for (const p of props) m.columnPropsByKey.set(p.key, p);
  const pkProps = (p: ColumnProperty): number =>
    Math.min(...p.columns.filter((c) => c.primaryKey).map((c) => position(source.tables, c)));
  m.primaryKeyProps =
    mapperKey === undefined
      ? props.filter((p) => p.isPrimaryKey).sort((a, b) => pkProps(a) - pkProps(b))
      : mapperKey.map((k) => m.columnPropsByKey.get(k)!);
  if (m.primaryKeyProps.length === 0) {
    throw new MappedSelectableError(
      `${m.name}: the tables of mappedTo have no primary key; name the attributes that identify a row with @Table({ primaryKey })`,
      m.name,
      undefined,
    );
  }
  return version;
}
