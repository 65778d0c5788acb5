/** Athanor Core table definitions over the shared bench tables (the Session entry will map onto these). */
import { column, table, types } from '../../lib/sql';

const createdAt = () => column(types.dateTime({ timezone: true }), { name: 'created_at', nullable: false });

export const items = table('bench_item', {
  id: column(types.integer(), { primaryKey: true }),
  name: column(types.text(), { nullable: false }),
  code: column(types.string(32), { nullable: false }),
  quantity: column(types.integer(), { nullable: false }),
  price: column(types.float(), { nullable: false }),
  active: column(types.boolean(), { nullable: false }),
  category: column(types.integer(), { nullable: false }),
  description: column(types.text(), { nullable: false }),
  score: column(types.integer(), { nullable: false }),
  createdAt: createdAt(),
});

export const parents = table('bench_parent', {
  id: column(types.integer(), { primaryKey: true }),
  name: column(types.text(), { nullable: false }),
  createdAt: createdAt(),
});

export const children = table('bench_child', {
  id: column(types.integer(), { primaryKey: true }),
  parentId: column(types.integer(), { name: 'parent_id', nullable: false }),
  name: column(types.text(), { nullable: false }),
  value: column(types.integer(), { nullable: false }),
  createdAt: createdAt(),
});
