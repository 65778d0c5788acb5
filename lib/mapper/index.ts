/**
 * The mapper layer: mapped classes over Core tables, instance state, instrumented attributes,
 * hydration and typed query attributes. Knows nothing of sessions or drivers.
 */
export * from './declaration';
export {
  STATE,
  NO_VALUE,
  instanceState,
  hasState,
  expiredVersionOf,
  expiredKeyValueOf,
  forgetExpiredVersion,
} from './instance-state';
export type {
  CascadeSet,
  ColumnProperty,
  InheritanceKind,
  InheritPair,
  InstanceState,
  JoinCriterion,
  Mapper,
  MapperEvent,
  MapperListener,
  ObjectStatus,
  PendingMutations,
  RelationshipDirection,
  RelationshipOperation,
  RelationshipOrder,
  RelationshipProperty,
  RowData,
  RowKey,
  RowReader,
  StateOwner,
  SyncPair,
  Versioning,
} from './mapper-types';
export { foreign } from './join-criteria';
export { Registry, registry } from './registry';
export { setLoaded, notLoadedError, expiredError } from './instrumentation';
export { entityToJSON } from './serialize';
export { adoptOwnFields, adoptingClass } from './own-fields';
export { isTrackedCollection, rawItems } from './collection';
export { isOrphan } from './relationship-events';
export {
  WriteOnlyCollectionBase,
  noIterationError,
  setWriteOnlyCollectionClass,
  type WriteOnlyCollectionClass,
} from './write-only';
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
