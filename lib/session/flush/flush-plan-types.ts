import type { InstanceState, Mapper } from '../../mapper';
import type { ClearKey } from './cascade-plan';

/** The objects a flush writes, grouped and ordered. @internal */
export interface FlushPlan {
  /** Mappers in dependency order: parents before children. */
  readonly order: readonly Mapper<object>[];
  /** The same, grouped: the mappers of a relationship cycle form one group (rows ordered one by one). */
  readonly groups: readonly (readonly Mapper<object>[])[];
  readonly inserts: ReadonlyMap<Mapper<object>, InstanceState[]>;
  readonly updates: ReadonlyMap<Mapper<object>, InstanceState[]>;
  readonly deletes: ReadonlyMap<Mapper<object>, InstanceState[]>;
  /** Every state the flush saves (inserts and updates). */
  readonly saves: ReadonlySet<InstanceState>;
  readonly deleted: ReadonlySet<InstanceState>;
  /** Related objects outside the session: no key is written to or from them. */
  readonly outside: ReadonlySet<InstanceState>;
  /** Children whose foreign key to a deleted parent becomes NULL (while it points there). */
  readonly clearKeys: ReadonlyMap<InstanceState, readonly ClearKey[]>;
}
