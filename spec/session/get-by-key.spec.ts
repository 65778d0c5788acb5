/**
 * `session.get()` runs a select each mapper prepares once per dialect (lib/session/loading/get-by-key.ts).
 * It must send exactly the SQL of the generic path, for each dialect it meets, and must not go
 * stale when the mapper changes: a joined subclass mapped after the first get() adds its table.
 */
import { Column, Table } from '../../lib/decorators';
import { createEngine } from '../../lib/drivers';
import { attrs, Registry } from '../../lib/mapper';
import { sessionFactory } from '../../lib/session';
import { compile, select, text, types } from '../../lib/sql';
import { describeEachDialect } from '../support/dialects';

describeEachDialect('get() through the mapper’s prepared select', (d) => {
  it('sends the generic path’s SQL on each of two dialects, and the rows of each database', async () => {
    const registry = new Registry();
    const name = d.uniqueName('keyed_notes');
    @Table(name, { registry })
    class Note {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(40) }) body!: string;
    }
    registry.configure();
    const memory = createEngine('sqlite://');
    try {
      for (const engine of [d.engine, memory]) {
        await registry.metadata.createAll(engine);
        await engine.execute(
          text(`INSERT INTO ${name} (id, body) VALUES (1, 'one ${engine.dialect.name}'), (2, 'two')`),
        );
      }
      for (const engine of [d.engine, memory, d.engine]) {
        const sent: string[] = [];
        const off = engine.on('beforeExecute', (e) => void sent.push(e.sql));
        const s = sessionFactory(engine)();
        expect((await s.get(Note, 1))!.body).toBe(`one ${engine.dialect.name}`);
        expect((await s.get(Note, 2))!.body).toBe('two');
        expect(await s.get(Note, 3)).toBeNull();
        await s.close();
        off();
        const generic = compile(select(Note).where(attrs(Note).id.eq(1)), engine.dialect).sql;
        expect(sent).toEqual([generic, generic, generic]);
      }
    } finally {
      await registry.metadata.dropAll(d.engine);
      await memory.dispose();
    }
  });

  it('loads the columns of a joined subclass mapped after the first get()', async () => {
    const registry = new Registry();
    const staffName = d.uniqueName('keyed_staff');
    const bossName = d.uniqueName('keyed_bosses');
    @Table(staffName, { registry, polymorphicOn: 'kind', polymorphicIdentity: 'staff' })
    class Staff {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(20) }) kind!: string;
    }
    registry.configure();
    await registry.metadata.createAll(d.engine);
    try {
      await d.engine.execute(text(`INSERT INTO ${staffName} (id, kind) VALUES (1, 'staff'), (2, 'boss')`));
      const Session = sessionFactory(d.engine);
      const s = Session();
      expect((await s.get(Staff, 1))!.kind).toBe('staff');
      await s.close();

      @Table(bossName, { registry, polymorphicIdentity: 'boss' })
      class Boss extends Staff {
        @Column({ type: types.integer(), nullable: true }) budget!: number | null;
      }
      await registry.metadata.createAll(d.engine);
      await d.engine.execute(text(`INSERT INTO ${bossName} (id, budget) VALUES (2, 50)`));
      const sent: string[] = [];
      const off = d.engine.on('beforeExecute', (e) => void sent.push(e.sql));
      const later = Session();
      const boss = await later.get(Staff, 2);
      off();
      expect(boss).toBeInstanceOf(Boss);
      expect((boss as Boss).budget).toBe(50);
      expect(sent).toEqual([compile(select(Staff).where(attrs(Staff).id.eq(2)), d.engine.dialect).sql]);
      expect(sent[0]).toContain(bossName);
      await later.close();
    } finally {
      await registry.metadata.dropAll(d.engine);
    }
  });

  it('compiles under a schemaTranslateMap in effect instead of sending the declared schema', async () => {
    const registry = new Registry();
    const name = d.uniqueName('keyed_tenant');
    @Table(name, { registry })
    class Tenant {
      @Column({ primaryKey: true }) id!: number;
    }
    registry.configure();
    await registry.metadata.createAll(d.engine);
    try {
      const sent: string[] = [];
      const off = d.engine.on('beforeExecute', (e) => void sent.push(e.sql));
      const plain = sessionFactory(d.engine)();
      expect(await plain.get(Tenant, 1)).toBeNull();
      await plain.close();
      const translated = sessionFactory(d.engine, {
        executionOptions: { schemaTranslateMap: { null: 'elsewhere' } },
      })();
      // No schema "elsewhere" exists: the statement fails, after it was sent with the translation.
      await expect(translated.get(Tenant, 2)).rejects.toThrow();
      await translated.close();
      off();
      expect(sent).toHaveLength(2);
      expect(sent[0]).not.toContain('elsewhere');
      expect(sent[1]).toContain('elsewhere');
    } finally {
      await registry.metadata.dropAll(d.engine);
    }
  });
});
