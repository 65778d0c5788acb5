import type { SqlalchemyFileCoverage } from './file-coverage';

/** test_expire.py: its tests by defining class, and those not ported with the reason. */
export const coverage: SqlalchemyFileCoverage = {
  file: 'test_expire.py',
  tests: {
    ExpireTest: [
      'test_expire',
      'test_expire_autoflush',
      'test_persistence_check',
      'test_get_refreshes',
      'test_get_on_deleted_expunges',
      'test_refresh_on_deleted_raises',
      'test_rollback_undoes_expunge_from_deleted',
      'test_deferred',
      'test_deferred_notfound',
      'test_lazyload_autoflushes',
      'test_refresh_cancels_expire',
      'test_expire_doesntload_on_set',
      'test_no_session',
      'test_pending_raises',
      'test_no_instance_key',
      'test_no_instance_key_no_pk',
      'test_expire_preserves_changes',
      'test_expire_committed',
      'test_expire_cascade',
      'test_refresh_cascade',
      'test_expire_cascade_pending_orphan',
      'test_refresh_cascade_pending_orphan',
      'test_expire_cascade_pending',
      'test_refresh_cascade_pending',
      'test_expired_lazy',
      'test_expired_eager',
      'test_unexpire_eager_dont_overwrite_related',
      'test_unexpire_eager_dont_include_contains_eager',
      'test_relationship_changes_preserved',
      'test_skip_options_that_dont_match',
      'test_mapper_joinedload_props_load',
      'test_options_joinedload_props_load',
      'test_joinedload_props_load_two',
      'test_load_only_relationships',
      'test_no_pending_pks_on_refresh',
      'test_expire_synonym',
      'test_partial_expire',
      'test_partial_expire_lazy',
      'test_partial_expire_eager',
      'test_relationships_load_on_query',
      'test_partial_expire_deferred',
      'test_joinedload_query_refreshes',
      'test_expire_all',
      'test_state_change_col_to_deferred',
      'test_state_deferred_to_col',
      'test_deferred_expire_w_transient_to_detached',
      'test_deferred_expire_normally',
      'test_deferred_expire_explicit_attrs',
    ],
    PolymorphicExpireTest: [
      'test_poly_deferred',
      'test_no_instance_key',
      'test_no_instance_key_pk_absent',
    ],
    ExpiredPendingTest: [
      'test_expired_pending',
    ],
    LifecycleTest: [
      'test_attr_not_inserted',
      'test_attr_not_inserted_expired',
      'test_attr_not_inserted_fetched',
      'test_cols_missing_in_load',
      'test_deferred_cols_missing_in_load_state_reset',
    ],
    RefreshTest: [
      'test_refresh',
      'test_persistence_check',
      'test_refresh_autoflush',
      'test_refresh_expired',
      'test_refresh_with_lazy',
      'test_refresh_with_eager',
      'test_refresh_maintains_deferred_options',
      'test_refresh2',
    ],
  },
  notApplicable: {
    'test_expire.py::ExpireTest::test_no_instance_key':
      'sets the private InstanceState.key to None by hand, a state no public API produces',
    'test_expire.py::ExpireTest::test_no_instance_key_no_pk':
      'sets the private InstanceState.key to None by hand, a state no public API produces',
    'test_expire.py::ExpireTest::test_state_change_col_to_deferred':
      'asserts SQLAlchemy\'s internal per-attribute loader callables (InstanceState.callables) of deferred columns',
    'test_expire.py::ExpireTest::test_state_deferred_to_col':
      'asserts SQLAlchemy\'s internal per-attribute loader callables (InstanceState.callables) of deferred columns',
    'test_expire.py::PolymorphicExpireTest::test_no_instance_key':
      'sets the private InstanceState.key to None by hand, a state no public API produces',
    'test_expire.py::PolymorphicExpireTest::test_no_instance_key_pk_absent':
      'sets the private InstanceState.key to None by hand, a state no public API produces',
    'test_expire.py::RefreshTest::test_refresh_maintains_deferred_options':
      'the loader options a query leaves on each object for its later lazy loads: Athanor never lazy loads, and load() is given what to load explicitly',
  },
  notPorted: {
    'test_expire.py::LifecycleTest::test_cols_missing_in_load':
      'an ORM select from a textual or partial-column statement (from_statement(select(Data.id))) that leaves the other columns expired does not exist in Athanor',
  },
};
