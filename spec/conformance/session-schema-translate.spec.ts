/**
 * `schemaTranslateMap` as an execution option of a session, a statement, an engine and a
 * connection: reads, flushes (INSERT, UPDATE, DELETE) and DDL go to the translated schema —
 * ported from SQLAlchemy's test/orm/test_session.py (SessionSchemaTranslateTest).
 *
 * A schema is a PostgreSQL schema, a MySQL/MariaDB database, and on SQLite a database file
 * ATTACHed to each connection under the schema's name. Adaptations: SQLAlchemy reads the flushed
 * row back with `text()` on the session's connection; the port does that too, then commits and
 * reads it again on a separate connection. Each flush variation is its own test.
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Column, Table } from '../../lib/decorators';
import { createEngine, type Connection, type Engine } from '../../lib/drivers';
import { attrs, Registry } from '../../lib/mapper';
import { Session } from '../../lib/session';
import { select, text, types, type SchemaTranslateMap } from '../../lib/sql';
import { make } from './cascade-helpers';
import { conformanceSuite, type ConformanceContext } from './support';

/** Two schemas for the suite's database, made before its tests and removed after them. */
function tenantSchemas(c: ConformanceContext): {
  readonly names: string[];
  /** `engine`'s connections see the schemas (SQLite: each is ATTACHed on first checkout). */
  prepare(engine: Engine): Engine;
  /** Rows of `sql` (which names `schema.table`) read on a connection of its own. */
  readBack(schema: string, table: string, columns: string): Promise<Record<string, unknown>[]>;
} {
  const names = ['a', 'b'].map((x) => c.uniqueName(`tenant_${x}`).toLowerCase());
  const files = new Map(names.map((n) => [n, join(tmpdir(), `${n}.db`)]));
  const q = (s: string): string => (c.dialect === 'mysql' || c.dialect === 'mariadb' ? `\`${s}\`` : `"${s}"`);
  beforeAll(async () => {
    for (const n of names) {
      if (c.dialect === 'postgresql') await c.engine.execute(text(`CREATE SCHEMA ${q(n)}`));
      else if (c.dialect !== 'sqlite') await c.engine.execute(text(`CREATE DATABASE ${q(n)}`));
    }
  });
  afterAll(async () => {
    for (const n of names) {
      if (c.dialect === 'postgresql') await c.engine.execute(text(`DROP SCHEMA ${q(n)} CASCADE`));
      else if (c.dialect !== 'sqlite') await c.engine.execute(text(`DROP DATABASE ${q(n)}`));
    }
  });
  afterAll(() => {
    for (const file of files.values()) rmSync(file, { force: true });
  });
  return {
    names,
    prepare(engine: Engine): Engine {
      if (c.dialect !== 'sqlite') return engine;
      const attached = new Set<number>();
      engine.on('engineConnect', async (conn: Connection) => {
        if (attached.has(conn.connectionId)) return;
        for (const [n, file] of files) await conn.execute(text(`ATTACH DATABASE '${file}' AS "${n}"`));
        attached.add(conn.connectionId);
      });
      return engine;
    },
    async readBack(schema: string, table: string, columns: string): Promise<Record<string, unknown>[]> {
      if (c.dialect !== 'sqlite')
        return c.readBack(`SELECT ${columns} FROM ${q(schema)}.${q(table)} ORDER BY id`);
      // The attached file on its own: the rows are in it, not in the main database.
      const own = createEngine(`${c.url.slice(0, c.url.indexOf('://'))}:///${files.get(schema)!}`);
      try {
        return (await own.execute(text(`SELECT ${columns} FROM "${table}" ORDER BY id`))).all() as Record<
          string,
          unknown
        >[];
      } finally {
        await own.dispose();
      }
    },
  };
}

