import type { SqlalchemyFileCoverage } from './file-coverage';

/** test_backref_mutations.py: its tests by defining class, and those not ported with the reason. */
export const coverage: SqlalchemyFileCoverage = {
  file: 'test_backref_mutations.py',
  tests: {
    O2MCollectionTest: [
      'test_collection_move_hitslazy',
      'test_collection_move_preloaded',
      'test_collection_move_notloaded',
      'test_collection_move_commitfirst',
      'test_scalar_move_preloaded',
      'test_plain_load_passive',
      'test_set_none',
      'test_scalar_move_notloaded',
      'test_scalar_move_commitfirst',
      'test_collection_assignment_mutates_previous_one',
      'test_collection_assignment_mutates_previous_two',
      'test_del_from_collection',
      'test_del_from_scalar',
      'test_tuple_assignment_w_reverse',
      'test_straight_remove',
      'test_append_del',
      'test_bulk_replace',
    ],
    O2OScalarBackrefMoveTest: [
      'test_collection_move_preloaded',
      'test_scalar_move_preloaded',
      'test_collection_move_notloaded',
      'test_scalar_move_notloaded',
      'test_collection_move_commitfirst',
      'test_scalar_move_commitfirst',
    ],
    O2OScalarMoveTest: ['test_collection_move_commitfirst'],
    O2OScalarOrphanTest: ['test_m2o_event'],
    M2MCollectionMoveTest: [
      'test_add_remove_pending_backref',
      'test_remove_add_pending_backref',
      'test_pending_combines_with_flushed',
      'test_duplicate_adds',
      'test_bulk_replace',
    ],
    M2MScalarMoveTest: [
      'test_collection_move_preloaded',
      'test_collection_move_notloaded',
      'test_collection_move_commit',
    ],
    O2MStaleBackrefTest: ['test_backref_pop_m2o'],
    M2MStaleBackrefTest: ['test_backref_pop_m2m'],
  },
  notApplicable: {

  },
  notPorted: {

  },
};
