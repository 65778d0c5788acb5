import type { SqlalchemyFileCoverage } from './file-coverage';

/** test_naturalpks.py: its tests by defining class, and those not ported with the reason. */
export const coverage: SqlalchemyFileCoverage = {
  file: 'test_naturalpks.py',
  tests: {
    NaturalPKTest: [
      'test_entity',
      'test_load_after_expire',
      'test_update_to_sql_expr',
      'test_update_to_self_sql_expr',
      'test_flush_new_pk_after_expire',
      'test_onetomany_passive',
      'test_onetomany_nonpassive',
      'test_manytoone_passive',
      'test_manytoone_nonpassive',
      'test_manytoone_passive_uselist',
      'test_manytoone_nonpassive_uselist',
      'test_manytoone_nonpassive_cold_mapping',
      'test_onetoone_passive',
      'test_onetoone_nonpassive',
      'test_bidirectional_passive',
      'test_bidirectional_nonpassive',
      'test_manytomany_passive',
      'test_manytomany_nonpassive',
      'test_manytoone_deferred_relationship_expr',
    ],
    TransientExceptionTesst: [
      'test_transient_exception',
    ],
    ReversePKsTest: [
      'test_reverse',
      'test_reverse_savepoint',
    ],
    SelfReferentialTest: [
      'test_one_to_many_on_m2o',
      'test_one_to_many_on_o2m',
      'test_many_to_one_passive',
      'test_many_to_one_nonpassive',
    ],
    NonPKCascadeTest: [
      'test_onetomany_passive',
      'test_onetomany_nonpassive',
    ],
    CascadeToFKPKTest: [
      'test_onetomany_passive',
      'test_onetomany_nonpassive',
      'test_o2m_change_passive',
      'test_o2m_change_nonpassive',
      'test_o2m_move_passive',
      'test_o2m_move_nonpassive',
      'test_change_m2o_passive',
      'test_change_m2o_nonpassive',
      'test_change_m2o_passive_uselist',
      'test_change_m2o_nonpassive_uselist',
      'test_move_m2o_passive',
      'test_move_m2o_nonpassive',
      'test_rowswitch_doesntfire',
    ],
    JoinedInheritanceTest: [
      'test_pk_passive',
      'test_pk_nonpassive',
      'test_fk_passive',
      'test_fk_nonpassive',
      'test_pk_threelevel_passive',
      'test_pk_threelevel_nonpassive',
      'test_fk_threelevel_passive',
      'test_fk_threelevel_nonpassive',
    ],
    UnsortablePKTest: [
      'test_updates_sorted',
    ],
    JoinedInheritancePKOnFKTest: [
      'test_pk_passive',
      'test_pk_nonpassive',
    ],
  },
  notApplicable: {
    'test_naturalpks.py::NaturalPKTest::test_manytoone_passive_uselist':
      'a many-to-one mapped as a one-item list (uselist=True): Athanor refuses uselist on a many-to-one as a configuration error, so this variant of the key change cannot be mapped; the plain many-to-one variant is ported',
    'test_naturalpks.py::NaturalPKTest::test_manytoone_nonpassive_uselist':
      'a many-to-one mapped as a one-item list (uselist=True): Athanor refuses uselist on a many-to-one as a configuration error, so this variant of the key change cannot be mapped; the plain many-to-one variant is ported',
    'test_naturalpks.py::CascadeToFKPKTest::test_change_m2o_passive_uselist':
      'a many-to-one mapped as a one-item list (uselist=True): Athanor refuses uselist on a many-to-one as a configuration error, so this variant of the key change cannot be mapped; the plain many-to-one variant is ported',
    'test_naturalpks.py::CascadeToFKPKTest::test_change_m2o_nonpassive_uselist':
      'a many-to-one mapped as a one-item list (uselist=True): Athanor refuses uselist on a many-to-one as a configuration error, so this variant of the key change cannot be mapped; the plain many-to-one variant is ported',
    'test_naturalpks.py::UnsortablePKTest::test_updates_sorted':
      'sorts primary keys of a Python enum class without an ordering; TypeScript keys are strings, numbers or bigints, always ordered',
  },
  notPorted: {
  },
};
