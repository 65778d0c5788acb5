import { Column, Relationship, Table } from '../../lib/decorators';
import { StaleDataError } from '../../lib/errors';
import { inspect, Registry } from '../../lib/mapper';
import { text, types } from '../../lib/sql';
import { describeEachDialect, type DialectContext } from '../support/dialects';
import { sessionOpener } from './fixtures';

/**
 * A post-update UPDATE of a versioned row checks the version it read and writes the next one,
 * like every other UPDATE of the flush (scenarios of SQLAlchemy's test_versioning.py
 * VersionOnPostUpdateTest and PostUpdateVersioningTest).
 */
function defineNodes(d: DialectContext) {
  const registry = new Registry();
  const n = (base: string): string => d.uniqueName(base);

  /** `related` is a post-update one-to-many: the members get the key by a second UPDATE. */
  @Table(n('o2m_nodes'), { registry })
  class O2mNode {
    @Column({ primaryKey: true, autoincrement: false }) id!: number;
    @Column({ version: true }) version!: number;
    @Column({ type: types.integer(), nullable: true, foreignKey: () => O2mNode }) parentId!: number | null;
    @Relationship(() => O2mNode, { postUpdate: true }) related!: O2mNode[];
  }

  /** `related` is a post-update many-to-one: the row holding the key gets it by a second UPDATE. */
  @Table(n('m2o_nodes'), { registry })
  class M2oNode {
    @Column({ primaryKey: true, autoincrement: false }) id!: number;
    @Column({ version: true }) version!: number;
    @Column({ type: types.integer(), nullable: true, foreignKey: () => M2oNode }) parentId!: number | null;
    @Column({ type: types.string(20), nullable: true }) data!: string | null;
    @Relationship(() => M2oNode, { remoteSide: 'id', postUpdate: true }) related!: M2oNode | null;
  }

  beforeAll(async () => {
    registry.configure();
    await registry.metadata.createAll(d.engine);
  });
  afterAll(() => registry.metadata.dropAll(d.engine));
  return { O2mNode, M2oNode };
}

describeEachDialect('post-update UPDATEs of versioned rows', (d) => {
  const { O2mNode, M2oNode } = defineNodes(d);
  const open = sessionOpener(d);
  const q = (name: string): string =>
    d.dialect === 'mysql' || d.dialect === 'mariadb' ? `\`${name}\`` : `"${name}"`;
  const tableOf = (cls: typeof O2mNode | typeof M2oNode): string =>
    q(inspect(cls as typeof O2mNode).table.name);
  const exec = async (sql: string): Promise<void> => {
    await d.engine.execute(text(sql));
  };
  afterEach(async () => {
    for (const cls of [O2mNode, M2oNode]) {
      await exec(`UPDATE ${tableOf(cls)} SET ${q('parentId')} = NULL`);
      await exec(`DELETE FROM ${tableOf(cls)}`);
    }
  });
  const rows = async (cls: typeof O2mNode | typeof M2oNode) =>
    (
      await d.engine.execute(
        text(`SELECT id, version, ${q('parentId')} AS pid FROM ${tableOf(cls)} ORDER BY id`),
      )
    ).all();

  it('a post-update many-to-one bumps the version of the row that holds the key', async () => {
    const s = open();
    const n1 = Object.assign(new M2oNode(), { id: 1 });
    const n2 = Object.assign(new M2oNode(), { id: 2 });
    s.addAll([n1, n2]);
    await s.flush();
    n1.related = n2;
    await s.commit();
    expect([n1.version, n2.version]).toEqual([2, 1]);
    expect(await rows(M2oNode)).toEqual([
      { id: 1, version: 2, pid: 2 },
      { id: 2, version: 1, pid: null },
    ]);
  });

  it('a post-update one-to-many bumps the version of the member that gets the key', async () => {
    const s = open();
    const n1 = Object.assign(new O2mNode(), { id: 1 });
    const n2 = Object.assign(new O2mNode(), { id: 2 });
    s.addAll([n1, n2]);
    await s.flush();
    await s.load(n1, 'related');
    n1.related.push(n2);
    await s.commit();
    expect([n1.version, n2.version]).toEqual([1, 2]);
    expect(await rows(O2mNode)).toEqual([
      { id: 1, version: 1, pid: null },
      { id: 2, version: 2, pid: 1 },
    ]);
  });

  it('rows inserted by the same flush keep their first version', async () => {
    const s = open();
    const n1 = Object.assign(new M2oNode(), { id: 1 });
    const n2 = Object.assign(new M2oNode(), { id: 2 });
    n1.related = n2;
    s.addAll([n1, n2]);
    await s.commit();
    expect([n1.version, n2.version]).toEqual([1, 1]);
    expect(await rows(M2oNode)).toEqual([
      { id: 1, version: 1, pid: 2 },
      { id: 2, version: 1, pid: null },
    ]);
  });

  it('a row changed by another transaction fails the post-update with StaleDataError, and nothing is written', async () => {
    const s = open();
    const n1 = Object.assign(new O2mNode(), { id: 1 });
    const n2 = Object.assign(new O2mNode(), { id: 2 });
    s.addAll([n1, n2]);
    await s.commit();
    await exec(`UPDATE ${tableOf(O2mNode)} SET version = 3 WHERE id = 2`);
    await s.load(n1, 'related');
    n1.related.push(n2);
    await expect(s.flush()).rejects.toThrow(StaleDataError);
    expect(await rows(O2mNode)).toEqual([
      { id: 1, version: 1, pid: null },
      { id: 2, version: 3, pid: null },
    ]);
  });

  it('an UPDATE and a post-update of the same row each check and bump the version', async () => {
    const s = open();
    const n1 = Object.assign(new M2oNode(), { id: 1 });
    const n2 = Object.assign(new M2oNode(), { id: 2 });
    s.addAll([n1, n2]);
    await s.commit();
    const statements: string[] = [];
    const off = d.engine.on('beforeExecute', (e) => statements.push(e.sql));
    n1.data = 'changed';
    n1.related = n2;
    await s.commit();
    off();
    expect(statements.filter((x) => x.startsWith('UPDATE'))).toHaveLength(2);
    expect(n1.version).toBe(3);
    expect(await rows(M2oNode)).toEqual([
      { id: 1, version: 3, pid: 2 },
      { id: 2, version: 1, pid: null },
    ]);
  });

  it('deleting a row clears its post-update key with a version bump, then deletes by the new version', async () => {
    const s = open();
    const n1 = Object.assign(new M2oNode(), { id: 1 });
    const n2 = Object.assign(new M2oNode(), { id: 2 });
    n1.related = n2;
    s.addAll([n1, n2]);
    await s.flush();
    s.delete(n1);
    await s.commit();
    expect(await rows(M2oNode)).toEqual([{ id: 2, version: 1, pid: null }]);
  });
});
