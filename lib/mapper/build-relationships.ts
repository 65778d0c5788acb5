import { ConfigurationError, emitAthanorWarning } from '../errors';
import { column, Table, type Column, type ForeignKey, type MetaData } from '../sql';
import type { CascadeName, RelationshipDeclaration } from './declaration';
import { describe } from './build-tables';
import { declaredMapper } from './mapper-lookup';
import { resolvePrimaryJoin } from './primary-join';
import type {
  CascadeSet,
  JoinCriterion,
  Mapper,
  RelationshipDirection,
  RelationshipOrder,
  RelationshipProperty,
  SyncPair,
} from './mapper-types';
import { RelationshipPropertyImpl } from './relationship-property';

const CASCADES = ['save-update', 'merge', 'delete', 'delete-orphan', 'refresh-expire', 'expunge'] as const;
type Cascade = (typeof CASCADES)[number];
const ALL: readonly Cascade[] = ['save-update', 'merge', 'refresh-expire', 'expunge', 'delete'];
/** What a view-only relationship keeps of its cascades: none of those that write. */
const VIEWONLY_CASCADES: ReadonlySet<Cascade> = new Set(['merge', 'refresh-expire', 'expunge']);

/** Context shared by the relationships of one `configure()` run. */
export interface RelationshipContext {
  readonly metadata: MetaData;
  /** Association tables this registry created: table → [relationship that created it, parent-side FK]. */
  readonly createdSecondaries: Map<Table, { owner: string; parentFk: ForeignKey }>;
  /** Is `fk` the link of a joined-inheritance subclass table to its parent's? */
  isInheritanceFk(fk: ForeignKey): boolean;
}

function asList(value: string | readonly string[] | undefined): readonly string[] {
  return value === undefined ? [] : typeof value === 'string' ? [value] : value;
}

/**
 * The cascades named by a `cascade:` option, as SQLAlchemy reads them: `'all'` adds every one but
 * delete-orphan, `'none'` clears the list, a view-only relationship keeps only those that do not
 * write. Unknown names are refused all at once; delete-orphan without delete warns.
 */
export function parseCascade(
  where: string,
  value: readonly CascadeName[] | string | undefined,
  viewonly = false,
): CascadeSet {
  const names =
    value === undefined
      ? viewonly
        ? ['merge']
        : ['save-update', 'merge']
      : typeof value === 'string'
        ? value
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : [...value];
  const unknown = [...new Set(names)]
    .filter((n) => n !== 'all' && n !== 'none' && !(CASCADES as readonly string[]).includes(n))
    .sort();
  if (unknown.length) {
    throw new ConfigurationError(
      `${where}: invalid cascade option(s): ${unknown.map((n) => `'${n}'`).join(', ')}; use any of all, none, ${CASCADES.join(', ')}`,
    );
  }
  let out = new Set<Cascade>();
  for (const name of names) {
    if (name === 'all') ALL.forEach((c) => out.add(c));
    else if (name !== 'none') out.add(name as Cascade);
  }
  if (names.includes('none')) out.clear();
  if (out.has('delete-orphan') && !out.has('delete')) {
    emitAthanorWarning(
      `${where}: the 'delete-orphan' cascade option requires 'delete'; add 'delete' (or use 'all, delete-orphan')`,
    );
  }
  if (viewonly) out = new Set([...out].filter((c) => VIEWONLY_CASCADES.has(c)));
  return out;
}

function targetMapper(parent: Mapper<object>, key: string, decl: RelationshipDeclaration): Mapper<object> {
  let value: unknown;
  try {
    value = decl.target();
  } catch (e) {
    throw new ConfigurationError(`${parent.name}.${key}: the target thunk threw: ${(e as Error).message}`, {
      cause: e,
    });
  }
  const target = typeof value === 'function' ? declaredMapper(value) : undefined;
  if (target === undefined) {
    throw new ConfigurationError(
      `${parent.name}.${key}: unknown relationship target (${describe(value)}); the thunk must return a class decorated with @Table` +
        (value === undefined
          ? ' (undefined usually means a circular import: keep the () => Target thunk)'
          : ''),
    );
  }
  if (target.registry !== parent.registry) {
    throw new ConfigurationError(
      `${parent.name}.${key}: target ${target.name} is mapped in another registry; map both classes in the same registry`,
    );
  }
  return target;
}

/** Finds a column by property key on a mapper (its column props) or by key on a table. */
function columnsByKey(
  where: string,
  keys: readonly string[],
  mappers: Mapper<object>[],
  what: string,
): Column<unknown>[] {
  return keys.map((k) => {
    for (const m of mappers) {
      const prop = m.columnPropsByKey.get(k);
      if (prop !== undefined) return prop.column;
    }
    throw new ConfigurationError(
      `${where}: ${what} '${k}' is not a column property of ${mappers.map((m) => m.name).join(' or ')}`,
    );
  });
}

