/** Drizzle's own table and relation definitions over the shared bench tables. */
import { relations } from 'drizzle-orm';
import {
  boolean,
  doublePrecision,
  integer,
  pgTable,
  serial,
  text,
  timestamp,
  varchar,
} from 'drizzle-orm/pg-core';

export const item = pgTable('bench_item', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  code: varchar('code', { length: 32 }).notNull(),
  quantity: integer('quantity').notNull(),
  price: doublePrecision('price').notNull(),
  active: boolean('active').notNull(),
  category: integer('category').notNull(),
  description: text('description').notNull(),
  score: integer('score').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

export const parent = pgTable('bench_parent', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

export const child = pgTable('bench_child', {
  id: serial('id').primaryKey(),
  parentId: integer('parent_id')
    .notNull()
    .references(() => parent.id),
  name: text('name').notNull(),
  value: integer('value').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

export const parentRelations = relations(parent, ({ many }) => ({ children: many(child) }));
export const childRelations = relations(child, ({ one }) => ({
  parent: one(parent, { fields: [child.parentId], references: [parent.id] }),
}));

export const schema = { item, parent, child, parentRelations, childRelations };
