import type { SqlalchemyFileCoverage } from './file-coverage';

/** test_orm_upd_del_basic.py: its tests by defining class, and those not ported with the reason. */
export const coverage: SqlalchemyFileCoverage = {
  file: 'test_orm_upd_del_basic.py',
  tests: {
    UpdateDeleteTest: [
      'test_autoflush',
      'test_update_dont_use_col_key',
      'test_get_bind_scenarios',
      'test_illegal_eval',
      'test_update_against_external_non_mapped_cols',
      'test_illegal_operations',
      'test_update_w_unevaluatable_value_evaluate',
      'test_update_w_unevaluatable_value_fetch',
      'test_evaluate_clauseelement',
      'test_evaluate_invalid',
      'test_evaluate_unmapped_col',
      'test_evaluate_synonym_string',
      'test_evaluate_synonym_attr',
      'test_evaluate_double_synonym_attr',
      'test_evaluate_dont_refresh_expired_objects',
      'test_auto_synchronize',
      'test_fetch_dont_refresh_expired_objects',
      'test_delete',
      'test_delete_against_metadata',
      'test_delete_with_bindparams',
      'test_delete_rollback',
      'test_delete_rollback_with_fetch',
      'test_delete_without_session_sync',
      'test_delete_with_fetch_strategy',
      'test_delete_invalid_evaluation',
      'test_delete_bulk_not_supported',
      'test_update',
      'test_update_newstyle',
      'test_update_newstyle_lambda',
      'test_update_with_loader_criteria',
      'test_delete_with_loader_criteria',
      'test_update_against_table_col',
      'test_update_against_metadata',
      'test_update_with_bindparams',
      'test_update_returning_star',
      'test_update_returning_eagerload_propagate',
      'test_update_fetch_returning',
      'test_update_fetch_returning_lambda',
      'test_update_evaluate_w_explicit_returning',
      'test_update_from_multi_returning',
      'test_fetch_w_explicit_returning',
      'test_crud_returning_bundle',
      'test_delete_returning_star',
      'test_delete_fetch_returning',
      'test_delete_fetch_returning_lambda',
      'test_update_with_filter_statement',
      'test_update_without_load',
      'test_update_changes_resets_dirty',
      'test_bulk_update_synchronize_session',
      'test_update_changes_with_autoflush',
      'test_update_with_expire_strategy',
      'test_update_returns_rowcount',
      'test_delete_returns_rowcount',
      'test_update_all',
      'test_delete_all',
      'test_autoflush_before_evaluate_update',
      'test_autoflush_before_fetch_update',
      'test_autoflush_before_evaluate_delete',
      'test_autoflush_before_fetch_delete',
      'test_evaluate_before_update',
      'test_fetch_before_update',
      'test_evaluate_before_delete',
      'test_fetch_before_delete',
      'test_update_unordered_dict',
      'test_update_preserve_parameter_order_query',
      'test_update_multi_values_error',
      'test_update_preserve_parameter_order',
      'test_sharding_extension_returning_mismatch',
      'test_routing_session',
    ],
    UpdateDeleteIgnoresLoadersTest: [
      'test_update_with_eager_relationships',
      'test_update_with_explicit_joinedload',
      'test_delete_with_eager_relationships',
    ],
    UpdateDeleteFromTest: [
      'test_update_from_alias',
      'test_delete_using_alias',
      'test_update_from_joined_subq_test',
      'test_delete_using_joined_subq_test',
      'test_no_eval_against_multi_table_criteria',
      'test_multi_table_criteria_ok_wo_eval',
      'test_update_using_in',
      'test_update_using_case',
      'test_update_from_multitable_same_names',
    ],
    ExpressionUpdateDeleteTest: [
      'test_update_attr_names',
      'test_update_args',
      'test_delete_args',
    ],
  },
  notApplicable: {
    'test_orm_upd_del_basic.py::UpdateDeleteTest::test_update_preserve_parameter_order_query':
      'the legacy Query.update() form (tuples with update_args preserve_parameter_order) of test_update_preserve_parameter_order, which is ported: Athanor has the one ormUpdate().values() form, whose SET clause follows the object\'s key order',
    'test_orm_upd_del_basic.py::UpdateDeleteIgnoresLoadersTest::test_update_with_explicit_joinedload':
      'a joinedload() option on the query an UPDATE is made from: ormUpdate() takes no loader options, so there is nothing to ignore',
    'test_orm_upd_del_basic.py::UpdateDeleteTest::test_illegal_operations':
      'Query.update()/delete() after limit(), offset(), order_by(), group_by(), distinct(), join() or select_from(): ormUpdate()/ormDelete() are statements of their own with where() and values() only, so these combinations cannot be built',
    'test_orm_upd_del_basic.py::UpdateDeleteTest::test_update_with_filter_statement':
      "Query(User.name == 'filter').update(): a legacy Query of an expression; ormUpdate() takes a mapped class only (checked by its type)",
    'test_orm_upd_del_basic.py::UpdateDeleteTest::test_evaluate_clauseelement':
      'the Python __clause_element__() protocol (an arbitrary object standing for a column as a SET key) has no counterpart',
    'test_orm_upd_del_basic.py::UpdateDeleteTest::test_evaluate_invalid':
      'the Python __clause_element__() protocol (an arbitrary object standing for a column as a SET key) has no counterpart',
    'test_orm_upd_del_basic.py::UpdateDeleteTest::test_evaluate_unmapped_col':
      'a loose column() object as a SET key: ormUpdate().values() is keyed by attribute name (an object literal), so a column object cannot be a key',
    'test_orm_upd_del_basic.py::UpdateDeleteTest::test_update_against_table_col':
      'a Core table column as the SET key: ormUpdate().values() is keyed by attribute name (an object literal), so a column object cannot be a key',
    'test_orm_upd_del_basic.py::UpdateDeleteTest::test_delete_bulk_not_supported':
      'a DELETE given a list of parameter sets: executeBulk() takes a statement and options, there is no parameter list to pass',
    'test_orm_upd_del_basic.py::UpdateDeleteTest::test_update_newstyle_lambda':
      'lambda statements (lambda_stmt) are a Python statement-caching API with no counterpart',
    'test_orm_upd_del_basic.py::UpdateDeleteTest::test_update_fetch_returning_lambda':
      'lambda statements (lambda_stmt) are a Python statement-caching API with no counterpart',
    'test_orm_upd_del_basic.py::UpdateDeleteTest::test_delete_fetch_returning_lambda':
      'lambda statements (lambda_stmt) are a Python statement-caching API with no counterpart',
    'test_orm_upd_del_basic.py::UpdateDeleteTest::test_sharding_extension_returning_mismatch':
      "a do_orm_execute hook re-invoking one statement on engines that differ in RETURNING support, merging the results: ShardedSession runs an UPDATE/DELETE on one shard (execute() refuses { shards }), and executeBulk takes one shard's Session, so the mismatch cannot arise",
    'test_orm_upd_del_basic.py::UpdateDeleteTest::test_routing_session':
      "a get_bind() override hearing every statement of a bulk UPDATE/DELETE (the fetch SELECT included): Athanor's SessionRouter is consulted only for reads outside a transaction; a bulk UPDATE/DELETE and its fetch SELECT always run on the session's bind, in its transaction, so there is nothing to route",
  },
  notPorted: {
  },
};
