import { createEngine, type Connection, type Engine } from '../../lib/drivers';
import { column, compile, func, insert, select, table, text, types } from '../../lib/sql';
import { describeEachDialect } from '../support/dialects';
import { HOSTILE_VALUES } from '../support/hostile-values';
import { startPrivateMariadb, type PrivateMariadb } from '../support/private-mariadb';

/**
 * MySQL / MariaDB: values travel to the server as bound parameters of prepared statements, never
 * as text escaped by the client. Client-side escaping writes `\'` for a quote, which a server in
 * NO_BACKSLASH_ESCAPES mode reads as a backslash followed by the end of the string.
 */
describeEachDialect(
  'values are bound server-side under NO_BACKSLASH_ESCAPES',
  (d) => {
    const { secrets } = d.defineTables((metadata, name) => ({
      secrets: table(
        name('nbe_secrets'),
        {
          id: column(types.integer(), { primaryKey: true }),
          owner: column(types.string(200), { nullable: false }),
          secret: column(types.string(200), { nullable: false }),
        },
        { metadata },
      ),
    }));

    beforeAll(async () => {
      await d.engine.execute(
        insert(secrets).values([
          { id: 1, owner: 'alice', secret: 'alice-secret' },
          { id: 2, owner: 'bob', secret: 'bob-secret' },
        ]),
      );
    });

    /** A connection whose session runs with NO_BACKSLASH_ESCAPES. */
    async function nbeConnection(): Promise<Connection> {
      const conn = await d.engine.connect();
      await conn.execute(text("SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',NO_BACKSLASH_ESCAPES')"));
      const mode = String((await conn.execute(text('SELECT @@SESSION.sql_mode AS m'))).scalar());
      expect(mode).toContain('NO_BACKSLASH_ESCAPES');
      return conn;
    }

    it.each(HOSTILE_VALUES)('a bound %j leaks no row and breaks no statement', async (payload) => {
      const conn = await nbeConnection();
      try {
        const rows = (await conn.execute(select(secrets.c.secret).where(secrets.c.owner.eq(payload)))).all();
        expect(rows).toEqual([]);
        const liked = (
          await conn.execute(select(secrets.c.secret).where(secrets.c.owner.like(payload)))
        ).all();
        expect(liked).toEqual([]);
        const viaText = (
          await conn.execute(text(`SELECT secret FROM ${secrets.name} WHERE owner = :o`, { o: payload }))
        ).all();
        expect(viaText).toEqual([]);
      } finally {
        await conn.close();
      }
    });

    it('every hostile value round-trips exactly: single statements, batches and streams', async () => {
      const conn = await nbeConnection();
      const base = 100;
      try {
        await conn.begin();
        // One statement per row, then the same statement as a batch of parameter sets.
        const half = Math.ceil(HOSTILE_VALUES.length / 2);
        for (const [i, v] of HOSTILE_VALUES.slice(0, half).entries()) {
          await conn.execute(insert(secrets).values({ id: base + i, owner: v, secret: v }));
        }
        const insertSql = `INSERT INTO ${secrets.name} (id, owner, secret) VALUES (:id, :o, :s)`;
        await conn.executeMany(
          compile(text(insertSql, { id: 0, o: '', s: '' }), conn.dialect),
          HOSTILE_VALUES.slice(half).map((v, i) => [base + half + i, v, v]),
        );
        await conn.commit();
        const streamed: unknown[] = [];
        for await (const row of conn.stream(
          select(secrets.c.owner, secrets.c.secret)
            .where(secrets.c.id.ge(base), secrets.c.owner.ne("\\' OR 1=1 -- never"))
            .orderBy(secrets.c.id),
        )) {
          streamed.push(row.owner, row.secret);
        }
        expect(streamed).toEqual(HOSTILE_VALUES.flatMap((v) => [v, v]));
        for (const v of HOSTILE_VALUES) {
          const n = (
            await conn.execute(select(func.count()).from(secrets).where(secrets.c.owner.eq(v)))
          ).scalar();
          expect({ v, n: Number(n) }).toEqual({ v, n: 1 });
        }
      } finally {
        await conn.close();
      }
      // A second connection, in the server's default mode, reads the same bytes back.
      const other = d.newEngine();
      const back = (
        await other.execute(select(secrets.c.owner).where(secrets.c.id.ge(base)).orderBy(secrets.c.id))
      ).scalars();
      expect(back).toEqual([...HOSTILE_VALUES]);
    });

    /** A session status counter of the server, read on the same connection. */
    async function sessionCounter(conn: Connection, name: string): Promise<number> {
      const row = (await conn.execute(text(`SHOW SESSION STATUS LIKE '${name}'`))).first();
      return Number(row?.['Value'] ?? row?.['VALUE']);
    }

    it('a statement with values is a server-side prepared statement; one without is plain text', async () => {
      const conn = await d.engine.connect();
      try {
        const executes = await sessionCounter(conn, 'Com_stmt_execute');
        await conn.execute(select(secrets.c.id).where(secrets.c.owner.eq('alice')));
        await conn.execute(select(secrets.c.id).where(secrets.c.owner.eq('bob')));
        // SHOW STATUS itself runs as text: only the two SELECTs executed prepared statements.
        expect((await sessionCounter(conn, 'Com_stmt_execute')) - executes).toBe(2);
      } finally {
        await conn.close();
      }
    });

    it('the prepared statements of a connection are bounded: the least recently used are closed', async () => {
      const conn = await d.engine.connect();
      try {
        const prepares = await sessionCounter(conn, 'Com_stmt_prepare');
        const closes = await sessionCounter(conn, 'Com_stmt_close');
        const shapes = 300;
        for (let i = 1; i <= shapes; i++) {
          const ids = Array.from({ length: i }, (_, k) => k);
          await conn.execute(select(secrets.c.id).where(secrets.c.id.in(ids)));
        }
        expect((await sessionCounter(conn, 'Com_stmt_prepare')) - prepares).toBe(shapes);
        const open = shapes - ((await sessionCounter(conn, 'Com_stmt_close')) - closes);
        expect(open).toBeLessThanOrEqual(256);
        expect(open).toBeGreaterThan(0);
      } finally {
        await conn.close();
      }
    });
  },
  { only: ['mysql', 'mysql8'] },
);

