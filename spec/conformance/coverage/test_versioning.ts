import type { SqlalchemyFileCoverage } from './file-coverage';

/** test_versioning.py: its tests by defining class, and those not ported with the reason. */
export const coverage: SqlalchemyFileCoverage = {
  file: 'test_versioning.py',
  tests: {
    NullVersionIdTest: [
      'test_null_version_id_insert',
      'test_null_version_id_update',
    ],
    VersioningTest: [
      'test_notsane_warning',
      'test_basic',
      'test_multiple_updates',
      'test_bulk_insert',
      'test_bulk_update',
      'test_bump_version',
      'test_versioncheck',
      'test_versioncheck_not_versioned',
      'test_versioncheck_for_update',
      'test_update_multi_missing_broken_multi_rowcount',
      'test_update_delete_no_plain_rowcount',
      'test_noversioncheck',
      'test_merge_no_version',
      'test_merge_correct_version',
      'test_merge_incorrect_version',
      'test_merge_incorrect_version_not_in_session',
    ],
    VersionOnPostUpdateTest: [
      'test_o2m_plain',
      'test_m2o_plain',
      'test_o2m_post_update',
      'test_m2o_post_update',
      'test_o2m_post_update_not_assoc_w_insert',
      'test_m2o_post_update_not_assoc_w_insert',
      'test_o2m_post_update_version_assert',
      'test_o2m_post_update_no_sane_rowcount',
      'test_m2o_post_update_version_assert',
    ],
    PostUpdatePrefetchTest: [
      'test_random_versionids',
    ],
    NoBumpOnRelationshipTest: [
      'test_plain_counter',
      'test_functional_counter',
      'test_no_counter',
    ],
    ColumnTypeTest: [
      'test_update',
    ],
    RowSwitchTest: [
      'test_row_switch',
      'test_child_row_switch',
    ],
    AlternateGeneratorTest: [
      'test_row_switch',
      'test_child_row_switch_one',
      'test_child_row_switch_two',
    ],
    PlainInheritanceTest: [
      'test_update_child_table_only',
    ],
    InheritanceTwoVersionIdsTest: [
      'test_base_both',
      'test_sub_both',
      'test_sub_only',
      'test_mismatch_version_col_warning',
    ],
    ServerVersioningTest: [
      'test_insert_col',
      'test_insert_col_eager_defaults',
      'test_update_col',
      'test_update_col_eager_defaults',
      'test_sql_expr_bump',
      'test_sql_expr_w_mods_bump',
      'test_multi_update',
      'test_delete_col',
      'test_concurrent_mod_err_expire_on_commit',
      'test_concurrent_mod_err_noexpire_on_commit',
    ],
    ManualVersionTest: [
      'test_insert',
      'test_update',
      'test_update_concurrent_check',
      'test_update_version_conditional',
    ],
    ManualInheritanceVersionTest: [
      'test_no_increment',
    ],
    VersioningMappedSelectTest: [
      'test_implicit',
      'test_explicit',
      'test_implicit_no_readonly',
      'test_explicit_assign_from_expired',
    ],
    QuotedBindVersioningTest: [
      'test_round_trip',
    ],
    PostUpdateVersioningTest: [
      'test_bumped_version_id_on_update',
      'test_bumped_version_id_on_delete',
    ],
  },
  notApplicable: {
    'test_versioning.py::VersioningTest::test_notsane_warning':
      'Athanor\'s dialects all report the rows an UPDATE/DELETE matched, so the degraded no-rowcount paths this tests have no counterpart',
    'test_versioning.py::VersioningTest::test_update_multi_missing_broken_multi_rowcount':
      'Athanor\'s dialects all report the rows an UPDATE/DELETE matched, so the degraded no-rowcount paths this tests have no counterpart',
    'test_versioning.py::VersioningTest::test_update_delete_no_plain_rowcount':
      'Athanor\'s dialects all report the rows an UPDATE/DELETE matched, so the degraded no-rowcount paths this tests have no counterpart',
    'test_versioning.py::VersionOnPostUpdateTest::test_o2m_post_update_no_sane_rowcount':
      'Athanor\'s dialects all report the rows an UPDATE/DELETE matched, so the degraded no-rowcount paths this tests have no counterpart',
  },
  notPorted: {},
};
