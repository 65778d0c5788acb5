/**
 * Relationship loading strategies and ORM query helpers.
 */
export {
  LoaderOption,
  joinedload,
  selectinload,
  subqueryload,
  raiseload,
  noload,
  lazyload,
  defaultLoad,
  containsEager,
  type LoaderStrategy,
  type LoaderStep,
  type RelationshipStep,
} from './options';
export { defer, undefer, undeferGroup, ColumnLoadOption, type ColumnLoadMode } from './column-options';
export { related, type Related, type RelationshipKeys } from './related';
export { paginate, type Page } from './paginate';
export { OrmStream, type StreamQueryOptions } from './stream';
export { withLoaderCriteria, LoaderCriteriaOption, type LoaderCriteriaOptions } from './loader-criteria';
