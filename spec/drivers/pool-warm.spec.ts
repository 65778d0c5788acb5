/** The pool's warm stack in front of tarn: fast re-checkout without changing what tarn decides. */
import type { DriverConnection } from '../../lib/drivers/driver';
import { ConnectionPool, type PoolOptions, type PooledConnection } from '../../lib/drivers/pool';

function fakePool(options: Partial<PoolOptions> = {}) {
  let nextId = 1;
  const destroyed: number[] = [];
  const pool = new ConnectionPool(
    async () =>
      ({
        id: nextId++,
        driver: { broken: false } as DriverConnection,
        dialect: 'sqlite',
        createdAt: Date.now(),
        invalid: false,
      }) satisfies PooledConnection,
    async (conn) => void destroyed.push(conn.id),
    { max: 1, ...options },
  );
  return { pool, destroyed };
}

describe('connection pool warm stack', () => {
  it('hands a released connection straight back, and counts it as free meanwhile', async () => {
    const { pool } = fakePool({ max: 2 });
    const a = await pool.acquire();
    pool.release(a);
    expect(pool.status).toMatchObject({ used: 0, free: 1 });
    expect(await pool.acquire()).toBe(a);
    expect(pool.status).toMatchObject({ used: 1, free: 0 });
    pool.release(a);
    await pool.destroy();
  });

  it('gives a released connection to whoever waits in tarn', async () => {
    const { pool } = fakePool({ max: 1 });
    const a = await pool.acquire();
    const waiting = pool.acquire();
    await new Promise((r) => setTimeout(r, 10));
    expect(pool.status.pendingAcquires).toBe(1);
    pool.release(a);
    expect(await waiting).toBe(a);
    pool.release(a);
    await pool.destroy();
  });

  it('never reuses an invalid or too old connection', async () => {
    const { pool, destroyed } = fakePool({ max: 1, recycleMillis: 30 });
    const a = await pool.acquire();
    a.invalid = true;
    pool.release(a);
    const b = await pool.acquire();
    expect(b).not.toBe(a);
    pool.release(b);
    await new Promise((r) => setTimeout(r, 40));
    const c = await pool.acquire();
    expect(c).not.toBe(b);
    pool.release(c);
    await pool.destroy();
    expect(destroyed.sort()).toEqual([a.id, b.id, c.id]);
  });

  it('returns unused warm connections to tarn, whose idle timeout then closes them', async () => {
    const { pool, destroyed } = fakePool({ max: 1, idleTimeoutMillis: 10 });
    const a = await pool.acquire();
    pool.release(a);
    const deadline = Date.now() + 5000;
    while (!destroyed.includes(a.id) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(destroyed).toEqual([a.id]);
    expect(pool.status).toMatchObject({ used: 0, free: 0 });
    await pool.destroy();
  });

  it('destroy() closes warm connections too', async () => {
    const { pool, destroyed } = fakePool({ max: 2 });
    const [a, b] = [await pool.acquire(), await pool.acquire()];
    pool.release(a);
    pool.release(b);
    await pool.destroy();
    expect(destroyed.sort()).toEqual([a.id, b.id]);
  });
});
