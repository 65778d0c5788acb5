import type { Engine } from '../drivers';
import { entityMapper } from '../mapper';
import type { Select } from '../sql';

/** Runs a flush under an ORM span when the engine has telemetry; else just runs it. */
export function flushSpan<T>(engine: Pick<Engine, 'instrumentation'>, fn: () => Promise<T>): Promise<T> {
  const instrumentation = engine.instrumentation;
  return instrumentation === undefined ? fn() : instrumentation.orm('ORM flush', undefined, fn);
}

/**
 * Runs an ORM select under a span named for the entity it loads, whose `db.collection.name` is
 * the entity's table from the mapping.
 */
export function loadSpan<T>(
  engine: Pick<Engine, 'instrumentation'>,
  statement: Select<readonly unknown[]>,
  fn: () => Promise<T>,
): Promise<T> {
  const instrumentation = engine.instrumentation;
  if (instrumentation === undefined) return fn();
  const mapper = entityMapper(statement.items[0]);
  const name = mapper === undefined ? 'ORM load' : `ORM load ${mapper.name}`;
  return instrumentation.orm(name, mapper?.table.name, fn);
}
