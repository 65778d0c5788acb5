import type { SqlalchemyFileCoverage } from './file-coverage';

/** test_dynamic.py: its tests by defining class, and those not ported with the reason. */
export const coverage: SqlalchemyFileCoverage = {
  file: 'test_dynamic.py',
  tests: {
    DynamicTest: [
      'test_basic',
      'test_slice_access',
      'test_negative_slice_access_raises',
      'test_statement',
      'test_query_class_custom_method',
      'test_transient_raise',
      'test_detached_raise',
      'test_detached_all_empty_list',
      'test_transient_all_empty_list',
      'test_no_uselist_false',
      'test_no_m2o',
      'test_order_by',
      'test_order_by_composition_uses_immutable_tuple',
      'test_configured_order_by',
      'test_count',
      'test_dynamic_on_backref',
      'test_no_count',
      'test_no_populate',
      'test_m2m',
      'test_association_nonaliased',
      'test_secondary_as_join',
      'test_secondary_as_join_complex_entity',
      'test_secondary_doesnt_interfere_w_join_to_fromlist',
      'test_transient_count',
      'test_transient_access',
    ],
    WriteOnlyTest: [
      'test_iteration_error',
      'test_order_by',
      'test_configured_order_by',
      'test_secondary_as_join',
      'test_secondary_as_join_complex_entity',
      'test_secondary_doesnt_interfere_w_join_to_fromlist',
    ],
    _UOWTests: [
      'test_persistence',
      'test_hasattr',
      'test_collection_set',
      'test_noload_add',
      'test_noload_remove',
      'test_rollback',
      'test_self_referential',
      'test_remove_orphans',
      'test_backref',
      'test_backref_events',
      'test_no_deref',
    ],
    DynamicUOWTest: ['test_merge_persistent', 'test_delete_cascade'],
    WriteOnlyUOWTest: [
      'test_merge_persistent',
      'test_passive_deletes_required',
      'test_passive_deletes_succeed',
      'test_remove_orphans',
    ],
    WriteOnlyBulkTest: ['test_bulk_insert', 'test_bulk_update', 'test_bulk_delete'],
    _HistoryTest: [
      'test_add_transient',
      'test_add_persistent',
      'test_remove_transient',
      'test_backref_pop_transient',
      'test_remove_persistent',
      'test_backref_pop_persistent_autoflush_o2m_active_hist',
      'test_backref_pop_persistent_autoflush_m2m',
      'test_backref_pop_persistent_noflush_m2m',
      'test_unchanged_persistent',
      'test_replace_transient',
      'test_replace_persistent',
      'test_persistent_but_readded',
      'test_missing_but_removed_noflush',
    ],
  },
  notApplicable: {
    'test_dynamic.py::DynamicTest::test_query_class_custom_method':
      'the legacy Query subclass of a dynamic relationship (query_class); write-only collections give a select()',
    'test_dynamic.py::DynamicTest::test_detached_raise':
      "a dynamic collection's Query is bound to the object's session; a write-only select() is a statement any session runs",
    'test_dynamic.py::DynamicTest::test_detached_all_empty_list':
      'legacy dynamic behaviour (a detached collection warns and reads as []); write-only collections are never iterated',
    'test_dynamic.py::DynamicTest::test_transient_all_empty_list':
      'legacy dynamic list() of a new object; the write-only forms are WriteOnlyTest::test_iteration_error and DynamicTest::test_transient_raise',
    'test_dynamic.py::DynamicTest::test_order_by': 'the dynamic form of WriteOnlyTest::test_order_by (ported)',
    'test_dynamic.py::DynamicTest::test_configured_order_by':
      'the dynamic form of WriteOnlyTest::test_configured_order_by (ported)',
    'test_dynamic.py::DynamicTest::test_no_count':
      'a dynamic collection has no __len__; a write-only collection has no length or comparison to count',
    'test_dynamic.py::DynamicTest::test_secondary_as_join':
      'the dynamic form of WriteOnlyTest::test_secondary_as_join (listed in NOT_PORTED)',
    'test_dynamic.py::DynamicTest::test_secondary_as_join_complex_entity':
      'the dynamic form of WriteOnlyTest::test_secondary_as_join_complex_entity (ported)',
    'test_dynamic.py::DynamicTest::test_secondary_doesnt_interfere_w_join_to_fromlist':
      'the dynamic form of WriteOnlyTest::test_secondary_doesnt_interfere_w_join_to_fromlist (ported)',
    'test_dynamic.py::DynamicTest::test_transient_count':
      "a dynamic collection counts a new object's pending members in memory; write-only members are read with select() after a flush",
    'test_dynamic.py::DynamicTest::test_transient_access':
      "a dynamic collection indexes a new object's pending members in memory; write-only members are read with select() after a flush",
    'test_dynamic.py::DynamicUOWTest::test_merge_persistent':
      'the dynamic form of WriteOnlyUOWTest::test_merge_persistent (ported); merging members into a persistent write-only collection is refused, as in SQLAlchemy',
  },
  notPorted: {
    'test_dynamic.py::WriteOnlyTest::test_secondary_as_join':
      'a Core join as `secondary` is not supported: RelationshipProperty.secondary is one Table throughout (joined loading aliases it, the flush writes association rows into it, relationship comparisons join it), so a join would need each of those to take a FROM clause and refuse writes; a table, table name or mapped class only',
  },
};
