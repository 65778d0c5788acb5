import { text } from '../../lib/sql';
import { describeEachDialect } from '../support/dialects';

/**
 * `engine.dispose()` waits a bounded time for checked-out connections, then closes them and says
 * how many it forced: it never hangs, and never lets the process end silently.
 */
describeEachDialect(
  'engine.dispose() with connections still checked out',
  (d) => {
    const warnings: string[] = [];
    let spy: jest.SpyInstance | undefined;
    beforeEach(() => {
      warnings.length = 0;
      spy = jest.spyOn(process, 'emitWarning').mockImplementation(((message: string, type?: string) => {
        if (type === 'AthanorWarning') warnings.push(message);
      }) as never);
    });
    afterEach(() => spy?.mockRestore());

    it('resolves after the timeout, closing and counting the connections it forced', async () => {
      const engine = d.newEngine({ pool: { max: 3 } });
      const held = [await engine.connect(), await engine.connect()];
      await held[0]!.execute(text('SELECT 1'));
      const free = await engine.connect();
      await free.close();
      const started = Date.now();
      const forced = await engine.dispose({ timeoutMillis: 200 });
      expect(forced).toBe(2);
      expect(Date.now() - started).toBeGreaterThanOrEqual(190);
      expect(warnings.join('\n')).toMatch(
        /dispose\(\) closed 2 connection\(s\) still checked out after 200 ms/,
      );
      expect(engine.poolStatus.used).toBe(0);
      // The holders see a closed connection, and giving it back is harmless.
      await expect(held[0]!.execute(text('SELECT 1'))).rejects.toThrow();
      await Promise.all(held.map((c) => c.close()));
      // A second dispose is a no-op.
      expect(await engine.dispose()).toBe(0);
    });

    it('waits for connections returned before the timeout and forces none', async () => {
      const engine = d.newEngine({ pool: { max: 2 } });
      const conn = await engine.connect();
      setTimeout(() => void conn.close(), 50);
      expect(await engine.dispose({ timeoutMillis: 5000 })).toBe(0);
    });
  },
  { sqliteFile: true },
);
