import type { SqlalchemyFileCoverage } from './file-coverage';

/** test_unitofwork.py: its tests by defining class, and those not ported with the reason. */
export const coverage: SqlalchemyFileCoverage = {
  file: 'test_unitofwork.py',
  tests: {
    HistoryTest: ['test_backref'],
    UnicodeTest: ['test_basic', 'test_relationship'],
    UnicodeSchemaTest: ['test_mapping', 'test_inheritance_mapping'],
    BinaryHistTest: ['test_binary_equality'],
    PKTest: ['test_primary_key', 'test_manual_pk', 'test_key_pks'],
    ForeignPKTest: ['test_basic'],
    ClauseAttributesTest: ['test_update', 'test_multi_update', 'test_insert', 'test_insert_pk_expression', 'test_update_special_comparator', 'test_clauseelement_accessor'],
    PassiveDeletesTest: ['test_basic', 'test_backwards_pd', 'test_aaa_m2o_no_longer_emits_warning'],
    BatchDeleteIgnoresRowcountTest: ['test_delete_both'],
    ExtraPassiveDeletesTest: ['test_extra_passive', 'test_extra_passive_2', 'test_extra_passive_obj_removed_o2m', 'test_dont_emit'],
    ColumnCollisionTest: ['test_naming'],
    DefaultTest: ['test_insert', 'test_eager_defaults', 'test_insert_nopostfetch', 'test_update', 'test_used_in_relationship'],
    ColumnPropertyTest: ['test_refreshes', 'test_no_refresh_ro_column_property_no_expire_on_flush', 'test_no_refresh_ro_column_property_expire_on_flush', 'test_no_refresh_ro_deferred_no_expire_on_flush', 'test_no_refresh_ro_deferred_expire_on_flush', 'test_refreshes_post_init', 'test_with_inheritance'],
    OneToManyTest: ['test_one_to_many_1', 'test_one_to_many_2', 'test_child_move', 'test_child_move_2', 'test_o2m_delete_parent', 'test_one_to_one', 'test_bidirectional', 'test_double_relationship'],
    SaveTest: ['test_basic', 'test_synonym', 'test_lazyattr_commit', 'test_inherits', 'test_deferred', 'test_dont_update_blanks', 'test_multi_table_selectable', 'test_history_get', 'test_batch_mode'],
    ManyToOneTest: ['test_m2o_one_to_one', 'test_many_to_one_1', 'test_many_to_one_2', 'test_many_to_one_3'],
    ManyToManyTest: ['test_many_to_many', 'test_many_to_many_remove', 'test_scalar', 'test_many_to_many_update', 'test_association'],
    SaveTest2: ['test_m2o_nonmatch'],
    SaveTest3: ['test_manytomany_xtracol_delete'],
    BooleanColTest: ['test_boolean'],
    RowSwitchTest: ['test_onetomany', 'test_manytomany', 'test_manytoone'],
    InheritingRowSwitchTest: ['test_row_switch_no_child_table'],
    PartialNullPKTest: ['test_key_switch', 'test_plain_update', 'test_delete', 'test_total_null', 'test_dont_complain_if_no_update'],
    NoRowInsertedTest: ['test_insert_single_no_pk_correct_exception', 'test_insert_multi_no_pk_correct_exception'],
    EnsurePKSortableTest: ['test_exception_persistent_flush_py3k', 'test_persistent_flush_sortable', 'test_pep435_custom_sort_key'],
  },
  notApplicable: {
    'test_unitofwork.py::ColumnPropertyTest::test_refreshes_post_init':
      "Mapper.add_property() after mapping: Athanor's attributes are declared by decorators when the class is defined (an expression attribute by @ExpressionProperty) and mappers are configured once from them; the same expression declared on the class is test_refreshes",
    'test_unitofwork.py::PartialNullPKTest::test_key_switch':
      'an object whose primary key has a NULL part cannot exist in Athanor (documented in the README under Session semantics): its INSERT is refused on every database (test_total_null) and a row with such a key loads as no object, so there is no such object to UPDATE or DELETE; SQLAlchemy INSERTs and loads it on SQLite (allow_partial_pks) and refuses only the UPDATE/DELETE',
    'test_unitofwork.py::PartialNullPKTest::test_plain_update':
      'an object whose primary key has a NULL part cannot exist in Athanor (documented in the README under Session semantics): its INSERT is refused on every database (test_total_null) and a row with such a key loads as no object, so there is no such object to UPDATE or DELETE; SQLAlchemy INSERTs and loads it on SQLite (allow_partial_pks) and refuses only the UPDATE/DELETE',
    'test_unitofwork.py::PartialNullPKTest::test_delete':
      'an object whose primary key has a NULL part cannot exist in Athanor (documented in the README under Session semantics): its INSERT is refused on every database (test_total_null) and a row with such a key loads as no object, so there is no such object to UPDATE or DELETE; SQLAlchemy INSERTs and loads it on SQLite (allow_partial_pks) and refuses only the UPDATE/DELETE',
    'test_unitofwork.py::PartialNullPKTest::test_dont_complain_if_no_update':
      'an object whose primary key has a NULL part cannot exist in Athanor (documented in the README under Session semantics): its INSERT is refused on every database (test_total_null) and a row with such a key loads as no object, so there is no such object to UPDATE or DELETE; SQLAlchemy INSERTs and loads it on SQLite (allow_partial_pks) and refuses only the UPDATE/DELETE',
    'test_unitofwork.py::ClauseAttributesTest::test_clauseelement_accessor':
      `Python's __clause_element__ protocol (any object turning itself into SQL when assigned); Athanor's attributes take an Expression directly (literalColumn(), attrs(User).counter.add(1)), which test_update covers`,
    'test_unitofwork.py::EnsurePKSortableTest::test_exception_persistent_flush_py3k':
      `Python values that refuse '<' (an enum class without ordering) make SQLAlchemy's sort of states by key fail; Athanor's enum values are strings and its key order never raises (test_persistent_flush_sortable covers enum keys)`,
    'test_unitofwork.py::EnsurePKSortableTest::test_pep435_custom_sort_key':
      `Enum(sort_key_function=…) for PEP 435 enum classes and the internal _sort_states: Athanor's enum values are strings, ordered as strings, with no sort-key hook`,
  },
  notPorted: {},
};