function fkLabel(fk: ForeignKey): string {
  return fk.columns.map((c) => `${c.table.fullName}.${c.name}`).join(', ');
}

function pairsOf(fk: ForeignKey): SyncPair[] {
  return fk.columns.map((dest, i) => ({ source: fk.referredColumns[i]!, dest }));
}

/** Pairs of a key from the target's table to the secondary: the target's column is the source. */
function reversePairsOf(fk: ForeignKey): SyncPair[] {
  return fk.columns.map((source, i) => ({ source, dest: fk.referredColumns[i]! }));
}

/** The foreign keys of the target's tables that refer to `secondary`. */
function keysFromTargetTo(target: Mapper<object>, secondary: Table): ForeignKey[] {
  return target.tables.flatMap((t) => t.foreignKeys.filter((fk) => fk.referredTable === secondary));
}

function resolveSecondary(
  where: string,
  parent: Mapper<object>,
  target: Mapper<object>,
  secondary: NonNullable<RelationshipDeclaration['options']['secondary']>,
  ctx: RelationshipContext,
): Table {
  if (secondary instanceof Table) return secondary;
  if (typeof secondary === 'function') {
    const value = (secondary as () => unknown)();
    const assoc = typeof value === 'function' ? declaredMapper(value) : undefined;
    if (assoc === undefined) {
      throw new ConfigurationError(
        `${where}: secondary must return an association entity class, got ${describe(value)}`,
      );
    }
    return assoc.table;
  }
  const existing = ctx.metadata.tables.get(secondary);
  if (existing !== undefined) return existing;
  // Create the association table: one FK column per primary key column of each side.
  const defs: Record<string, ReturnType<typeof column>> = {};
  const add = (side: Mapper<object>, prefix: string): void => {
    for (const pk of side.table.primaryKey) {
      defs[`${prefix}_${pk.name}`] = column(pk.sqlType, {
        primaryKey: true,
        autoincrement: false,
        foreignKey: pk,
        onDelete: 'CASCADE',
      });
    }
  };
  const left = parent.table.name;
  const right = target.table.name === left ? `related_${left}` : target.table.name;
  add(parent, left);
  add(target, right);
  const dot = secondary.lastIndexOf('.');
  const t = new Table(dot > 0 ? secondary.slice(dot + 1) : secondary, defs, ctx.metadata, {
    schema: dot > 0 ? secondary.slice(0, dot) : undefined,
  });
  ctx.createdSecondaries.set(t, { owner: where, parentFk: t.foreignKeys[0]! });
  return t;
}

