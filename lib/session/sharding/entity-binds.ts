import { ArgumentError } from '../../errors';
import { inspect, type Mapper } from '../../mapper';
import type { Table } from '../../sql';
import type { EntityClass } from '../session-options';
import type { ShardedSessionOptions } from './sharded-session';

/** The choosers `entityBinds` gives a ShardedSession. */
export type EntityBindChoosers = Required<
  Pick<ShardedSessionOptions, 'shardChooser' | 'queryChooser' | 'identityChooser' | 'defaultShard'>
>;

/**
 * Mapper-level binds, as SQLAlchemy's `Session(binds={Entity: engine})`: some entities live on
 * another database. Spread into a ShardedSession's options, it places new objects, queries whose
 * first column is one of the entities (or a subclass), `get()`, and Core INSERT/UPDATE/DELETE of
 * an entity's tables (binding an entity binds its tables, as in SQLAlchemy) on the entity's
 * database, and everything else (other entities, other Core statements, `text()`) on `defaultBind`. Each database has
 * its own session and transaction; commit commits them one after another (with the sharded
 * session's `twoPhase`, after preparing each).
 * Relationships and cascades stay within one database.
 *
 * @example
 * const session = new ShardedSession({
 *   shards: { main: (id) => new Session(primary, { router: replicaRouting(set) }), audit: auditEngine },
 *   ...entityBinds('main', { audit: [AuditEntry] }),
 * });
 */
export function entityBinds(
  defaultBind: string,
  entities: Readonly<Record<string, readonly EntityClass<object>[]>>,
): EntityBindChoosers {
  const bindOf = new Map<EntityClass<object>, string>();
  for (const [bind, classes] of Object.entries(entities)) {
    for (const cls of classes) {
      const already = bindOf.get(cls);
      if (already !== undefined && already !== bind)
        throw new ArgumentError(`entityBinds(): ${cls.name} is bound to both '${already}' and '${bind}'`);
      bindOf.set(cls, bind);
    }
  }
  /** The bind of a class or of its nearest bound base class. */
  const bindOfClass = (cls: EntityClass<object> | undefined): string | undefined => {
    for (
      let c: unknown = cls;
      typeof c === 'function' && c !== Function.prototype;
      c = Object.getPrototypeOf(c)
    ) {
      const bind = bindOf.get(c as EntityClass<object>);
      if (bind !== undefined) return bind;
    }
    return undefined;
  };
  // Tables are known once the entities are mapped: looked up on first use.
  let bindOfTable: Map<Table, string> | undefined;
  const tableBind = (table: Table): string | undefined => {
    if (bindOfTable === undefined) {
      bindOfTable = new Map();
      for (const [cls, bind] of bindOf)
        for (const t of (inspect(cls as never) as Mapper<object>).tables) bindOfTable.set(t, bind);
    }
    return bindOfTable.get(table);
  };
  return {
    defaultShard: defaultBind,
    shardChooser: (obj) => bindOfClass(obj.constructor as EntityClass<object>) ?? defaultBind,
    queryChooser: (_statement, entity, table) =>
      bindOfClass(entity) ?? (table === undefined ? undefined : tableBind(table)) ?? defaultBind,
    identityChooser: (entity) => [bindOfClass(entity) ?? defaultBind],
  };
}
