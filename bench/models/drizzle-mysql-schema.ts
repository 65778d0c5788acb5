/** Drizzle's MySQL table and relation definitions over the shared bench tables (MariaDB). */
import { relations } from 'drizzle-orm';
import { boolean, datetime, double, int, mysqlTable, serial, text, varchar } from 'drizzle-orm/mysql-core';

const createdAt = () => datetime('created_at', { mode: 'date', fsp: 3 }).notNull();

export const item = mysqlTable('bench_item', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  code: varchar('code', { length: 32 }).notNull(),
  quantity: int('quantity').notNull(),
  price: double('price').notNull(),
  active: boolean('active').notNull(),
  category: int('category').notNull(),
  description: text('description').notNull(),
  score: int('score').notNull(),
  createdAt: createdAt(),
});

export const parent = mysqlTable('bench_parent', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  createdAt: createdAt(),
});

export const child = mysqlTable('bench_child', {
  id: serial('id').primaryKey(),
  parentId: int('parent_id')
    .notNull()
    .references(() => parent.id),
  name: text('name').notNull(),
  value: int('value').notNull(),
  createdAt: createdAt(),
});

export const parentRelations = relations(parent, ({ many }) => ({ children: many(child) }));
export const childRelations = relations(child, ({ one }) => ({
  parent: one(parent, { fields: [child.parentId], references: [parent.id] }),
}));

export const schema = { item, parent, child, parentRelations, childRelations };
