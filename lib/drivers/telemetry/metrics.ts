import type { PoolStatus } from '../pool';
import type { Histogram, Meter } from './otel-api';

/** The histograms a statement or a checkout records into. */
export interface ClientMetrics {
  readonly duration: Histogram;
  readonly waitTime: Histogram;
}

/**
 * Creates the database client metrics of the semantic conventions on `meter`: the operation
 * duration and pool wait histograms, and the pool's connection counts, observed from
 * `poolStatus` when the meter's reader collects.
 */
export function createClientMetrics(
  meter: Meter,
  poolName: string,
  poolStatus: () => PoolStatus,
): ClientMetrics {
  const duration = meter.createHistogram('db.client.operation.duration', {
    description: 'Duration of database client operations.',
    unit: 's',
    advice: { explicitBucketBoundaries: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10] },
  });
  const waitTime = meter.createHistogram('db.client.connection.wait_time', {
    description: 'The time it took to obtain an open connection from the pool.',
    unit: 's',
  });
  const pool = { 'db.client.connection.pool.name': poolName };
  const count = meter.createObservableUpDownCounter('db.client.connection.count', {
    description:
      'The number of connections that are currently in the state described by the state attribute.',
    unit: '{connection}',
  });
  const max = meter.createObservableUpDownCounter('db.client.connection.max', {
    description: 'The maximum number of open connections allowed.',
    unit: '{connection}',
  });
  const pending = meter.createObservableUpDownCounter('db.client.connection.pending_requests', {
    description: 'The number of current pending requests for an open connection.',
    unit: '{request}',
  });
  meter.addBatchObservableCallback(
    (result) => {
      const s = poolStatus();
      result.observe(count, s.used, { ...pool, 'db.client.connection.state': 'used' });
      result.observe(count, s.free, { ...pool, 'db.client.connection.state': 'idle' });
      result.observe(max, s.max, pool);
      result.observe(pending, s.pendingAcquires, pool);
    },
    [count, max, pending],
  );
  return { duration, waitTime };
}
