import { ConfigurationError } from '../errors';
import {
  column,
  table,
  types,
  Column,
  type ColumnDef,
  type ForeignKeyTarget,
  type MetaData,
  type SqlType,
  type Table,
  type TableOptions,
} from '../sql';
import type { ColumnDeclaration, EntityDeclaration, TableDeclaration } from './declaration';
import { declaredMapper } from './mapper-lookup';
import type { Mapper } from './mapper-types';

/** The SQL type a `design:type` stands for, or undefined when it cannot say. */
function typeFromDesign(designType: unknown): SqlType<unknown> | undefined {
  switch (designType) {
    case Number:
      return types.integer();
    case String:
      return types.string();
    case Boolean:
      return types.boolean();
    case Date:
      return types.dateTime();
    case BigInt:
      return types.bigInteger();
    default:
      return undefined;
  }
}

function designName(designType: unknown): string {
  if (designType === undefined) return 'nothing (no reflect-metadata?)';
  return typeof designType === 'function' ? designType.name : String(designType);
}

/** @internal The column type of a declared column, from `type` or `design:type`. */
export function columnType(
  owner: string,
  key: string,
  decl: ColumnDeclaration & { designType?: unknown },
): SqlType<unknown> {
  if (decl.type !== undefined) return decl.type as SqlType<unknown>;
  if (decl.version === true) return types.integer();
  const inferred = typeFromDesign(decl.designType);
  if (inferred !== undefined) return inferred;
  throw new ConfigurationError(
    `${owner}.${key}: cannot infer the column type from its TypeScript type (design:type is ${designName(decl.designType)}: ` +
      `unions, object, array and any types do not say); pass one, e.g. @Column({ type: types.string(100) })`,
  );
}

/** Resolves a foreign key target that may name a mapped class to a Core target. */
function foreignKeyTarget(
  owner: string,
  key: string,
  target: ColumnDeclaration['foreignKey'],
): ForeignKeyTarget | undefined {
  if (target === undefined || typeof target === 'string' || target instanceof Column) return target;
  const thunk = target as () => unknown;
  return () => {
    const value = thunk();
    if (value instanceof Column) return value;
    const mapper = typeof value === 'function' ? declaredMapper(value) : undefined;
    if (mapper === undefined) {
      throw new ConfigurationError(
        `${owner}.${key}: foreignKey must return a mapped class or a column, got ${describe(value)}; ` +
          `check the class is decorated with @Table and not undefined because of a circular import`,
      );
    }
    const pk = mapper.table.primaryKey;
    if (pk.length !== 1) {
      throw new ConfigurationError(
        `${owner}.${key}: foreignKey: () => ${mapper.name} needs a single-column primary key, but ${mapper.name} has ${pk.length}; ` +
          `declare a composite foreign key in @Table(..., { foreignKeys: [...] })`,
      );
    }
    return pk[0]!;
  };
}

/** @internal */
export function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return `class ${value.name || '(anonymous)'}`;
  return typeof value;
}

/**
 * A Core column definition for a `@Column`. Unlike Core's `column()`, a mapped column is NOT NULL
 * unless it says `nullable: true` (TypeScript's `string | null` is invisible at run time), except
 * for a single-table subclass's own columns: the other classes' rows leave them empty.
 */
function columnDef(
  owner: string,
  key: string,
  decl: ColumnDeclaration & { designType?: unknown },
  sharedBySubclass: boolean,
): ColumnDef<unknown> {
  const {
    type: _t,
    version: _v,
    deferred: _d,
    foreignKey,
    ...rest
  } = decl as ColumnDeclaration & { designType?: unknown };
  delete (rest as { designType?: unknown }).designType;
  const options = {
    ...rest,
    nullable: decl.nullable ?? (sharedBySubclass ? true : false),
    foreignKey: foreignKeyTarget(owner, key, foreignKey),
    ...versionColumnOptions(decl),
  };
  return column(columnType(owner, key, decl), options as never) as ColumnDef<unknown>;
}

/** What a version option adds to the column: a counter starts at 1, a generator at `next(undefined)`. */
function versionColumnOptions(decl: ColumnDeclaration): Partial<ColumnDeclaration> {
  const version = decl.version;
  if (version === true) return { nullable: decl.nullable ?? false, default: decl.default ?? 1 };
  if (typeof version === 'function') {
    return { nullable: decl.nullable ?? false, default: decl.default ?? (() => version(undefined)) };
  }
  return {};
}

/** The mappers whose columns live in `mapper`'s table: itself and its single-table descendants. */
export function tableSharers(mapper: Mapper<object>): Mapper<object>[] {
  return [mapper, ...mapper.subMappers.filter((m) => m.inheritance === 'single').flatMap(tableSharers)];
}

function mergedTableOptions(
  sharers: Mapper<object>[],
): Pick<TableDeclaration, 'indexes' | 'uniques' | 'checks' | 'foreignKeys'> {
  const decls = sharers.map((m) => m.declaration.table);
  return {
    indexes: decls.flatMap((d) => d.indexes ?? []),
    uniques: decls.flatMap((d) => d.uniques ?? []),
    checks: decls.flatMap((d) => d.checks ?? []),
    foreignKeys: decls.flatMap((d) => d.foreignKeys ?? []),
  };
}