/** @internal Builds one relationship property (backPopulates is linked afterwards). */
export function buildRelationship(
  parent: Mapper<object>,
  key: string,
  decl: RelationshipDeclaration,
  ctx: RelationshipContext,
): RelationshipProperty {
  const where = `${parent.name}.${key}`;
  const o = decl.options;
  const target = targetMapper(parent, key, decl);
  const cascade = parseCascade(where, o.cascade, o.viewonly ?? false);
  // With a secondary table, foreignKey names columns of that table (resolved below).
  const fkCols =
    o.secondary === undefined
      ? columnsByKey(where, asList(o.foreignKey), [parent, target], 'foreignKey')
      : [];
  const remoteSide = columnsByKey(where, asList(o.remoteSide), [target], 'remoteSide');
  let direction: RelationshipDirection;
  let pairs: SyncPair[];
  let secondary: Table | undefined;
  let secondaryPairs: SyncPair[] = [];
  let criteria: readonly JoinCriterion[] = [];

  if (o.primaryJoin !== undefined) {
    if (o.secondary !== undefined) {
      throw new ConfigurationError(`${where}: primaryJoin cannot be combined with secondary`);
    }
    const custom = resolvePrimaryJoin(where, parent, target, o.primaryJoin, asList(o.foreignKey));
    direction = custom.direction;
    pairs = [...custom.pairs];
    criteria = custom.criteria;
  } else if (o.secondary !== undefined) {
    direction = 'manyToMany';
    secondary = resolveSecondary(where, parent, target, o.secondary, ctx);
    const sec = secondary;
    const toParent = sec.foreignKeys.filter((fk) => parent.tables.includes(fk.referredTable));
    const toTarget = sec.foreignKeys.filter((fk) => target.tables.includes(fk.referredTable));
    let parentFk: ForeignKey | undefined;
    const secondaryCols = asList(o.foreignKey).map((k) => {
      const col = sec.c[k] ?? sec.columnByName(k);
      if (col === undefined) {
        throw new ConfigurationError(
          `${where}: foreignKey '${k}' is not a column of secondary table '${sec.fullName}'`,
        );
      }
      return col;
    });
    if (secondaryCols.length) {
      parentFk = toParent.find((fk) => fk.columns.some((c) => secondaryCols.includes(c)));
    } else if (toParent.length === 1) {
      parentFk = toParent[0];
    } else {
      const created = ctx.createdSecondaries.get(sec);
      if (created !== undefined && toParent.length === 2) {
        parentFk =
          created.owner === where ? created.parentFk : toParent.find((fk) => fk !== created.parentFk);
        if (created.owner !== where && o.backPopulates === undefined) parentFk = undefined;
      }
    }
    if (parentFk === undefined) {
      throw new ConfigurationError(
        toParent.length === 0
          ? `${where}: secondary table '${sec.fullName}' has no foreign key to ${parent.name}'s table '${parent.table.fullName}'; add one`
          : `${where}: several foreign keys of secondary table '${sec.fullName}' refer to '${parent.table.fullName}' (${toParent.map(fkLabel).join('; ')}); ` +
              `pass foreignKey: '<secondary column>' naming the one that refers to the parent`,
      );
    }
    const targetFks = toTarget.filter((fk) => fk !== parentFk);
    const targetFk = targetFks.length === 1 ? targetFks[0] : undefined;
    pairs = pairsOf(parentFk);
    if (targetFk !== undefined) secondaryPairs = pairsOf(targetFk);
    else {
      // A view-only relationship may reach its target through a table the target refers to
      // (grandparent → parent → child): it only reads, so no association row is ever written.
      const reverse = targetFks.length === 0 && (o.viewonly ?? false) ? keysFromTargetTo(target, sec) : [];
      if (reverse.length !== 1) {
        throw new ConfigurationError(
          `${where}: secondary table '${sec.fullName}' needs exactly one foreign key to ${target.name}'s table '${target.table.fullName}', found ${targetFks.length}`,
        );
      }
      secondaryPairs = reversePairsOf(reverse[0]!);
    }
  } else {
    type Candidate = { fk: ForeignKey; direction: RelationshipDirection };
    const candidates: Candidate[] = [];
    const selfRef = parent.tables.some((t) => target.tables.includes(t));
    for (const t of parent.tables) {
      for (const fk of t.foreignKeys) {
        if (!ctx.isInheritanceFk(fk) && target.tables.includes(fk.referredTable)) {
          candidates.push({ fk, direction: 'manyToOne' });
        }
      }
    }
    for (const t of target.tables) {
      for (const fk of t.foreignKeys) {
        if (ctx.isInheritanceFk(fk) || !parent.tables.includes(fk.referredTable)) continue;
        if (candidates.some((c) => c.fk === fk)) continue; // self-referential: decided below
        candidates.push({ fk, direction: 'oneToMany' });
      }
    }
    const matching = fkCols.length
      ? candidates.filter((c) => c.fk.columns.some((col) => fkCols.includes(col)))
      : candidates;
    if (fkCols.length && matching.length === 0) {
      throw new ConfigurationError(
        `${where}: foreignKey '${asList(o.foreignKey).join(', ')}' is not part of a foreign key between ${parent.name} and ${target.name}; ` +
          `add foreignKey to that @Column`,
      );
    }
    if (matching.length === 0) {
      throw new ConfigurationError(
        `${where}: no foreign key links ${parent.name} (table '${parent.table.fullName}') and ${target.name} (table '${target.table.fullName}'); ` +
          `add @Column({ foreignKey: () => ${parent.name} }) on ${target.name} or @Column({ foreignKey: () => ${target.name} }) on ${parent.name}, ` +
          `or pass secondary for a many-to-many`,
      );
    }
    if (matching.length > 1) {
      throw new ConfigurationError(
        `${where}: several foreign keys link ${parent.name} and ${target.name} (${matching.map((c) => fkLabel(c.fk)).join('; ')}); ` +
          `pass foreignKey: '<property key>' to say which one this relationship uses`,
      );
    }
    const chosen = matching[0]!;
    direction = chosen.direction;
    if (
      selfRef &&
      parent.tables.includes(chosen.fk.table) &&
      target.tables.includes(chosen.fk.referredTable) &&
      // The key reads both ways only when both of its tables belong to both mappers (a table
      // shared through inheritance does not make a key between two subclass tables ambiguous).
      target.tables.includes(chosen.fk.table) &&
      parent.tables.includes(chosen.fk.referredTable)
    ) {
      // Self-referential: one-to-many unless remoteSide names the referenced (primary key) columns.
      const referred = chosen.fk.referredColumns;
      if (remoteSide.length && remoteSide.every((c) => referred.includes(c))) direction = 'manyToOne';
      else if (remoteSide.length && !remoteSide.every((c) => chosen.fk.columns.includes(c))) {
        throw new ConfigurationError(
          `${where}: remoteSide must name the referenced columns (many-to-one, e.g. 'id') or the foreign key columns (one-to-many)`,
        );
      } else direction = 'oneToMany';
    }
    pairs = pairsOf(chosen.fk);
  }

  const singleParent = o.singleParent ?? false;
  if (cascade.has('delete-orphan') && direction !== 'oneToMany' && !singleParent) {
    const kind = direction === 'manyToOne' ? 'many-to-one' : 'many-to-many';
    throw new ConfigurationError(
      `${where}: delete-orphan cascade on a ${kind} relationship needs singleParent: true. It is normally configured ` +
        `only on the "one" side of a one-to-many relationship; singleParent lets a ${target.name} object be referenced ` +
        `by only a single ${parent.name} object at a time through ${where}, which allows delete-orphan in this direction`,
    );
  }
  const passiveDeletes = o.passiveDeletes ?? false;
  if (passiveDeletes === 'all' && (cascade.has('delete') || cascade.has('delete-orphan'))) {
    throw new ConfigurationError(
      `${where}: passiveDeletes: 'all' cannot be combined with the 'delete' or 'delete-orphan' cascade`,
    );
  }
  const orderBy: RelationshipOrder[] = asList(o.orderBy).map((item) => {
    const [k, dir = 'asc'] = item.trim().split(/\s+/);
    const prop = target.columnPropsByKey.get(k!);
    if (prop === undefined || !['asc', 'desc'].includes(dir.toLowerCase())) {
      throw new ConfigurationError(
        `${where}: orderBy '${item}' must be a column property of ${target.name}, optionally followed by ' desc'`,
      );
    }
    return { column: prop.column, key: prop.key, direction: dir.toLowerCase() === 'desc' ? 'DESC' : 'ASC' };
  });
  const uselist = o.uselist ?? direction !== 'manyToOne';
  if (uselist && direction === 'manyToOne') {
    throw new ConfigurationError(
      `${where}: a many-to-one relationship cannot be a collection; remove uselist: true`,
    );
  }
  if (o.lazy === 'writeOnly' && !uselist) {
    throw new ConfigurationError(
      `${where}: lazy 'writeOnly' needs a collection; it cannot be used with a many-to-one or one-to-one relationship (uselist: false)`,
    );
  }
  const keyedBy = o.keyedBy;
  if (keyedBy !== undefined) {
    if (!uselist || o.lazy === 'writeOnly') {
      throw new ConfigurationError(
        `${where}: keyedBy needs a loaded collection; it cannot be used with a single object or a write-only collection`,
      );
    }
    if (target.columnPropsByKey.get(keyedBy) === undefined) {
      throw new ConfigurationError(
        `${where}: keyedBy '${keyedBy}' must be a column property of ${target.name}`,
      );
    }
  }
  const prop = new RelationshipPropertyImpl(
    key,
    parent,
    target,
    direction,
    uselist,
    pairs,
    secondary,
    secondaryPairs,
    cascade,
    orderBy,
    o.lazy ?? 'raise',
    o.viewonly ?? false,
    o.postUpdate ?? false,
    remoteSide,
    singleParent,
    passiveDeletes,
  );
  prop.passiveUpdates = o.passiveUpdates ?? true;
  prop.criteria = criteria;
  prop.keyedBy = keyedBy;
  return prop;
}

