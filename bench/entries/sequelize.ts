/**
 * Sequelize 6, used as its docs show: models, `findByPk`/`findAll` (with `raw: true` for plain
 * rows), `include` (with `separate: true` for the selectin style), `bulkCreate` for inserts,
 * `bulkCreate(…, { updateOnDuplicate })` for the bulk update (Sequelize has no unit of work), and
 * managed transactions for the OLTP unit.
 */
import { Op, Sequelize, type Transaction } from 'sequelize';
import { SEED_ITEMS, W2_ROWS, W3_PARENTS, W5_FIRST, W5_LAST } from '../lib/data';
import { PG_CONFIG, POOL_IDLE_MS, POOL_MAX, type BenchEntry, type ItemLike } from '../lib/types';
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

export const entries: BenchEntry[] = [
  {
    name: 'sequelize',
    async setup() {
      sequelize = new Sequelize(PG_CONFIG.database, PG_CONFIG.user, '', {
        host: PG_CONFIG.host,
        port: PG_CONFIG.port,
        dialect: 'postgres',
        logging: false,
        pool: { max: POOL_MAX, min: 0, idle: POOL_IDLE_MS },
      });
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
    W2u: () =>
      SItem.findAll({ where: { id: { [Op.lte]: W2_ROWS } }, order: [['id', 'ASC']], raw: true }) as Promise<
        unknown[]
      > as Promise<ItemLike[]>,
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
    async W7load() {
      let kept: SItem[] | null = await SItem.findAll({ where: { id: { [Op.lte]: SEED_ITEMS } } });
      return { count: kept.length, release: () => void (kept = null) };
    },
    async W7unit(parentId, value) {
      await sequelize.transaction(async (transaction) => {
        const { kids } = await loadWithChildren(parentId, transaction);
        kids[0].value = value;
        await kids[0].save({ transaction });
      });
    },
  },
];
