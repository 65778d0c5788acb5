/**
 * A connection given back is kept at hand for the next checkout (no trip through tarn), but never
 * ahead of a checkout already waiting, never when it may not be reused, and it is closed with the
 * pool.
 */
import type { DriverConnection } from '../../lib/drivers/driver';
import { ConnectionPool, type PooledConnection } from '../../lib/drivers/pool';

function fakePool(max: number): { pool: ConnectionPool; created: PooledConnection[]; destroyed: number[] } {
  const created: PooledConnection[] = [];
  const destroyed: number[] = [];
  const pool = new ConnectionPool(
    async () => {
      const conn: PooledConnection = {
        id: created.length + 1,
        driver: { broken: false } as unknown as DriverConnection,
        dialect: 'sqlite',
        createdAt: Date.now(),
        invalid: false,
        activity: 0,
      };
      created.push(conn);
      return conn;
    },
    async (conn) => void destroyed.push(conn.id),
    { max, acquireTimeoutMillis: 2000 },
  );
  return { pool, created, destroyed };
}

describe('connection pool: connections given back', () => {
  it('are taken again by the next checkout, counted as free meanwhile', async () => {
    const { pool, created } = fakePool(2);
    const first = await pool.acquire();
    pool.release(first);
    expect(pool.status).toMatchObject({ used: 0, free: 1 });
    expect(pool.takeParked()).toBe(first);
    expect(pool.status).toMatchObject({ used: 1, free: 0 });
    pool.release(first);
    expect(await pool.acquire()).toBe(first);
    expect(created).toHaveLength(1);
    pool.release(first);
    await pool.destroy(1000);
  });

  it('go to a checkout already waiting', async () => {
    const { pool } = fakePool(1);
    const held = await pool.acquire();
    let got: PooledConnection | undefined;
    const waiting = pool.acquire().then((c) => (got = c));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(pool.status.pendingAcquires).toBe(1);
    pool.release(held);
    expect(pool.takeParked()).toBeUndefined();
    await waiting;
    expect(got).toBe(held);
    pool.release(held);
    await pool.destroy(1000);
  });

  it('are not reused when marked invalid', async () => {
    const { pool, created, destroyed } = fakePool(1);
    const first = await pool.acquire();
    first.invalid = true;
    pool.release(first);
    expect(pool.takeParked()).toBeUndefined();
    const second = await pool.acquire();
    expect(second).not.toBe(first);
    expect(created).toHaveLength(2);
    expect(destroyed).toEqual([1]);
    pool.release(second);
    await pool.destroy(1000);
  });

  it('are closed by destroy()', async () => {
    const { pool, destroyed } = fakePool(2);
    const a = await pool.acquire();
    const b = await pool.acquire();
    pool.release(a);
    pool.release(b);
    expect(await pool.destroy(1000)).toBe(0);
    expect(destroyed.sort()).toEqual([1, 2]);
  });
});
