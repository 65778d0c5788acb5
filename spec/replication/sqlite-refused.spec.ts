import { createEngine, createReplicaSet } from '../../lib/drivers';
import { ConfigurationError, ReplicaRoutingUnsupportedError } from '../../lib/errors';

describe('replica routing on SQLite', () => {
  it('is refused with a typed error naming SQLite', async () => {
    const a = createEngine('sqlite://');
    const b = createEngine('sqlite://');
    try {
      expect(() => createReplicaSet(a, [b])).toThrow(ReplicaRoutingUnsupportedError);
      expect(() => createReplicaSet(a, [b])).toThrow(/sqlite.*no replicas/i);
      expect(new ReplicaRoutingUnsupportedError('x')).toBeInstanceOf(ConfigurationError);
    } finally {
      await a.dispose();
      await b.dispose();
    }
  });
});
