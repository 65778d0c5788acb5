import type { SqlalchemyFileCoverage } from './file-coverage';

/** test_unitofworkv2.py: its tests by defining class, and those not ported with the reason. */
export const coverage: SqlalchemyFileCoverage = {
  file: 'test_unitofworkv2.py',
  tests: {
    RudimentaryFlushTest: ['test_one_to_many_save', 'test_one_to_many_delete_all', 'test_one_to_many_delete_parent', 'test_many_to_one_save', 'test_many_to_one_delete_all', 'test_many_to_one_delete_target', 'test_many_to_one_delete_unloaded', 'test_many_to_one_delete_childonly_unloaded', 'test_many_to_one_delete_childonly_unloaded_expired', 'test_many_to_one_del_attr', 'test_many_to_one_del_attr_unloaded', 'test_natural_ordering', 'test_natural_selfref', 'test_many_to_many', 'test_m2o_flush_size', 'test_o2m_flush_size'],
    RaiseLoadIgnoredTest: ['test_delete_head'],
    SingleCycleTest: ['test_one_to_many_save', 'test_one_to_many_delete_all', 'test_one_to_many_delete_parent', 'test_many_to_one_save', 'test_many_to_one_delete_all', 'test_many_to_one_set_null_unloaded', 'test_cycle_rowswitch', 'test_bidirectional_mutations_one', 'test_bidirectional_multilevel_save', 'test_singlecycle_flush_size', 'test_delete_unloaded_m2o'],
    SingleCyclePlusAttributeTest: ['test_flush_size'],
    SingleCycleM2MTest: ['test_many_to_many_one'],
    RowswitchAccountingTest: ['test_switch_on_update', 'test_switch_on_delete'],
    RowswitchM2OTest: ['test_set_none_replaces_m2o', 'test_set_none_w_get_replaces_m2o', 'test_set_none_replaces_scalar', 'test_set_none_w_get_replaces_scalar'],
    BasicStaleChecksTest: ['test_update_single_missing', 'test_update_single_missing_broken_multi_rowcount', 'test_update_multi_missing_broken_multi_rowcount', 'test_update_value_missing_broken_multi_rowcount', 'test_delete_twice', 'test_delete_multi_missing_warning', 'test_update_single_broken_multi_rowcount_still_raises', 'test_update_multi_broken_multi_rowcount_doesnt_raise', 'test_delete_single_broken_multi_rowcount_still_warns', 'test_delete_multi_broken_multi_rowcount_doesnt_warn', 'test_delete_multi_missing_allow'],
    BatchInsertsTest: ['test_batch_interaction'],
    LoadersUsingCommittedTest: ['test_before_update_m2o', 'test_before_update_o2m_passive', 'test_before_update_o2m_notpassive'],
    NoAttrEventInFlushTest: ['test_no_attr_events_flush'],
    EagerDefaultsTest: ['test_server_insert_defaults_present', 'test_server_insert_defaults_present_as_expr', 'test_server_insert_defaults_nonpresent', 'test_clientsql_insert_defaults_nonpresent', 'test_server_update_defaults_nonpresent', 'test_clientsql_update_defaults_nonpresent', 'test_update_defaults_present_as_expr', 'test_insert_defaults_bulk_insert', 'test_update_defaults_bulk_update', 'test_update_defaults_present', 'test_insert_dont_fetch_nondefaults', 'test_update_dont_fetch_nondefaults', 'test_against_selectable_insert'],
    EagerDefaultsSettingTest: ['test_eager_default_setting_inserts', 'test_eager_default_setting_inserts_no_pks', 'test_eager_default_setting_updates'],
    TypeWoBoolTest: ['test_update_against_none', 'test_update_against_something_else', 'test_no_update_no_change'],
    NullEvaluatingTest: ['test_evalnull_nodefault_insert', 'test_evalnull_nodefault_bulk_insert', 'test_evalnull_nodefault_insert_novalue', 'test_evalnull_nodefault_bulk_insert_novalue', 'test_evalnull_default_insert', 'test_evalnull_default_bulk_insert', 'test_evalnull_default_insert_novalue', 'test_evalnull_default_bulk_insert_novalue', 'test_no_evalnull_nodefault_insert', 'test_no_evalnull_nodefault_bulk_insert', 'test_no_evalnull_nodefault_insert_novalue', 'test_no_evalnull_nodefault_bulk_insert_novalue', 'test_no_evalnull_default_insert', 'test_no_evalnull_default_bulk_insert', 'test_no_evalnull_default_insert_novalue', 'test_no_evalnull_default_bulk_insert_novalue', 'test_builtin_evalnull_nodefault_insert', 'test_builtin_evalnull_nodefault_bulk_insert', 'test_builtin_evalnull_nodefault_insert_novalue', 'test_builtin_evalnull_nodefault_bulk_insert_novalue', 'test_builtin_evalnull_default_insert', 'test_builtin_evalnull_default_bulk_insert', 'test_builtin_evalnull_default_insert_novalue', 'test_builtin_evalnull_default_bulk_insert_novalue', 'test_json_none_as_null'],
    EnsureCacheTest: ['test_ensure_cache'],
    ORMOnlyPrimaryKeyTest: ['test_a', 'test_b', 'test_c', 'test_d'],
    TryToFoolInsertManyValuesTest: ['test_original_use_case', 'test_this_really_fails_on_mssql_wo_full_fix'],
  },
  notApplicable: {
    'test_unitofworkv2.py::EagerDefaultsTest::test_against_selectable_insert':
      'an entity mapped to a select() (a join of two tables) instead of a table does not exist in Athanor',
    'test_unitofworkv2.py::RudimentaryFlushTest::test_m2o_flush_size': 'counts the internal actions of SQLAlchemy\'s UOWTransaction (_generate_actions); Athanor\'s flush plan has no action list to count — the statements these flushes send are asserted by the other tests of the class',
    'test_unitofworkv2.py::RudimentaryFlushTest::test_o2m_flush_size': 'counts the internal actions of SQLAlchemy\'s UOWTransaction (_generate_actions); Athanor\'s flush plan has no action list to count — the statements these flushes send are asserted by the other tests of the class',
    'test_unitofworkv2.py::SingleCycleTest::test_singlecycle_flush_size': 'counts the internal actions of SQLAlchemy\'s UOWTransaction (_generate_actions); Athanor\'s flush plan has no action list to count — the statements these flushes send are asserted by the other tests of the class',
    'test_unitofworkv2.py::BasicStaleChecksTest::test_update_single_missing_broken_multi_rowcount': 'patches the DBAPI cursor to report rowcount -1 for an executemany (supports_sane_multi_rowcount False); Athanor sends each page as one statement and every supported driver reports its row count (the miss is asserted by test_update_multi_broken_multi_rowcount_doesnt_raise)',
    'test_unitofworkv2.py::BasicStaleChecksTest::test_update_multi_missing_broken_multi_rowcount': 'patches the DBAPI cursor to report rowcount -1 for an executemany (supports_sane_multi_rowcount False); Athanor sends each page as one statement and every supported driver reports its row count (the miss is asserted by test_update_multi_broken_multi_rowcount_doesnt_raise)',
    'test_unitofworkv2.py::BasicStaleChecksTest::test_update_value_missing_broken_multi_rowcount': 'the UPDATE writes an SQL expression (literal(1)) under a DBAPI rowcount patched to -1; Athanor\'s drivers always report the row count, and a missed UPDATE is asserted by test_update_single_missing',
    'test_unitofworkv2.py::BasicStaleChecksTest::test_delete_multi_broken_multi_rowcount_doesnt_warn': 'patches the DBAPI cursor to report rowcount -1 for an executemany (supports_sane_multi_rowcount False); Athanor sends each page as one statement and every supported driver reports its row count (the miss is asserted by test_update_multi_broken_multi_rowcount_doesnt_raise)',
    'test_unitofworkv2.py::LoadersUsingCommittedTest::test_before_update_m2o': 'reads relationships lazily inside a before_update mapper event to check which key the lazy load uses; Athanor has no implicit lazy loading and no per-row mapper events during the flush',
    'test_unitofworkv2.py::LoadersUsingCommittedTest::test_before_update_o2m_passive': 'reads relationships lazily inside a before_update mapper event to check which key the lazy load uses; Athanor has no implicit lazy loading and no per-row mapper events during the flush',
    'test_unitofworkv2.py::LoadersUsingCommittedTest::test_before_update_o2m_notpassive': 'reads relationships lazily inside a before_update mapper event to check which key the lazy load uses; Athanor has no implicit lazy loading and no per-row mapper events during the flush',
    'test_unitofworkv2.py::NoAttrEventInFlushTest::test_no_attr_events_flush': 'attribute \'set\' event listeners (event.listen(Thing.id, \'set\')); Athanor has no attribute events to observe the flush through',
    'test_unitofworkv2.py::EnsureCacheTest::test_ensure_cache': 'counts entries of the mapper\'s compiled-statement cache under a connection\'s compiled_cache execution option; Athanor\'s statement cache is internal to the compiler and has no per-connection option',
  },
  notPorted: {},
};
