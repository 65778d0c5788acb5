/**
 * Deferred column attributes: columns left out of the entity SELECT until asked for. The
 * attribute of a loaded object stays unloaded (`InstanceState.isDeferred`); Athanor never loads
 * on access, so reading it raises and `session.refresh(obj, [key])` or `undefer()` loads it.
 */
import { ConfigurationError } from '../errors';
import type { Column } from '../sql';
import type { Mapper } from './mapper-types';

/** The `deferred` / `deferGroup` fields of a column property from its `@Column({ deferred })`. */
export function deferral(
  m: Mapper<object>,
  key: string,
  column: Column<unknown>,
  option: boolean | string | undefined,
  isVersion: boolean,
): { deferred?: boolean; deferGroup?: string } {
  if (option === undefined || option === false) return {};
  // The row of an entity must identify it: the key, the version and the discriminator are read
  // with every row.
  const role = column.primaryKey
    ? 'primary key'
    : isVersion
      ? 'version'
      : m.declaration.table.polymorphicOn === key
        ? 'discriminator'
        : undefined;
  if (role !== undefined) {
    throw new ConfigurationError(`${m.name}.${key}: a ${role} column cannot be deferred`);
  }
  if (typeof option === 'string') {
    if (option.length === 0) throw new ConfigurationError(`${m.name}.${key}: deferred group name is empty`);
    return { deferred: true, deferGroup: option };
  }
  return { deferred: true };
}