/**
 * @internal Builds the Core table of `mapper` (a root or a joined-inheritance subclass) with the
 * columns of every class sharing it. A joined subclass gets primary key columns referring to its
 * parent's, unless it declares them.
 */
export function buildTable(
  mapper: Mapper<object>,
  metadata: MetaData,
  owners: Map<string, Mapper<object>>,
): Table {
  const decl: EntityDeclaration = mapper.declaration;
  const name = decl.table.name!;
  const fullName = decl.table.schema === undefined ? name : `${decl.table.schema}.${name}`;
  const previous = owners.get(fullName);
  if (previous !== undefined || metadata.tables.has(fullName)) {
    const who = previous === undefined ? 'another table of registry.metadata' : `class ${previous.name}`;
    throw new ConfigurationError(
      `${mapper.name}: table name '${fullName}' is already used by ${who}; give @Table a different name`,
    );
  }
  const sharers = tableSharers(mapper);
  const defs: Record<string, ColumnDef<unknown>> = {};
  const seen = new Map<string, string>();
  if (decl.table.inheritCondition !== undefined && mapper.inheritance !== 'joined') {
    throw new ConfigurationError(
      `${mapper.name}: inheritCondition is for a joined-inheritance subclass (a subclass of a mapped class with a table of its own)`,
    );
  }
  // With an inheritCondition the subclass table declares its own key and the columns that join.
  if (mapper.inheritance === 'joined' && decl.table.inheritCondition === undefined) {
    const parentPk = mapper.inherits!.primaryKeyProps;
    for (const prop of parentPk) {
      if (decl.columns.has(prop.key)) continue;
      const parentCol = prop.column;
      defs[prop.key] = column(parentCol.sqlType, {
        primaryKey: true,
        autoincrement: false,
        name: parentCol.name,
        foreignKey: parentCol,
        onDelete: 'CASCADE',
        // With passive updates (the default) the database carries a primary key change from
        // the base table to this one.
        ...(mapper.passiveUpdates ? { onUpdate: 'CASCADE' as const } : {}),
      }) as ColumnDef<unknown>;
    }
  }
  for (const sharer of sharers) {
    for (const [key, colDecl] of sharer.declaration.columns) {
      const other = seen.get(key);
      if (other !== undefined) {
        throw new ConfigurationError(
          `${sharer.name}.${key}: column '${key}' is also declared by ${other}, which shares table '${fullName}'; rename one`,
        );
      }
      seen.set(key, sharer.name);
      defs[key] = columnDef(sharer.name, key, colDecl, sharer !== mapper);
    }
  }
  const extra = mergedTableOptions(sharers);
  const known = (what: string, keys: readonly string[]): void => {
    for (const k of keys) {
      if (!(k in defs)) {
        throw new ConfigurationError(
          `${mapper.name}: ${what} names '${k}', which is not a column of table '${fullName}'; use property keys of @Column properties`,
        );
      }
    }
  };
  extra.indexes?.forEach((ix) =>
    known(
      'an index',
      ix.columns.filter((k): k is string => typeof k === 'string'),
    ),
  );
  extra.uniques?.forEach((u) => known('a unique constraint', u.columns));
  extra.foreignKeys?.forEach((fk) => known('a foreign key', fk.columns));
  const options: TableOptions = {
    metadata,
    schema: decl.table.schema,
    indexes: extra.indexes,
    uniques: extra.uniques,
    checks: extra.checks,
    comment: decl.table.comment,
    renamedFrom: decl.table.renamedFrom,
    sqlite: decl.table.sqlite,
    foreignKeys: extra.foreignKeys?.map((fk) => ({
      name: fk.name,
      columns: fk.columns,
      onDelete: fk.onDelete,
      onUpdate: fk.onUpdate,
      references:
        typeof fk.references === 'function'
          ? fk.columns.map(
              (_, i) => () => compositeTarget(mapper, fk.references as () => unknown, i, fk.columns.length),
            )
          : fk.references,
    })),
  };
  try {
    const t = table(name, defs, options);
    owners.set(fullName, mapper);
    return t;
  } catch (e) {
    if (e instanceof ConfigurationError)
      throw new ConfigurationError(`${mapper.name}: ${e.message}`, { cause: e });
    throw e;
  }
}

function compositeTarget(
  owner: Mapper<object>,
  thunk: () => unknown,
  i: number,
  count: number,
): Column<unknown> {
  const value = thunk();
  const target = typeof value === 'function' ? declaredMapper(value) : undefined;
  if (target === undefined) {
    throw new ConfigurationError(
      `${owner.name}: a composite foreign key must reference a mapped class, got ${describe(value)}`,
    );
  }
  const pk = target.table.primaryKey;
  if (pk.length !== count) {
    throw new ConfigurationError(
      `${owner.name}: a composite foreign key has ${count} columns but ${target.name}'s primary key has ${pk.length}`,
    );
  }
  return pk[i]!;
}
