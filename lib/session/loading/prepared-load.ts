import type { PreparedQuery, Select } from '../../sql';
import type { EagerPlan } from './joined';
import type { LoadTree } from './load-context';

/**
 * A load's select planned and compiled once per dialect with its key values as slots — what
 * `get()` by key and a selectin chunk bind their keys into instead of building, planning and
 * keying a new select each time.
 * @internal
 */
export interface PreparedLoad {
  readonly statement: Select<readonly unknown[]>;
  readonly trees: ReadonlyMap<number, LoadTree>;
  readonly plan: EagerPlan;
  readonly prepared: PreparedQuery;
  /** Whether the loaded mapping's defaults load relationships after the rows (selectin, subquery…). */
  readonly postLoad: boolean;
}
