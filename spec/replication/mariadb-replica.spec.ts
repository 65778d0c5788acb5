import { startMariadbPair } from '../support/replica-topology';
import { replicaScenarios } from './replica-scenarios';

/**
 * Read replicas on MariaDB: a private primary (binary log, GTID) and a replica of it on free
 * ports, started here and stopped after; the shared server is not touched.
 */
const listed = (process.env.ATHANOR_TEST_DIALECTS ?? 'mysql').split(',').includes('mysql');
(listed ? describe : describe.skip)('read replicas on a MariaDB replica', () => {
  replicaScenarios(startMariadbPair);
});
