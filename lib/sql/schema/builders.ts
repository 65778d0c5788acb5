import type { SqlType } from '../types/sql-type';
import { ColumnDef, Table, type ColumnDefs, type ColumnOptions, type TableOptions } from './table';

/** `column()` and `table()`, the functions applications declare tables with (table.ts holds the classes). */

/**
 * Declares a column for `table()`. A column is nullable (its values typed `T | null`) unless it is
 * a primary key or says `nullable: false`.
 *
 * @example
 * const users = table('users', {
 *   id: column(types.integer(), { primaryKey: true }),
 *   name: column(types.string(50), { nullable: false }),
 * }, { metadata });
 */
export function column<T>(
  type: SqlType<T>,
  options: ColumnOptions<T> & ({ primaryKey: true } | { nullable: false }),
): ColumnDef<T>;
export function column<T>(type: SqlType<T>, options?: ColumnOptions<T>): ColumnDef<T | null>;
export function column<T>(type: SqlType<T>, options: ColumnOptions<T> = {}): ColumnDef<T> {
  return new ColumnDef<T>(type, Object.freeze({ ...options }));
}

/**
 * Defines a table with typed columns.
 *
 * @example
 * const users = table('users', {
 *   id: column(types.integer(), { primaryKey: true }),
 *   name: column(types.string(50), { nullable: false }),
 * }, { metadata });
 * users.c.name.eq('sandy');
 */
export function table<C extends ColumnDefs>(name: string, columns: C, options: TableOptions = {}): Table<C> {
  return new Table<C>(name, columns, options.metadata, options);
}
