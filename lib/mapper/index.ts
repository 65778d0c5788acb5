/**
 * The mapper layer: mapped classes over Core tables, instance state, instrumented attributes,
 * hydration and typed query attributes. Knows nothing of sessions or drivers.
 */
export * from './declaration';
export {
  STATE,
  NO_VALUE,
  InstanceState,
  instanceState,
  hasState,
  expiredVersionOf,
  expiredKeyValueOf,
  forgetExpiredVersion,
  type ObjectStatus,
  type PendingMutations,
  type RelationshipOperation,
  type StateOwner,
} from './instance-state';
export {
  Mapper,
  type ColumnProperty,
  type MapperEvent,
  type MapperListener,
  type InheritanceKind,
  type InheritPair,
  type RowReader,
  type Versioning,
} from './mapper';
export {
  RelationshipProperty,
  type RelationshipDirection,
  type SyncPair,
  type RelationshipOrder,
  type CascadeSet,
} from './relationship-property';
export { foreign, type JoinCriterion } from './join-criteria';
export { Registry, registry } from './registry';
export type { RowKey, RowData } from './hydrator';
export { setLoaded, notLoadedError, expiredError } from './instrumentation';
export { entityToJSON } from './serialize';
export { adoptOwnFields, adoptingClass } from './own-fields';
export { isTrackedCollection, rawItems } from './collection';
export { isOrphan } from './relationship-events';
export { WriteOnlyCollection, noIterationError } from './write-only';
export {
  attrs,
  aliased,
  inspect,
  entityMapper,
  RelationshipAttribute,
  type Attrs,
  type AttributeOf,
  type AliasedEntity,
  type Json,
  type ColumnValue,
} from './attributes';
export { encodeKeyValue } from './identity';
export { declareSynonym, synonymsOf, resolveAttributeKey } from './synonym';
export { expireExpressionsAfterFlush } from './expression-property';
export { keyColumnsOf } from './mapper-key';
export {
  entityVariant,
  isColumnOf,
  loadedColumnsOf,
  loadedColumnsFor,
  sameLoadedColumns,
} from './entity-variant';
