import type { SqlalchemyFileCoverage } from './file-coverage';

/** test_cycles.py: its tests by defining class, and those not ported with the reason. */
export const coverage: SqlalchemyFileCoverage = {
  file: 'test_cycles.py',
  tests: {
    SelfReferentialTest: ['test_single', 'test_many_to_one_only', 'test_cycle', 'test_setnull_ondelete'],
    SelfReferentialNoPKTest: ['test_basic', 'test_lazy_clause'],
    InheritTestOne: ['test_many_to_one_only'],
    InheritTestTwo: ['test_flush'],
    BiDirectionalManyToOneTest: ['test_reflush', 'test_reflush_2'],
    BiDirectionalOneToManyTest: ['test_cycle'],
    BiDirectionalOneToManyTest2: ['test_cycle'],
    OneToManyManyToOneTest: ['test_cycle', 'test_post_update_m2o_no_cascade', 'test_post_update_m2o', 'test_post_update_backref', 'test_post_update_o2m', 'test_post_update_m2o_detect_none'],
    SelfReferentialPostUpdateTest: ['test_one'],
    SelfReferentialPostUpdateTest2: ['test_one'],
    SelfReferentialPostUpdateTest3: ['test_one'],
    PostUpdatePrefetchTest: ['test_update_counter'],
    PostUpdateBatchingTest: ['test_one'],
    PostUpdateOnUpdateTest: ['test_update_defaults', 'test_update_defaults_refresh_flush_event', 'test_update_defaults_refresh_flush_event_no_postupdate', 'test_update_defaults_dont_expire_on_delete', 'test_update_defaults_dont_expire_on_delete_no_postupdate', 'test_update_defaults_can_set_value'],
  },
  notApplicable: {
  },
  notPorted: {
  },
};
