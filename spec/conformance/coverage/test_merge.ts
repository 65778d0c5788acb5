import type { SqlalchemyFileCoverage } from './file-coverage';

/** test_merge.py: its tests by defining class, and those not ported with the reason. */
export const coverage: SqlalchemyFileCoverage = {
  file: 'test_merge.py',
  tests: {
    MergeTest: [
      'test_loader_options',
      'test_transient_to_pending',
      'test_transient_to_pending_no_pk',
      'test_warn_transient_already_pending_nopk',
      'test_warn_transient_already_pending_pk',
      'test_transient_to_pending_collection',
      'test_transient_non_mutated_collection',
      'test_transient_to_pending_collection_pk_none',
      'test_transient_to_persistent',
      'test_transient_to_persistent_collection',
      'test_detached_to_persistent_collection',
      'test_unsaved_cascade',
      'test_merge_empty_attributes',
      'test_merge_irregular_collection',
      'test_attribute_cascade',
      'test_dont_send_neverset_to_get',
      'test_dont_send_neverset_to_get_w_relationship',
      'test_no_relationship_cascade',
      'test_one_to_many_cascade',
      'test_many_to_one_cascade',
      'test_many_to_many_cascade',
      'test_one_to_one_cascade',
      'test_value_to_none',
      'test_transient_no_load',
      'test_no_load_with_backrefs',
      'test_dontload_with_eager',
      'test_no_load_disallows_dirty',
      'test_no_load_sets_backrefs',
      'test_no_load_preserves_parents',
      'test_relationship_population_maintained',
      'test_synonym',
      'test_cascade_doesnt_blowaway_manytoone',
      'test_cascades_dont_autoflush',
      'test_cascades_dont_autoflush_2',
      'test_dont_expire_pending',
      'test_option_state',
      'test_resolve_conflicts_pending_doesnt_interfere_no_ident',
      'test_resolve_conflicts_pending',
      'test_resolve_conflicts_persistent',
      'test_merge_all',
    ],
    M2ONoUseGetLoadingTest: [
      'test_persistent_access_none',
      'test_persistent_access_one',
      'test_persistent_access_two',
      'test_pending_access_one',
      'test_pending_access_two',
    ],
    DeferredMergeTest: [
      'test_deferred_column_keyed_dict',
      'test_deferred_column_query',
    ],
    MutableMergeTest: [
      'test_list',
    ],
    CompositeNullPksTest: [
      'test_merge_allow_partial',
      'test_merge_disallow_partial',
    ],
    LoadOnPendingTest: [
      'test_merge_delete_orphan_o2o_none',
      'test_merge_delete_orphan_o2o',
    ],
    PolymorphicOnTest: [
      'test_merge_polymorphic_on',
    ],
  },
  notApplicable: {
    'test_merge.py::MergeTest::test_option_state':
      'asserts the loader options SQLAlchemy keeps on each object for its later lazy loads (state.load_options); Athanor never lazy loads and keeps no per-object options',
    'test_merge.py::M2ONoUseGetLoadingTest::test_persistent_access_none':
      'counts the lazy loads a merge sets off through a many-to-one whose join condition (user.id = user.id added to the key equality) disables the identity-map shortcut (use_get); Athanor never lazy loads, and a primaryJoin condition on columns of the parent alone is refused',
    'test_merge.py::M2ONoUseGetLoadingTest::test_persistent_access_one':
      'counts the lazy loads a merge sets off through a many-to-one whose join condition (user.id = user.id added to the key equality) disables the identity-map shortcut (use_get); Athanor never lazy loads, and a primaryJoin condition on columns of the parent alone is refused',
    'test_merge.py::M2ONoUseGetLoadingTest::test_persistent_access_two':
      'counts the lazy loads a merge sets off through a many-to-one whose join condition (user.id = user.id added to the key equality) disables the identity-map shortcut (use_get); Athanor never lazy loads, and a primaryJoin condition on columns of the parent alone is refused',
    'test_merge.py::M2ONoUseGetLoadingTest::test_pending_access_one':
      'counts the lazy loads a merge sets off through a many-to-one whose join condition (user.id = user.id added to the key equality) disables the identity-map shortcut (use_get); Athanor never lazy loads, and a primaryJoin condition on columns of the parent alone is refused',
    'test_merge.py::M2ONoUseGetLoadingTest::test_pending_access_two':
      'counts the lazy loads a merge sets off through a many-to-one whose join condition (user.id = user.id added to the key equality) disables the identity-map shortcut (use_get); Athanor never lazy loads, and a primaryJoin condition on columns of the parent alone is refused',
  },
  notPorted: {},
};
