/**
 * Expression attributes (SQLAlchemy's `column_property()` of an SQL expression): read-only
 * attributes whose value the entity SELECT computes (`first || ' ' || last`, a correlated
 * `count(*)`). They hydrate like columns, can be deferred, are never written by a flush, and a
 * flush that writes the row expires them (unless `expireOnFlush: false`), since the row they are
 * computed from changed.
 */
import { ConfigurationError } from '../errors';
import { Expression, type EntityLike, type Table, type TableAlias } from '../sql';
import { RelationshipAttribute } from './attributes';
import type { ExpressionDeclaration } from './declaration';
import { mapColumn } from './entity-descriptor';
import { ExpressionColumn } from './expression-column';
import type { ColumnProperty, InstanceState, Mapper } from './mapper-types';
import { synonymsOf } from './synonym';

type TableMap = (t: Table) => Table | TableAlias;

const identity: TableMap = (t) => t;

/**
 * What an expression's function receives: the column attributes, synonyms and relationships of
 * `m` over the FROM items of `map`, and the expression attributes declared before `own` (a later
 * one would read itself).
 */
function attributesFor(
  m: Mapper<object>,
  map: TableMap,
  earlier: readonly ColumnProperty[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of m.columnProps) out[p.key] = mapColumn(p.column, map);
  for (const r of m.relationships)
    out[r.key] = new RelationshipAttribute(r, m.class_ as unknown as EntityLike, map, identity);
  for (const p of earlier) out[p.key] = mapColumn(p.column, map);
  for (const [key, target] of synonymsOf(m)) out[key] = out[target];
  return out;
}

function evaluate(
  m: Mapper<object>,
  what: string,
  fn: ExpressionDeclaration['expression'],
  map: TableMap,
  earlier: readonly ColumnProperty[],
): Expression<unknown> {
  const expression = fn(attributesFor(m, map, earlier) as never);
  if (!(expression instanceof Expression)) {
    throw new ConfigurationError(
      `${m.name}${what}'s function must return an SQL expression, got ${typeof expression}`,
    );
  }
  return expression;
}

/**
 * @internal Builds the expression attributes of a mapper whose columns and relationships are
 * configured: the inherited ones, then its own in declaration order; fills `selectProps`.
 */
export function buildExpressionProps(m: Mapper<object>): void {
  const props: ColumnProperty[] = [...(m.inherits?.expressionProps ?? [])];
  for (const [key, decl] of m.declaration.expressions ?? []) {
    const clash = m.columnPropsByKey.has(key)
      ? 'a column'
      : m.relationshipsByKey.has(key)
        ? 'a relationship'
        : props.some((p) => p.key === key)
          ? `an expression attribute of ${m.inherits!.name}`
          : undefined;
    if (clash !== undefined) {
      throw new ConfigurationError(`${m.name}.${key}: already mapped as ${clash}; keep one`);
    }
    const earlier = [...props];
    const build = (map: TableMap): Expression<unknown> =>
      evaluate(m, `.${key}: @ExpressionProperty`, decl.expression, map, earlier);
    const column = new ExpressionColumn(key, m.table, build(identity), m.tables, build);
    const option = decl.options.deferred;
    if (typeof option === 'string' && option.length === 0) {
      throw new ConfigurationError(`${m.name}.${key}: deferred group name is empty`);
    }
    props.push({
      key,
      column,
      columns: [column],
      isPrimaryKey: false,
      isVersion: false,
      default: undefined,
      declaredBy: m,
      ...(option === undefined || option === false
        ? {}
        : typeof option === 'string'
          ? { deferred: true, deferGroup: option }
          : { deferred: true }),
      expireOnFlush: decl.options.expireOnFlush ?? true,
    });
  }
  m.expressionProps = props;
  m.expressionPropsByKey = new Map(props.map((p) => [p.key, p]));
  m.selectProps = [...m.columnProps, ...props];
}

/** The result name of a discriminator expression in an entity's SELECT (it maps to no attribute). */
const DISCRIMINATOR_LABEL = 'polymorphic_on';

/**
 * @internal The discriminator of a hierarchy whose `polymorphicOn` is an SQL expression: built
 * on the base over its attributes (expression attributes included), shared by its subclasses;
 * a mapper whose discriminator is a column has it already.
 */
export function buildDiscriminator(m: Mapper<object>): void {
  const on = m.base.declaration.table.polymorphicOn;
  if (typeof on !== 'function') return;
  if (m !== m.base) {
    m.discriminator = m.base.discriminator;
    return;
  }
  const earlier = m.expressionProps;
  const build = (map: TableMap): Expression<unknown> => evaluate(m, ': polymorphicOn', on, map, earlier);
  m.discriminator = new ExpressionColumn(DISCRIMINATOR_LABEL, m.table, build(identity), m.tables, build);
}

/**
 * @internal After a flush wrote `state`'s row (INSERT or UPDATE), before its changes become
 * committed: expires the expression attributes the new row may compute differently — those with
 * `expireOnFlush` that are loaded (a deferred one that is not loaded stays deferred), and those
 * without it that were never loaded, so they are read rather than left empty. An attribute the
 * application assigned keeps its value.
 */
export function expireExpressionsAfterFlush(state: InstanceState): void {
  const props = state.mapper.expressionProps;
  if (props.length === 0) return;
  const expire: string[] = [];
  const deferred: string[] = [];
  // A new object's values were all given by the application (its originals are not recorded).
  const isNew = state.key === undefined;
  for (const p of props) {
    if (state.hasCommitted(p.key) || (isNew && state.isLoaded(p.key))) continue;
    const loaded = state.isLoaded(p.key);
    if (p.expireOnFlush === true ? p.deferred !== true || loaded : p.deferred !== true && !loaded) {
      expire.push(p.key);
    } else if (!loaded && p.deferred === true) deferred.push(p.key);
  }
  if (expire.length) state.expire(expire);
  // A new object's deferred expression was never read: it is deferred, as on a loaded object.
  if (deferred.length) state.markDeferred(deferred);
}
