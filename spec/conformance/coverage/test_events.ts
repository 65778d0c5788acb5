import type { SqlalchemyFileCoverage } from './file-coverage';

const NO_LOADS =
  'the column and relationship loads the session runs itself are not shown to doOrmExecute listeners, only the statements the application runs';
const NO_USER_OPTIONS =
  'user-defined statement options (UserDefinedOption) and their propagation to loads are not provided';
const NO_PARAMETERS =
  'ORMExecuteState.parameters is not provided: a statement takes its values from bound values in its tree, and a listener replaces the statement through invokeStatement({ statement })';
const NO_UPDATE_OPTIONS =
  "ORMExecuteState.update_execution_options() is not provided: a listener runs the statement with other options through invokeStatement({ executionOptions }) and returns that result";
const NO_MAPPERS = 'ORMExecuteState.bind_mapper and all_mappers are not provided';

/**
 * test_events.py: ORMExecuteTest only (the `doOrmExecute` event); the mapper, instance, session and
 * attribute event classes of the file are not surveyed yet.
 */
export const coverage: SqlalchemyFileCoverage = {
  file: 'test_events.py',
  tests: {
    ORMExecuteTest: [
      'test_cache_option',
      'test_user_option_propagation',
      'test_user_option_propagation_after_with_only_columns',
      'test_execution_option_visibility_and_mutation',
      'test_load_option_propagation_to_post_load',
      'test_override_parameters_scalar',
      'test_override_parameters_executesingle',
      'test_override_parameters_executemany',
      'test_override_parameters_executemany_mismatch',
      'test_chained_events_one',
      'test_non_orm_statements',
      'test_all_mappers_accessor_one',
      'test_all_mappers_accessor_two',
      'test_all_mappers_accessor_three',
      'test_select_flags',
      'test_select_from_statement_flags',
      'test_lazyload_flags',
      'test_selectinload_flags',
      'test_subqueryload_flags',
      'test_update_delete_flags',
      'test_chained_events_two',
      'test_autoflush_change',
      'test_mutate_parameters',
      'test_mutate_parameters_selectinload',
    ],
  },
  notApplicable: {
    'test_events.py::ORMExecuteTest::test_load_option_propagation_to_post_load': NO_LOADS,
    'test_events.py::ORMExecuteTest::test_lazyload_flags': NO_LOADS,
    'test_events.py::ORMExecuteTest::test_selectinload_flags': NO_LOADS,
    'test_events.py::ORMExecuteTest::test_subqueryload_flags': NO_LOADS,
    'test_events.py::ORMExecuteTest::test_mutate_parameters_selectinload': NO_LOADS,
  },
  notPorted: {
    'test_events.py::ORMExecuteTest::test_cache_option': `${NO_USER_OPTIONS}; nor is a frozen result to replay`,
    'test_events.py::ORMExecuteTest::test_user_option_propagation': NO_USER_OPTIONS,
    'test_events.py::ORMExecuteTest::test_user_option_propagation_after_with_only_columns': NO_USER_OPTIONS,
    'test_events.py::ORMExecuteTest::test_execution_option_visibility_and_mutation': NO_UPDATE_OPTIONS,
    'test_events.py::ORMExecuteTest::test_override_parameters_scalar': NO_PARAMETERS,
    'test_events.py::ORMExecuteTest::test_override_parameters_executesingle': NO_PARAMETERS,
    'test_events.py::ORMExecuteTest::test_override_parameters_executemany': NO_PARAMETERS,
    'test_events.py::ORMExecuteTest::test_override_parameters_executemany_mismatch': NO_PARAMETERS,
    'test_events.py::ORMExecuteTest::test_mutate_parameters': NO_PARAMETERS,
    'test_events.py::ORMExecuteTest::test_chained_events_one': NO_UPDATE_OPTIONS,
    'test_events.py::ORMExecuteTest::test_chained_events_two': NO_UPDATE_OPTIONS,
    'test_events.py::ORMExecuteTest::test_autoflush_change': `${NO_UPDATE_OPTIONS}; a select autoflushes before its listeners run`,
    'test_events.py::ORMExecuteTest::test_all_mappers_accessor_one': NO_MAPPERS,
    'test_events.py::ORMExecuteTest::test_all_mappers_accessor_two': NO_MAPPERS,
    'test_events.py::ORMExecuteTest::test_all_mappers_accessor_three': NO_MAPPERS,
  },
};
