/**
 * Sequelize 6, used as its docs show: models, `findByPk`/`findAll` (with `raw: true` for plain
 * rows), `include` (with `separate: true` for the selectin style), `bulkCreate` for inserts,
 * `bulkCreate(…, { updateOnDuplicate })` for the bulk update (Sequelize has no unit of work), and
 * managed transactions for the OLTP unit. On PostgreSQL (pg), MariaDB (its `mysql` dialect over
 * mysql2, the raw target's driver; the `mariadb` dialect would use the `mariadb` connector) and
 * SQLite through sqlite3 (the only SQLite library Sequelize 6 drives).
 */
import { Op, Sequelize, type Options, type Transaction } from 'sequelize';
import { SEED_ITEMS, W2_ROWS, W3_PARENTS, W5_FIRST, W5_LAST } from '../lib/data';
import { MARIADB_CONFIG, asDate, sqliteFile, type BenchDatabase } from '../lib/databases';
import { serialized } from '../lib/serialize';
import { PG_CONFIG, POOL_IDLE_MS, type BenchEntry, type ItemLike } from '../lib/types';
import { SChild, SItem, SParent, defineModels } from '../models/sequelize-models';

let sequelize: Sequelize;

const loadParents = (separate: boolean): Promise<SParent[]> =>
  SParent.findAll({
    where: { id: { [Op.lte]: W3_PARENTS } },
    include: [{ model: SChild, as: 'children', separate }],
    order: [['id', 'ASC']],
  });

async function loadWithChildren(
  id: number,
  transaction: Transaction,
): Promise<{ p: SParent; kids: SChild[] }> {
  const p = (await SParent.findByPk(id, { include: [{ model: SChild, as: 'children' }], transaction }))!;
  return { p, kids: [...p.children].sort((a, b) => a.id - b.id) };
}

function options(db: BenchDatabase): Options {
  const common: Options = { logging: false, pool: { max: db.poolMax, min: 0, idle: POOL_IDLE_MS } };
  if (db.key === 'postgresql')
    return { ...common, dialect: 'postgres', ...PG_CONFIG, username: PG_CONFIG.user };
  if (db.key === 'mariadb')
    return { ...common, dialect: 'mysql', ...MARIADB_CONFIG, username: MARIADB_CONFIG.user };
  return { ...common, dialect: 'sqlite', storage: sqliteFile(db.key) };
}

/**
 * On SQLite, Sequelize opens a connection per transaction; concurrent units that read and then
 * write fail with SQLITE_BUSY (a lock upgrade the busy handler cannot wait out), so they queue.
 */
function make(db: BenchDatabase): BenchEntry {
  const queue = db.key === 'sqlite3' ? serialized() : <T>(fn: () => Promise<T>): Promise<T> => fn();
  return {
    name: 'sequelize',
    async setup() {
      sequelize = new Sequelize(options(db));
      defineModels(sequelize);
      await sequelize.authenticate();
    },
    async teardown() {
      await sequelize.close();
    },
    async W1(id) {
      return (await SItem.findByPk(id))!;
    },
    W2t: () => SItem.findAll({ where: { id: { [Op.lte]: W2_ROWS } }, order: [['id', 'ASC']] }),
    async W2u() {
      const rows = (await SItem.findAll({
        where: { id: { [Op.lte]: W2_ROWS } },
        order: [['id', 'ASC']],
        raw: true,
      })) as unknown as (Omit<ItemLike, 'active' | 'createdAt'> & { active: unknown; createdAt: unknown })[];
      // Raw rows are the driver's: MySQL's and SQLite's BOOLEAN comes back 0/1, SQLite's dates as text.
      if (db.key !== 'postgresql') {
        for (const r of rows) {
          r.active = r.active === 1 || r.active === true;
          if (typeof r.createdAt === 'string') r.createdAt = asDate(r.createdAt);
        }
      }
      return rows as ItemLike[];
    },
    W3s: () => loadParents(true),
    W3j: () => loadParents(false),
    W4: (input) => SItem.bulkCreate(input),
    async W5(scoreBase, description) {
      const objs = await SItem.findAll({
        where: { id: { [Op.between]: [W5_FIRST, W5_LAST] } },
        order: [['id', 'ASC']],
      });
      for (const o of objs) {
        o.score = scoreBase + o.id;
        o.description = description;
      }
      await SItem.bulkCreate(
        objs.map((o) => o.get({ plain: true })),
        { updateOnDuplicate: ['score', 'description'] },
      );
      return objs;
    },
    W6: (task) =>
      queue(() =>
        sequelize.transaction(async (transaction) => {
          const { p, kids } = await loadWithChildren(task.parentId, transaction);
          await SChild.bulkCreate(
            task.newChildren.map((c) => ({ ...c, parentId: p.id })),
            { transaction },
          );
          for (const c of kids.slice(0, 2)) {
            c.value = task.updateValue;
            c.name = task.updateName;
            await c.save({ transaction });
          }
          await kids[kids.length - 1].destroy({ transaction });
          return p.createdAt;
        }),
      ),
    async W7load() {
      let kept: SItem[] | null = await SItem.findAll({ where: { id: { [Op.lte]: SEED_ITEMS } } });
      return { count: kept.length, release: () => void (kept = null) };
    },
    async W7unit(parentId, value) {
      await queue(() =>
        sequelize.transaction(async (transaction) => {
          const { kids } = await loadWithChildren(parentId, transaction);
          kids[0].value = value;
          await kids[0].save({ transaction });
        }),
      );
    },
  };
}

export const entriesFor = (db: BenchDatabase): BenchEntry[] =>
  db.key === 'postgresql' || db.key === 'mariadb' || db.key === 'sqlite3' ? [make(db)] : [];
