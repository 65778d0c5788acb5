import { Column, Table } from '../../lib/decorators';
import { types } from '../../lib/sql';
import { conformanceSuite } from './support';

conformanceSuite('conformance support', (c) => {
  const { Note } = c.entities((registry, name) => {
    @Table(name('notes'), { registry })
    class Note {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(50) }) body!: string;
    }
    return { Note };
  });

  it('reads back on a separate connection: uncommitted rows are invisible, committed ones visible', async () => {
    const s = c.session();
    c.sql.start();
    s.add(Object.assign(new Note(), { id: 1, body: 'one' }));
    await s.flush();
    expect(c.sql.dml()).toEqual([expect.stringMatching(/^INSERT INTO/)]);
    expect(await c.readBack(`SELECT id, body FROM ${c.tableOf(Note)}`)).toEqual([]);
    await s.commit();
    expect(c.sql.count('COMMIT')).toBe(1);
    expect(await c.readBack(`SELECT id, body FROM ${c.tableOf(Note)}`)).toEqual([{ id: 1, body: 'one' }]);
    await c.clear(Note);
    expect(await c.readBack(`SELECT id FROM ${c.tableOf(Note)}`)).toEqual([]);
  });
});
