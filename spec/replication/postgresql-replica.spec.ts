import { startPostgresqlStandby } from '../support/replica-topology';
import { replicaScenarios } from './replica-scenarios';

/**
 * Read replicas on PostgreSQL: a hot standby of the local server (pg_basebackup, streaming
 * replication) on a free port, started here and stopped after.
 */
const listed = (process.env.ATHANOR_TEST_DIALECTS ?? 'postgresql').split(',').includes('postgresql');
(listed ? describe : describe.skip)('read replicas on a PostgreSQL hot standby', () => {
  replicaScenarios(() =>
    startPostgresqlStandby(process.env.ATHANOR_POSTGRESQL_URL ?? 'postgresql://postgres@127.0.0.1:5432/test'),
  );
});