conformanceSuite('test_session.py SessionSchemaTranslateTest', (c) => {
  if (!['sqlite', 'postgresql', 'mysql', 'mysql8'].includes(c.target)) return;
  const tenants = tenantSchemas(c);
  const [tenantA, tenantB] = tenants.names as [string, string];
  const tableName = c.uniqueName('users');
  const registry = new Registry();
  @Table(tableName, { registry, schema: 'placeholder' })
  class User {
    @Column({ primaryKey: true, autoincrement: true }) id!: number;
    @Column({ type: types.string(30), nullable: false }) name!: string;
  }
  const placeholder = (schema: string): SchemaTranslateMap => ({ placeholder: schema });
  let plain: Engine;

  beforeAll(async () => {
    registry.configure();
    // DDL under an engine's map: the table is created in each tenant schema, never in 'placeholder'.
    for (const schema of [tenantA, tenantB]) {
      const ddl = tenants.prepare(
        c.newEngine({ executionOptions: { schemaTranslateMap: placeholder(schema) } }),
      );
      await registry.metadata.createAll(ddl);
    }
    plain = tenants.prepare(c.newEngine());
  });

  const qualified = (schema: string): string =>
    c.dialect === 'mysql' || c.dialect === 'mariadb'
      ? `\`${schema}\`.\`${tableName}\``
      : `"${schema}"."${tableName}"`;

  for (const operation of ['insert', 'update', 'delete'] as const) {
    it(`a session's schemaTranslateMap sends the flush's ${operation.toUpperCase()} to the translated schema [test_session.py::SessionSchemaTranslateTest::test_schema_translate_map_flush]`, async () => {
      const conn = await plain.connect();
      try {
        const s = new Session(conn, { executionOptions: { schemaTranslateMap: placeholder(tenantA) } });
        const sent: string[] = [];
        const off = plain.on('beforeExecute', (e) => sent.push(e.sql));
        s.add(make(User, { name: 'u1' }));
        await s.flush();
        const rows = async (): Promise<unknown[]> =>
          (await conn.execute(text(`SELECT name FROM ${qualified(tenantA)}`))).all();
        expect(await rows()).toEqual([{ name: 'u1' }]);
        if (operation !== 'insert') {
          const [u1] = await s.scalars(
            select(User).executionOptions({ schemaTranslateMap: placeholder(tenantA) }),
          );
          if (operation === 'update') u1!.name = 'u1modified';
          else await s.delete(u1!);
          await s.flush();
          expect(await rows()).toEqual(operation === 'update' ? [{ name: 'u1modified' }] : []);
        }
        off();
        const dml = sent.filter(
          (sql) => /^\s*(INSERT|UPDATE|DELETE|SELECT)/i.test(sql) && sql.includes(tableName),
        );
        expect(dml.length).toBeGreaterThan(0);
        for (const sql of dml) {
          expect(sql).toContain(qualified(tenantA));
          expect(sql).not.toMatch(/placeholder/);
        }
        await s.commit();
        await s.close();
        expect(await tenants.readBack(tenantA, tableName, 'name')).toEqual(
          operation === 'insert' ? [{ name: 'u1' }] : operation === 'update' ? [{ name: 'u1modified' }] : [],
        );
        expect(await tenants.readBack(tenantB, tableName, 'name')).toEqual([]);
      } finally {
        await conn.execute(text(`DELETE FROM ${qualified(tenantA)}`));
        await conn.close();
      }
    });
  }

  it('two sessions under two maps run the same statements, each in its own schema (flush batches, selects, get, refresh, stream)', async () => {
    const u = attrs(User);
    // One after the other (SQLite's file pool has one connection): the second session's
    // statements have the first's shapes, compiled and cached under the other map.
    const sA = new Session(plain, { executionOptions: { schemaTranslateMap: placeholder(tenantA) } });
    const sB = new Session(plain, { executionOptions: { schemaTranslateMap: placeholder(tenantB) } });
    try {
      sA.addAll([make(User, { id: 1, name: 'alice' }), make(User, { id: 2, name: 'amy' })]);
      await sA.commit();
      expect((await sA.scalars(select(User).orderBy(u.id))).map((x) => x.name)).toEqual(['alice', 'amy']);
      expect((await sA.get(User, 1))!.name).toBe('alice');
      const streamed: string[] = [];
      for await (const [x] of sA.stream(select(User).orderBy(u.id))) streamed.push(x.name);
      expect(streamed).toEqual(['alice', 'amy']);
      await sA.close();

      sB.addAll([make(User, { id: 1, name: 'bob' }), make(User, { id: 2, name: 'bea' })]);
      await sB.commit();
      expect((await sB.scalars(select(User).orderBy(u.id))).map((x) => x.name)).toEqual(['bob', 'bea']);
      const b1 = (await sB.get(User, 1))!;
      expect(b1.name).toBe('bob');
      await sB.execute(text(`UPDATE ${qualified(tenantB)} SET name = 'bert' WHERE id = 1`));
      await sB.commit();
      await sB.refresh(b1);
      expect(b1.name).toBe('bert');
      await sB.close();

      expect(await tenants.readBack(tenantA, tableName, 'id, name')).toEqual([
        { id: 1, name: 'alice' },
        { id: 2, name: 'amy' },
      ]);
      expect(await tenants.readBack(tenantB, tableName, 'id, name')).toEqual([
        { id: 1, name: 'bert' },
        { id: 2, name: 'bea' },
      ]);
    } finally {
      await sA.close();
      await sB.close();
      for (const schema of [tenantA, tenantB]) await plain.execute(text(`DELETE FROM ${qualified(schema)}`));
    }
  });

  it("a connection's setExecutionOptions() map applies to its statements and to a session bound to it", async () => {
    const conn = await plain.connect();
    try {
      conn.setExecutionOptions({ schemaTranslateMap: placeholder(tenantB) });
      const s = new Session(conn);
      s.add(make(User, { id: 7, name: 'carl' }));
      await s.commit();
      expect((await conn.execute(select(attrs(User).name))).all()).toEqual([{ name: 'carl' }]);
      await s.close();
      expect(await tenants.readBack(tenantB, tableName, 'id, name')).toEqual([{ id: 7, name: 'carl' }]);
      expect(await tenants.readBack(tenantA, tableName, 'id, name')).toEqual([]);
    } finally {
      await conn.execute(text(`DELETE FROM ${qualified(tenantB)}`));
      await conn.close();
    }
  });
});
