/**
 * Entities whose tables refer to each other in a cycle (person.favorite_ball_id → ball,
 * ball.person_id → person), for the test_cycles.py suites.
 *
 * `MetaData.createAll` refuses a cycle of foreign keys (it has no `use_alter`; SQLAlchemy adds the
 * keys of a cycle with ALTER TABLE after the tables). So these tables are created from Athanor's
 * own CREATE TABLE statements, in the order given: SQLite accepts a key to a table created later;
 * elsewhere every foreign key is added by ALTER TABLE once all the tables exist.
 */
import { Registry } from '../../lib/mapper';
import { compile, createTable, text, type Table } from '../../lib/sql';
import type { ConformanceContext } from './support';

const FOREIGN_KEY =
  /, FOREIGN KEY \([^)]*\) REFERENCES \S+ \([^)]*\)(?: ON (?:DELETE|UPDATE) (?:CASCADE|SET NULL|RESTRICT|NO ACTION|SET DEFAULT))*/g;

/** `c.entities`, for tables whose foreign keys form a cycle. */
export function cyclicEntities<T extends object>(
  c: ConformanceContext,
  build: (registry: Registry, name: (base: string) => string) => T,
): T {
  const registry = new Registry();
  const result = build(registry, (base: string) => c.uniqueName(base));
  const added: { table: string; constraint: string }[] = [];
  const quote = (name: string): string =>
    c.dialect === 'mysql' || c.dialect === 'mariadb' ? `\`${name}\`` : `"${name}"`;
  const run = (sql: string): Promise<unknown> => c.engine.execute(text(sql));
  const tables = (): Table[] => [...registry.metadata.tables.values()];
  beforeAll(async () => {
    registry.configure();
    const inline = c.dialect === 'sqlite';
    const later: { table: string; clause: string }[] = [];
    for (const table of tables()) {
      let sql = compile(createTable(table), c.dialect).sql;
      if (!inline) {
        for (const m of sql.match(FOREIGN_KEY) ?? []) later.push({ table: table.name, clause: m.slice(2) });
        sql = sql.replace(FOREIGN_KEY, '');
      }
      await run(sql);
    }
    for (const [i, { table, clause }] of later.entries()) {
      const constraint = `${table}_cycle_fk${i}`;
      await run(`ALTER TABLE ${quote(table)} ADD CONSTRAINT ${quote(constraint)} ${clause}`);
      added.push({ table, constraint });
    }
  });
  afterAll(async () => {
    const dropKey = c.dialect === 'mysql' || c.dialect === 'mariadb' ? 'DROP FOREIGN KEY' : 'DROP CONSTRAINT';
    for (const { table, constraint } of added)
      await run(`ALTER TABLE ${quote(table)} ${dropKey} ${quote(constraint)}`);
    for (const table of tables().reverse()) await run(`DROP TABLE IF EXISTS ${quote(table.name)}`);
  });
  return result;
}
