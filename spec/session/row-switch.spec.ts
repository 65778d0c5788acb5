import { Column, Table } from '../../lib/decorators';
import { IntegrityError, StaleDataError, type AthanorWarning } from '../../lib/errors';
import { inspect, instanceState, Registry } from '../../lib/mapper';
import { text, types } from '../../lib/sql';
import { describeEachDialect, type DialectContext } from '../support/dialects';
import { sessionOpener, statementCounter } from './fixtures';

/**
 * Deleting an object and adding a new one with the same primary key in one flush UPDATEs the row
 * (SQLAlchemy's "row switch"), instead of an INSERT the database refuses while the row exists.
 */
function defineItems(d: DialectContext) {
  const registry = new Registry();
  @Table(d.uniqueName('items'), { registry })
  class Item {
    @Column({ primaryKey: true, autoincrement: false }) id!: number;
    @Column({ type: types.string(30) }) name!: string;
    @Column({ type: types.string(30), nullable: true }) note!: string | null;
  }
  @Table(d.uniqueName('versioned_items'), { registry })
  class VersionedItem {
    @Column({ primaryKey: true, autoincrement: false }) id!: number;
    @Column({ type: types.string(30) }) name!: string;
    @Column({ version: true }) version!: number;
  }
  beforeAll(async () => {
    registry.configure();
    await registry.metadata.createAll(d.engine);
  });
  afterAll(() => registry.metadata.dropAll(d.engine));
  return { Item, VersionedItem };
}

describeEachDialect('row switch: delete and re-add the same key in one flush', (d) => {
  const { Item, VersionedItem } = defineItems(d);
  const open = sessionOpener(d);
  const sql = statementCounter(d);
  const q = (name: string): string =>
    d.dialect === 'mysql' || d.dialect === 'mariadb' ? `\`${name}\`` : `"${name}"`;
  const rows = async (cls: typeof Item | typeof VersionedItem, cols: string) =>
    (
      await d.engine.execute(
        text(`SELECT ${cols} FROM ${q(inspect(cls as typeof Item).table.name)} ORDER BY id`),
      )
    ).all();
  afterEach(async () => {
    for (const cls of [Item, VersionedItem])
      await d.engine.execute(text(`DELETE FROM ${q(inspect(cls as typeof Item).table.name)}`));
  });

  it('UPDATEs the row with the new object\u2019s values; the old object is deleted, the new one persistent', async () => {
    const s = open();
    const old = Object.assign(new Item(), { id: 1, name: 'old', note: 'kept?' });
    s.add(old);
    await s.commit();
    const replacement = Object.assign(new Item(), { id: 1, name: 'new' });
    s.delete(old);
    s.add(replacement);
    sql.start();
    await s.flush();
    const sent = sql.stop().filter((x) => /^(INSERT|UPDATE|DELETE)/.test(x));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/^UPDATE /);
    expect(instanceState(old).status).toBe('deleted');
    expect(instanceState(replacement).status).toBe('persistent');
    expect(await s.get(Item, 1)).toBe(replacement);
    await s.commit();
    expect(instanceState(old).status).toBe('detached');
    // an attribute the new object never set keeps the row's value, as SQLAlchemy's UPDATE does
    expect(await rows(Item, 'id, name, note')).toEqual([{ id: 1, name: 'new', note: 'kept?' }]);
  });

  it('a rollback brings the old object back and makes the new one transient', async () => {
    const s = open();
    const old = Object.assign(new Item(), { id: 1, name: 'old' });
    s.add(old);
    await s.commit();
    const replacement = Object.assign(new Item(), { id: 1, name: 'new' });
    s.delete(old);
    s.add(replacement);
    await s.flush();
    await s.rollback();
    expect(instanceState(old).status).toBe('persistent');
    expect(instanceState(replacement).status).toBe('transient');
    expect(await s.get(Item, 1)).toBe(old);
    await s.close(); // SQLite's only connection goes back to the pool
    expect(await rows(Item, 'id, name')).toEqual([{ id: 1, name: 'old' }]);
  });

  it('a versioned row is matched by the deleted object\u2019s version and gets the next one', async () => {
    const s = open();
    const old = Object.assign(new VersionedItem(), { id: 1, name: 'old' });
    s.add(old);
    await s.commit();
    old.name = 'changed';
    await s.commit();
    expect(old.version).toBe(2);
    const replacement = Object.assign(new VersionedItem(), { id: 1, name: 'new' });
    s.delete(old);
    s.add(replacement);
    await s.commit();
    expect(replacement.version).toBe(3);
    expect(await rows(VersionedItem, 'id, name, version')).toEqual([{ id: 1, name: 'new', version: 3 }]);
  });

  it('a versioned row changed meanwhile fails the switch with StaleDataError', async () => {
    const s = open();
    const old = Object.assign(new VersionedItem(), { id: 1, name: 'old' });
    s.add(old);
    await s.commit();
    await d.engine.execute(text(`UPDATE ${q(inspect(VersionedItem).table.name)} SET version = 7`));
    s.delete(old);
    s.add(Object.assign(new VersionedItem(), { id: 1, name: 'new' }));
    await expect(s.flush()).rejects.toThrow(StaleDataError);
    await s.rollback();
    expect(await rows(VersionedItem, 'id, name, version')).toEqual([{ id: 1, name: 'old', version: 7 }]);
  });

  it('a new object with the key of a persistent object that stays gets a warning, then the INSERT fails', async () => {
    const s = open();
    const kept = Object.assign(new Item(), { id: 1, name: 'kept' });
    s.add(kept);
    await s.commit();
    const warnings: AthanorWarning[] = [];
    s.on('warning', (w) => void warnings.push(w));
    s.add(Object.assign(new Item(), { id: 1, name: 'clash' }));
    await expect(s.flush()).rejects.toThrow(IntegrityError);
    expect(warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(
        /^New instance of Item with identity key .* conflicts with persistent instance of Item$/,
      ),
    ]);
  });
});
