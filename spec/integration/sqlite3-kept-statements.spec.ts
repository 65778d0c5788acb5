/**
 * The sqlite3 adapter keeps the prepared statements of reads per connection and resets each one
 * after its rows are read: a kept statement must never hold SQLite's lock (another connection's
 * COMMIT would get SQLITE_BUSY) and must follow the schema as a fresh one would.
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, type Engine } from '../../lib/drivers';
import { ProgrammingError } from '../../lib/errors';
import { text } from '../../lib/sql';

describe('sqlite3: prepared statements kept for reads', () => {
  const file = join(tmpdir(), `athanor-sqlite3-kept-${process.pid}.db`);
  let engine: Engine;

  beforeAll(async () => {
    // Rollback journal: a COMMIT needs every other connection's read lock gone.
    engine = createEngine(`sqlite:///${file}?journal_mode=delete&busy_timeout=100`, { pool: { max: 2 } });
    await engine.execute(text('CREATE TABLE kept_item (id INTEGER PRIMARY KEY, label TEXT NOT NULL)'));
    await engine.execute(text("INSERT INTO kept_item (id, label) VALUES (1, 'a'), (2, 'b'), (3, 'c')"));
  });
  afterAll(async () => {
    await engine.dispose();
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true });
  });

  it('a connection that read with a kept statement lets another connection commit', async () => {
    const reader = await engine.connect();
    const writer = await engine.connect();
    try {
      const select = text('SELECT id, label FROM kept_item ORDER BY id');
      for (let i = 0; i < 3; i++) expect((await reader.execute(select)).all()).toHaveLength(3);
      // The reader stays checked out between the writes, its kept statement idle.
      for (let i = 0; i < 2; i++) {
        await writer.transaction(async (c) => {
          await c.execute(text(`INSERT INTO kept_item (id, label) VALUES (${10 + i}, 'w${i}')`));
        });
        expect((await reader.execute(select)).all()).toHaveLength(4 + i);
      }
    } finally {
      await writer.close();
      await reader.close();
    }
    await engine.execute(text('DELETE FROM kept_item WHERE id >= 10'));
  });

  it('a kept statement follows the schema: new columns, and a table dropped and made again', async () => {
    const conn = await engine.connect();
    try {
      const all = text('SELECT * FROM kept_item WHERE id = 1');
      expect((await conn.execute(all)).all()).toEqual([{ id: 1, label: 'a' }]);
      await conn.execute(text("ALTER TABLE kept_item ADD COLUMN note TEXT NOT NULL DEFAULT 'n'"));
      expect((await conn.execute(all)).all()).toEqual([{ id: 1, label: 'a', note: 'n' }]);
      await conn.execute(text('CREATE TABLE kept_other (id INTEGER PRIMARY KEY)'));
      const other = text('SELECT id FROM kept_other');
      expect((await conn.execute(other)).all()).toEqual([]);
      await conn.execute(text('DROP TABLE kept_other'));
      await expect(conn.execute(other)).rejects.toThrow(ProgrammingError);
      await conn.execute(text('CREATE TABLE kept_other (id INTEGER PRIMARY KEY)'));
      await conn.execute(text('INSERT INTO kept_other (id) VALUES (7)'));
      expect((await conn.execute(other)).all()).toEqual([{ id: 7 }]);
    } finally {
      await conn.close();
    }
  });
});
