import { gtidSetContains, parseGtidSet } from '../../lib/dialects/mysql/gtid-sets';
import { mariadbGtidReplication, mysqlGtidSetReplication } from '../../lib/dialects/mysql/replication';
import { mariadbDialect } from '../../lib/dialects/mariadb';
import { mysqlDialect } from '../../lib/dialects/mysql';
import { createReplicaSet } from '../../lib/drivers';
import type { ScalarQuery } from '../../lib/drivers/replication/replication-positions';
import { text } from '../../lib/sql';
import { describeEachDialect } from '../support/dialects';

const A = '3e11fa47-71ca-11e1-9e33-c80aa9429562';
const B = '4f22ab58-82db-22f2-af44-d91bb0530673';

/** A server that answers `answers[sql]` (an Error: the statement fails) and records what ran. */
function fakeServer(answers: Record<string, string | Error>): {
  query: ScalarQuery;
  ran: { sql: string; params: Record<string, unknown> | undefined }[];
} {
  const ran: { sql: string; params: Record<string, unknown> | undefined }[] = [];
  return {
    ran,
    query: (sql, params) => {
      ran.push({ sql, params });
      const answer = answers[sql];
      if (answer === undefined) return Promise.reject(new Error(`unexpected: ${sql}`));
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
  };
}

describe('MySQL GTID sets', () => {
  it('parses sets with several sources, newlines after commas, single numbers, tags, and merges adjacent intervals', () => {
    const set = parseGtidSet(`${A.toUpperCase()}:1-3:4-6:9,\n${B}:7,\n${A}:audit:1-2`);
    expect([...set.entries()]).toEqual([
      [
        A,
        [
          [1n, 6n],
          [9n, 9n],
        ],
      ],
      [B, [[7n, 7n]]],
      [`${A}:audit`, [[1n, 2n]]],
    ]);
    expect(parseGtidSet('')).toEqual(new Map());
  });

  it('contains a subset only when every transaction of it is in the set', () => {
    const executed = `${A}:1-57,\n${B}:1-10:12`;
    expect(gtidSetContains(executed, `${A}:23`)).toBe(true);
    expect(gtidSetContains(executed, `${A}:21-57,${B}:12`)).toBe(true);
    expect(gtidSetContains(executed, `${A}:21-58`)).toBe(false);
    expect(gtidSetContains(executed, `${B}:11`)).toBe(false); // the gap
    expect(gtidSetContains(executed, `${A}:tag:1`)).toBe(false); // a tagged sequence is its own
    expect(gtidSetContains(executed, '')).toBe(true);
    expect(gtidSetContains('', `${A}:1`)).toBe(false);
  });

  it('the mysql dialect reads @@gtid_executed on both sides and compares GTID sets', async () => {
    expect(mysqlDialect.replication).toBe(mysqlGtidSetReplication);
    expect(mariadbDialect.replication).toBe(mariadbGtidReplication);
    const server = fakeServer({ 'SELECT @@GLOBAL.gtid_executed': `${A}:1-5` });
    expect(await mysqlGtidSetReplication.primaryPosition(server.query)).toBe(`${A}:1-5`);
    expect(await mysqlGtidSetReplication.replayedPosition(server.query)).toBe(`${A}:1-5`);
    expect(server.ran.map((r) => r.sql)).toEqual([
      'SELECT @@GLOBAL.gtid_executed',
      'SELECT @@GLOBAL.gtid_executed',
    ]);
    expect(mysqlGtidSetReplication.covers(`${A}:1-5`, `${A}:1-5`)).toBe(true);
    expect(mysqlGtidSetReplication.covers(`${A}:1-4`, `${A}:1-5`)).toBe(false);
    // A replica that has replayed nothing covers nothing.
    expect(mysqlGtidSetReplication.covers('', `${A}:1`)).toBe(false);
  });

  it('waits with WAIT_FOR_EXECUTED_GTID_SET (0: executed, 1: timed out), the timeout in seconds', async () => {
    const reached = fakeServer({ 'SELECT WAIT_FOR_EXECUTED_GTID_SET(:pos, :timeout)': '0' });
    expect(await mysqlGtidSetReplication.waitFor(reached.query, `${A}:1-9`, 250)).toBe(true);
    expect(reached.ran).toEqual([
      {
        sql: 'SELECT WAIT_FOR_EXECUTED_GTID_SET(:pos, :timeout)',
        params: { pos: `${A}:1-9`, timeout: 0.25 },
      },
    ]);
    const timedOut = fakeServer({ 'SELECT WAIT_FOR_EXECUTED_GTID_SET(:pos, :timeout)': '1' });
    expect(await mysqlGtidSetReplication.waitFor(timedOut.query, `${A}:1-9`, 250)).toBe(false);
    // No wait asked for: no statement (MySQL reads a zero timeout as "no timeout" on old versions).
    const none = fakeServer({});
    expect(await mysqlGtidSetReplication.waitFor(none.query, `${A}:1-9`, 0)).toBe(false);
    expect(none.ran).toEqual([]);
  });

  it('on a MariaDB older than 10.5 (still the mysql dialect) falls back to the MariaDB variables and MASTER_GTID_WAIT', async () => {
    const unknown = new Error("Unknown system variable 'gtid_executed'");
    const server = fakeServer({
      'SELECT @@GLOBAL.gtid_executed': unknown,
      'SELECT @@GLOBAL.gtid_binlog_pos': '0-1-42',
      'SELECT @@GLOBAL.gtid_slave_pos': '0-1-40',
      'SELECT MASTER_GTID_WAIT(:pos, :timeout)': '0',
    });
    expect(await mysqlGtidSetReplication.primaryPosition(server.query)).toBe('0-1-42');
    expect(await mysqlGtidSetReplication.replayedPosition(server.query)).toBe('0-1-40');
    expect(mysqlGtidSetReplication.covers('0-1-40', '0-1-42')).toBe(false);
    expect(mysqlGtidSetReplication.covers('0-1-42', '0-1-42')).toBe(true);
    expect(await mysqlGtidSetReplication.waitFor(server.query, '0-1-42', 500)).toBe(true);
    expect(server.ran.map((r) => r.sql)).toEqual([
      'SELECT @@GLOBAL.gtid_executed',
      'SELECT @@GLOBAL.gtid_binlog_pos',
      'SELECT @@GLOBAL.gtid_executed',
      'SELECT @@GLOBAL.gtid_slave_pos',
      'SELECT MASTER_GTID_WAIT(:pos, :timeout)',
    ]);
    // A server that knows neither: the MySQL error is the one reported.
    const neither = fakeServer({
      'SELECT @@GLOBAL.gtid_executed': unknown,
      'SELECT @@GLOBAL.gtid_binlog_pos': new Error('other'),
    });
    await expect(mysqlGtidSetReplication.primaryPosition(neither.query)).rejects.toBe(unknown);
  });
});

/**
 * On live servers: the position queries a replica set runs are those of the server the connection
 * reached (a mysql:// URL answered by MariaDB ≥ 10.5 runs MariaDB's, never a failing MySQL one
 * first), and on MySQL 8 (ATHANOR_MYSQL8_URL, with gtid_mode=ON) a commit's position is a GTID set
 * the server itself has executed and waits for at once.
 */
describeEachDialect(
  'replication positions of the server a connection reached',
  (d) => {
    it('runs the position query of the connected server and compares what it returns', async () => {
      const ran: string[] = [];
      d.engine.on('beforeExecute', (e) => void ran.push(e.sql));
      const set = createReplicaSet(d.engine, [], {});
      try {
        const position = await set.primaryPosition();
        if (d.dialect === 'mariadb') {
          expect(ran).toEqual(['SELECT @@GLOBAL.gtid_binlog_pos']);
        } else {
          expect(ran).toEqual(['SELECT @@GLOBAL.gtid_executed']);
          const gtidMode = (await d.engine.execute(text('SELECT @@GLOBAL.gtid_mode AS m'))).scalar();
          if (gtidMode === 'ON') {
            // DDL is a transaction of its own in the binary log: each gets a GTID.
            const probe = d.uniqueName('gtid_probe');
            await d.engine.execute(text(`CREATE TABLE ${probe} (id int PRIMARY KEY)`));
            await d.engine.execute(text(`DROP TABLE ${probe}`));
            const after = await set.primaryPosition();
            expect(set.covers(after, position)).toBe(true);
            expect(set.covers(position, after)).toBe(false);
            const query: ScalarQuery = async (sql, params) =>
              String(Object.values((await d.engine.execute(text(sql, params))).all()[0] ?? {})[0] ?? '');
            expect(await mysqlGtidSetReplication.waitFor(query, after, 1000)).toBe(true);
          }
        }
        // Whatever the server answered is a position that covers itself.
        if (position !== '') expect(set.covers(position, position)).toBe(true);
      } finally {
        set.close();
      }
    });
  },
  { only: ['mysql', 'mysql8'] },
);
