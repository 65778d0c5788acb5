import type { Connection, Engine } from '../drivers';
import type { OrmEnd } from '../drivers/telemetry/orm-end';
import { entityMapper, type Mapper } from '../mapper';
import type { Select } from '../sql';

/**
 * Runs a flush under an ORM span when the engine has telemetry; else just runs it. The span is
 * the parent of the statements the flush runs on `conn` (the session's connection).
 */
export function flushSpan<T>(
  engine: Pick<Engine, 'instrumentation'>,
  conn: Connection,
  fn: () => Promise<T>,
): Promise<T> {
  const instrumentation = engine.instrumentation;
  return instrumentation === undefined
    ? fn()
    : (instrumentation.orm('ORM flush', undefined, conn.traceScope, fn) as Promise<T>);
}

/**
 * Runs an ORM select on `conn` under a span named for the entity it loads, whose
 * `db.collection.name` is the entity's table from the mapping.
 */
export function loadSpan<T>(
  engine: Pick<Engine, 'instrumentation'>,
  conn: Connection,
  statement: Select<readonly unknown[]>,
  fn: () => Promise<T>,
): Promise<T> {
  if (engine.instrumentation === undefined) return fn();
  return mapperLoadSpan(engine, conn, entityMapper(statement.items[0]), fn);
}

/** `loadSpan` for a load whose entity is known (a `get()` by key): the same span. */
export function mapperLoadSpan<T>(
  engine: Pick<Engine, 'instrumentation'>,
  conn: Connection,
  mapper: Mapper<object> | undefined,
  fn: () => Promise<T>,
): Promise<T> {
  const instrumentation = engine.instrumentation;
  if (instrumentation === undefined) return fn();
  return (
    mapper === undefined
      ? instrumentation.orm('ORM load', undefined, conn.traceScope, fn)
      : instrumentation.orm(loadSpanName(mapper), mapper.table.name, conn.traceScope, fn)
  ) as Promise<T>;
}

/**
 * Starts the load span of a `get()` by key whose work ends it from its own callbacks (no promise
 * made around the load); undefined without telemetry.
 */
export function beginKeyedLoad(
  engine: Pick<Engine, 'instrumentation'>,
  conn: Connection,
  mapper: Mapper<object>,
): OrmEnd | undefined {
  return engine.instrumentation?.beginOrm(loadSpanName(mapper), mapper.table.name, conn.traceScope);
}

/** Load span names, made once per mapper rather than once per load. */
const loadNames = new WeakMap<Mapper<object>, string>();

function loadSpanName(mapper: Mapper<object>): string {
  let name = loadNames.get(mapper);
  if (name === undefined) loadNames.set(mapper, (name = `ORM load ${mapper.name}`));
  return name;
}
