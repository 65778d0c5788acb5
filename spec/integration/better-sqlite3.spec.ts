import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, parseUrl, type Engine } from '../../lib/drivers';
import { ArgumentError, IntegrityError, ProgrammingError } from '../../lib/errors';
import { text, types } from '../../lib/sql';

describe('better-sqlite3 URLs', () => {
  it('sqlite+better-sqlite3:// picks the driver and keeps it in the printed URL', () => {
    const u = parseUrl('sqlite+better-sqlite3:///data/app.db');
    expect({ dialect: u.dialect, driver: u.driver, database: u.database }).toEqual({
      dialect: 'sqlite',
      driver: 'better-sqlite3',
      database: 'data/app.db',
    });
    expect(String(u)).toBe('sqlite+better-sqlite3:///data/app.db');
    expect(String(parseUrl('sqlite+better-sqlite3://'))).toBe('sqlite+better-sqlite3://');
  });

  it('naming the default driver is the plain URL', () => {
    const u = parseUrl('sqlite+sqlite3:///app.db');
    expect(u.driver).toBe('sqlite3');
    expect(String(u)).toBe('sqlite:///app.db');
  });

  it('an unknown driver is an ArgumentError naming the known ones', () => {
    expect(() => parseUrl('sqlite+nosuch:///app.db')).toThrow(ArgumentError);
    expect(() => parseUrl('sqlite+nosuch:///app.db')).toThrow(
      "unknown driver 'nosuch' for the sqlite dialect; expected one of sqlite3, better-sqlite3",
    );
    expect(() => parseUrl('postgresql+better-sqlite3://h/db')).toThrow('expected one of pg');
  });
});

describe('better-sqlite3 against sqlite3 on one database file', () => {
  const file = join(tmpdir(), `athanor-better-sqlite3-${process.pid}.db`);
  let better: Engine;
  let classic: Engine;

  const labels = async (): Promise<unknown[]> =>
    (await classic.execute(text('SELECT label FROM bs_item ORDER BY label'))).scalars();

  beforeAll(async () => {
    better = createEngine(`sqlite+better-sqlite3:///${file}`);
    classic = createEngine(`sqlite:///${file}`);
    await better.execute(
      text(
        'CREATE TABLE bs_item (id INTEGER PRIMARY KEY, label TEXT NOT NULL UNIQUE, flag BOOLEAN, at TIMESTAMP, ' +
          'parent_id INTEGER REFERENCES bs_item (id))',
      ),
    );
  });
  beforeEach(() => better.execute(text('DELETE FROM bs_item')));
  afterAll(async () => {
    await better.dispose();
    await classic.dispose();
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true });
  });

  it('writes the same values sqlite3 reads back (booleans as 1/0, dates as epoch milliseconds)', async () => {
    const at = new Date('2026-01-02T03:04:05.678Z');
    const r = await better.execute(
      text('INSERT INTO bs_item (label, flag, at) VALUES (:label, :flag, :at)', {
        label: 'a',
        flag: true,
        at,
      }),
    );
    expect(r.rowCount).toBe(1);
    const back = await classic.execute(text('SELECT label, flag, at FROM bs_item'));
    expect(back.all().map((row) => ({ ...row }))).toEqual([{ label: 'a', flag: 1, at: at.getTime() }]);
  });

  it('a rolled-back transaction and savepoint leave nothing; the committed rest is seen by sqlite3', async () => {
    const conn = await better.connect();
    try {
      const tx = await conn.begin();
      await conn.execute(text("INSERT INTO bs_item (label) VALUES ('gone')"));
      await tx.rollback();
      await conn.begin();
      await conn.execute(text("INSERT INTO bs_item (label) VALUES ('outer')"));
      const sp = await conn.beginNested();
      await conn.execute(text("INSERT INTO bs_item (label) VALUES ('inner')"));
      await sp.rollback();
      await conn.commit();
    } finally {
      await conn.close();
    }
    expect(await labels()).toEqual(['outer']);
  });

  it('raises the same error classes as sqlite3, with the primary code as errno', async () => {
    await better.execute(text("INSERT INTO bs_item (label) VALUES ('dup')"));
    const causes: unknown[] = [];
    for (const engine of [better, classic]) {
      const error = await engine.execute(text("INSERT INTO bs_item (label) VALUES ('dup')")).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(IntegrityError);
      causes.push((error as IntegrityError).cause);
    }
    // Each engine really went through its own library: better-sqlite3 reports the extended code.
    expect(causes).toMatchObject([
      { errno: 19, code: 'SQLITE_CONSTRAINT_UNIQUE' },
      { errno: 19, code: 'SQLITE_CONSTRAINT' },
    ]);
    const fk = await better
      .execute(text('INSERT INTO bs_item (label, parent_id) VALUES (:l, :p)', { l: 'orphan', p: 999 }))
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(fk).toBeInstanceOf(IntegrityError);
    await expect(better.execute(text('SELECT * FROM bs_nosuch'))).rejects.toThrow(ProgrammingError);
  });

  it('streams rows in order, and leaving the loop early frees the connection for a write', async () => {
    const values = Array.from({ length: 50 }, (_, i) => `s${String(i).padStart(2, '0')}`);
    const conn = await better.connect();
    const statement = text('SELECT label FROM bs_item ORDER BY label').columns({ label: types.text() });
    try {
      await conn.begin();
      for (const v of values) await conn.execute(text('INSERT INTO bs_item (label) VALUES (:v)', { v }));
      const seen: string[] = [];
      for await (const row of conn.stream(statement, { batchSize: 7 })) seen.push(row.label!);
      expect(seen).toEqual(values);
      for await (const row of conn.stream(statement)) if (row.label === 's09') break;
      await conn.execute(text("INSERT INTO bs_item (label) VALUES ('written')"));
      await conn.commit();
    } finally {
      await conn.close();
    }
    expect(await labels()).toEqual([...values, 'written']);
  });
});
