/**
 * Heap used while `conn.stream()` reads 100,000 rows of ~1 KB (about 100 MB if anything held
 * them), per database: the memory figure behind the streaming specs, which check boundedness on
 * the server instead. Run:
 *   npm run bench:stream            (sqlite on sqlite3 and better-sqlite3, postgresql, mysql when they answer)
 * Each figure is the largest heapUsed above the pre-stream baseline, sampled every 1,000 rows after
 * a full collection every 10,000 rows, so it shows what the stream keeps alive, not garbage waiting
 * for the collector. Time per row, wall and this process's CPU (sqlite3's worker threads included,
 * a server's work not), includes those collections.
 */
import { createEngine } from '../lib';
import { text, types, type DialectName } from '../lib/sql';

const ROWS = 100_000;
const PAD = 1000;
const TARGETS: Record<string, string> = {
  sqlite: 'sqlite://',
  'sqlite (better-sqlite3)': 'sqlite+better-sqlite3://',
  postgresql: process.env['ATHANOR_POSTGRESQL_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/test',
  mysql: process.env['ATHANOR_MYSQL_URL'] ?? 'mysql://root@127.0.0.1:3306/test',
};

function generated(dialect: DialectName): string {
  switch (dialect) {
    case 'postgresql':
      return `SELECT g AS n, repeat('x', ${PAD}) AS pad FROM generate_series(1, ${ROWS}) AS g`;
    case 'sqlite':
      return `WITH RECURSIVE s (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < ${ROWS}) SELECT n, replace(hex(zeroblob(${PAD / 2})), '00', 'xx') AS pad FROM s`;
    default:
      return `WITH RECURSIVE s (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < ${ROWS}) SELECT n, REPEAT('x', ${PAD}) AS pad FROM s`;
  }
}

const gc = (globalThis as { gc?: () => void }).gc;
const MiB = 1024 * 1024;

async function measure(name: string, url: string): Promise<string> {
  const engine = createEngine(url);
  try {
    const conn = await engine.connect();
    try {
      const dialect = engine.dialect.name;
      if (dialect === 'mariadb') await conn.execute(text('SET SESSION max_recursive_iterations = 1000000'));
      if (dialect === 'mysql') await conn.execute(text('SET SESSION cte_max_recursion_depth = 1000000'));
      const statement = text(generated(dialect)).columns({ n: types.integer(), pad: types.text() });
      gc!();
      const base = process.memoryUsage().heapUsed;
      let peak = 0;
      let count = 0;
      const started = performance.now();
      const cpu = process.cpuUsage();
      for await (const row of conn.stream(statement, { batchSize: 1000 })) {
        count++;
        if (row.pad!.length !== PAD) throw new Error(`row ${count}: pad of ${row.pad!.length}`);
        if (count % 10_000 === 0) gc!();
        if (count % 1000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - base);
      }
      if (count !== ROWS) throw new Error(`${count} rows streamed, expected ${ROWS}`);
      const ms = performance.now() - started;
      const used = process.cpuUsage(cpu);
      const cpuPerRow = (used.user + used.system) / ROWS;
      return `| ${name} | ${(peak / MiB).toFixed(1)} | ${(ms / 1000).toFixed(2)} | ${((ms * 1000) / ROWS).toFixed(2)} | ${cpuPerRow.toFixed(2)} |`;
    } finally {
      await conn.close();
    }
  } catch (e) {
    return `| ${name} | not measured: ${(e as Error).message.split('\n')[0]} | | | |`;
  } finally {
    await engine.dispose();
  }
}

async function main(): Promise<void> {
  if (gc === undefined) throw new Error('run with node --expose-gc (npm run bench:stream does)');
  const lines = [
    '| database | peak heap above baseline, MiB | seconds | µs per row | client CPU µs per row |',
    '|---|---|---|---|---|',
  ];
  for (const [name, url] of Object.entries(TARGETS)) lines.push(await measure(name, url));
  console.log(`conn.stream() of ${ROWS} rows × ${PAD} characters (~${Math.round((ROWS * PAD) / MiB)} MiB)\n`);
  console.log(lines.join('\n'));
}

void main();
