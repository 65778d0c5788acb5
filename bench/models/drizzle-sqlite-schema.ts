/**
 * Drizzle's SQLite table and relation definitions over the shared bench tables. Timestamps are a
 * custom type (Drizzle's documented extension point): the bench stores UTC wall-time text, which
 * none of Drizzle's built-in SQLite column modes (integer seconds or milliseconds) reads.
 */
import { relations } from 'drizzle-orm';
import { customType, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';

const utcText = customType<{ data: Date; driverData: string }>({
  dataType: () => 'datetime',
  toDriver: (d) => d.toISOString().replace('T', ' ').slice(0, 23),
  fromDriver: (s) => new Date(`${s.replace(' ', 'T')}Z`),
});
const createdAt = () => utcText('created_at').notNull();

export const item = sqliteTable('bench_item', {
  id: integer('id').primaryKey(),
  name: text('name').notNull(),
  code: text('code', { length: 32 }).notNull(),
  quantity: integer('quantity').notNull(),
  price: real('price').notNull(),
  active: integer('active', { mode: 'boolean' }).notNull(),
  category: integer('category').notNull(),
  description: text('description').notNull(),
  score: integer('score').notNull(),
  createdAt: createdAt(),
});

export const parent = sqliteTable('bench_parent', {
  id: integer('id').primaryKey(),
  name: text('name').notNull(),
  createdAt: createdAt(),
});

export const child = sqliteTable('bench_child', {
  id: integer('id').primaryKey(),
  parentId: integer('parent_id')
    .notNull()
    .references(() => parent.id),
  name: text('name').notNull(),
  value: integer('value').notNull(),
  createdAt: createdAt(),
});

export const parentRelations = relations(parent, ({ many }) => ({ children: many(child) }));
export const childRelations = relations(child, ({ one }) => ({
  parent: one(parent, { fields: [child.parentId], references: [parent.id] }),
}));

export const schema = { item, parent, child, parentRelations, childRelations };
