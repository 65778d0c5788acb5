/**
 * ORM upserts: insert-or-update of mapped rows with the identity map kept in step, and
 * `getOrCreate()`, safe under concurrency.
 */
export { upsert } from './upsert';
export { getOrCreate } from './get-or-create';
export { planUpsert, upsertStatements, type UpsertOptions } from './upsert-statement';
export type { EntityValues, ColumnAttributeKeys } from './entity-values';