/**
 * NO_BACKSLASH_ESCAPES set server-wide (SET GLOBAL), on a private MariaDB so the shared server's
 * other users are never affected: every new connection of the engine inherits it.
 */
describeEachDialect(
  'values are bound server-side when the server runs with NO_BACKSLASH_ESCAPES globally',
  () => {
    let server: PrivateMariadb | undefined;
    let engine: Engine | undefined;
    const { victims } = { victims: 'nbe_victims' };

    beforeAll(async () => {
      server = await startPrivateMariadb();
      await execOnce(server.url, "SET GLOBAL sql_mode = CONCAT(@@GLOBAL.sql_mode, ',NO_BACKSLASH_ESCAPES')");
      engine = createEngine(server.url, { pool: { max: 2 } });
      await engine.execute(text(`CREATE TABLE ${victims} (id INT PRIMARY KEY, owner VARCHAR(200) NOT NULL)`));
      await engine.execute(text(`INSERT INTO ${victims} VALUES (1, 'alice'), (2, 'bob')`));
    }, 120_000);
    afterAll(async () => {
      await engine?.dispose();
      await server?.stop();
    }, 60_000);

    it('a new connection runs in the global mode, and no hostile value leaks a row or changes', async () => {
      const conn = await engine!.connect();
      try {
        const mode = String((await conn.execute(text('SELECT @@SESSION.sql_mode AS m'))).scalar());
        expect(mode).toContain('NO_BACKSLASH_ESCAPES');
        for (const [i, v] of HOSTILE_VALUES.entries()) {
          const leaked = (
            await conn.execute(text(`SELECT id FROM ${victims} WHERE owner = :v`, { v }))
          ).all();
          expect({ v, leaked }).toEqual({ v, leaked: [] });
          await conn.execute(text(`INSERT INTO ${victims} VALUES (:id, :v)`, { id: 100 + i, v }));
          const back = (
            await conn.execute(text(`SELECT owner FROM ${victims} WHERE id = :id`, { id: 100 + i }))
          ).scalar();
          expect({ v, back }).toEqual({ v, back: v });
        }
        const count = Number((await conn.execute(text(`SELECT COUNT(*) AS n FROM ${victims}`))).scalar());
        expect(count).toBe(2 + HOSTILE_VALUES.length);
      } finally {
        await conn.close();
      }
    });
  },
  { only: ['mysql'] },
);

/** Runs one statement on a fresh engine and disposes it. */
async function execOnce(url: string, sql: string): Promise<void> {
  const engine = createEngine(url);
  try {
    await engine.execute(text(sql));
  } finally {
    await engine.dispose();
  }
}
