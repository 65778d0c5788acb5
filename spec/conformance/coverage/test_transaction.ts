import type { SqlalchemyFileCoverage } from './file-coverage';

/** test_transaction.py: its tests by defining class, and those not ported with the reason. */
export const coverage: SqlalchemyFileCoverage = {
  file: 'test_transaction.py',
  tests: {
    SessionTransactionTest: ['test_no_close_transaction_on_flush', 'test_subtransaction_on_external_no_begin', 'test_external_nested_transaction', 'test_join_transaction_modes', 'test_join_transaction_mode_with_event', 'test_subtransaction_on_external_commit', 'test_subtransaction_on_external_rollback', 'test_savepoint_on_external', 'test_nested_accounting_new_items_removed', 'test_nested_accounting_deleted_items_restored', 'test_dirty_state_transferred_deep_nesting', 'test_transactions_isolated', 'test_twophase', 'test_invalidate', 'test_nested_transaction', 'test_nested_autotrans', 'test_nested_transaction_connection_add', 'test_mixed_transaction_close', 'test_begin_fails_connection_is_closed', 'test_begin_savepoint_fails_connection_is_not_closed', 'test_no_rollback_in_committed_state', 'test_continue_flushing_on_commit', 'test_continue_flushing_guard', 'test_no_sql_during_commit', 'test_no_sql_during_prepare', 'test_no_sql_during_rollback', 'test_failed_rollback_deactivates_transaction', 'test_no_prepare_wo_twophase', 'test_closed_status_check', 'test_execution_options_begin_transaction', 'test_execution_options_ignored_mid_transaction', 'test_warning_on_using_inactive_session_new', 'test_warning_on_using_inactive_session_dirty', 'test_warning_on_using_inactive_session_delete', 'test_warning_on_using_inactive_session_rollback_evt', 'test_preserve_flush_error', 'test_no_autobegin_after_explicit_commit'],
    SubtransactionRecipeTest: ['test_recipe_heavy_nesting', 'test_recipe_subtransaction_on_external_subtrans', 'test_recipe_commit_one', 'test_recipe_subtransaction_on_noautocommit', 'test_recipe_mixed_transaction_control', 'test_recipe_error_on_using_inactive_session_commands', 'test_recipe_multi_nesting', 'test_recipe_deactive_status_check'],
    FixtureDataTest: ['test_attrs_on_rollback', 'test_commit_persistent', 'test_concurrent_commit_persistent'],
    CleanSavepointTest: ['test_rollback_ignores_clean_on_savepoint', 'test_rollback_ignores_clean_on_savepoint_agg_upd_eval', 'test_rollback_ignores_clean_on_savepoint_agg_upd_fetch'],
    AutoExpireTest: ['test_expunge_pending_on_rollback', 'test_trans_pending_cleared_on_commit', 'test_update_deleted_on_rollback', 'test_trans_deleted_cleared_on_rollback', 'test_update_deleted_on_rollback_cascade', 'test_update_deleted_on_rollback_orphan', 'test_commit_pending', 'test_concurrent_commit_pending'],
    TwoPhaseTest: ['test_rollback_on_prepare', 'test_rollback_on_prepare_failure'],
    RollbackRecoverTest: ['test_pk_violation', 'test_pk_violation_with_savepoint'],
    SavepointTest: ['test_savepoint_rollback', 'test_savepoint_delete', 'test_savepoint_commit', 'test_savepoint_rollback_collections', 'test_savepoint_commit_collections', 'test_expunge_pending_on_rollback', 'test_update_deleted_on_rollback', 'test_savepoint_lost_still_runs'],
    AccountingFlagsTest: ['test_no_expire_on_commit'],
    ContextManagerPlusFutureTest: ['test_contextmanager_nested_rollback', 'test_contextmanager_commit', 'test_contextmanager_rollback', 'test_explicit_begin', 'test_no_double_begin_explicit', 'test_rollback_is_global', 'test_session_as_ctx_manager_one', 'test_session_as_ctx_manager_two', 'test_begin_context_manager', 'test_sessionmaker_begin_context_manager', 'test_begin_context_manager_rollback_trans', 'test_begin_context_manager_rollback_outer', 'test_sessionmaker_begin_context_manager_rollback_trans', 'test_sessionmaker_begin_context_manager_rollback_outer', 'test_interrupt_ctxmanager', 'test_interrupt_ctxmanager_ops', 'test_rollback_exception_in_ctxmanager_error_message'],
    TransactionFlagsTest: ['test_in_transaction', 'test_in_transaction_subtransactions', 'test_in_transaction_nesting'],
    NaturalPKRollbackTest: ['test_rollback_recover', 'test_reloaded_deleted_checked_for_expiry', 'test_key_replaced_by_update', 'test_key_replaced_by_update_nested', 'test_multiple_key_replaced_by_update', 'test_key_replaced_by_oob_insert'],
    JoinIntoAnExternalTransactionFixture: ['test_something'],
    CtxManagerJoinIntoAnExternalTransactionFixture: ['test_something_with_context_managers', 'test_super_abusive_nesting'],
  },
  notApplicable: {
    'test_transaction.py::SessionTransactionTest::test_no_rollback_in_committed_state': 'the pool\'s reset-on-return ROLLBACK failing after a successful COMMIT; Athanor\'s pool does not roll back a connection returned after COMMIT',
  },
  notPorted: {
  },
};