/** @internal Links `backPopulates` of a relationship with its mirror, checking they agree. */
export function linkBackPopulates(rel: RelationshipProperty, name: string): void {
  const where = rel.toString();
  const other = rel.target.relationshipsByKey.get(name);
  if (other === undefined) {
    throw new ConfigurationError(
      `${where}: backPopulates '${name}' names no relationship of ${rel.target.name}; declare ` +
        `@Relationship(() => ${rel.parent.name}, { backPopulates: '${rel.key}' }) ${name} on ${rel.target.name}, or fix the name`,
    );
  }
  const otherDecl = other.parent.declaration.relationships.get(other.key)?.options.backPopulates;
  const compatible =
    (rel.direction === 'manyToMany' && other.direction === 'manyToMany') ||
    (rel.direction === 'manyToOne' && other.direction === 'oneToMany') ||
    (rel.direction === 'oneToMany' && other.direction === 'manyToOne');
  if (!rel.parent.isa(other.target) || (otherDecl !== undefined && otherDecl !== rel.key) || !compatible) {
    throw new ConfigurationError(
      `${where}: backPopulates '${name}' does not match: ${other} ` +
        (!rel.parent.isa(other.target)
          ? `targets ${other.target.name}, not ${rel.parent.name}`
          : otherDecl !== undefined && otherDecl !== rel.key
            ? `has backPopulates '${otherDecl}', not '${rel.key}'`
            : `is ${other.direction} and ${where} is ${rel.direction}; both must use the same foreign key`) +
        `; make the two relationships name each other`,
    );
  }
  rel.backPopulates = other;
  other.backPopulates ??= rel;
}
