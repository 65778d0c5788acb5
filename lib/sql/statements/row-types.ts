import type { Expression } from '../expression/expression';
import type { ColumnDefs, RowOf, Table, TableAlias } from '../schema/table';

/** An expression with a result key: a column, a labeled expression, a subquery column. */
export type KeyedExpression<T, K extends string> = Expression<T> & { readonly key: K };

/** Anything accepted in a select list. */
export type SelectItem =
  | Expression<unknown>
  | { readonly fromNode: unknown }
  | (abstract new (...args: never[]) => unknown)
  | object;

/** A `bundle()`, by its shape (its phantom items and its key). */
type BundleLike<Items extends readonly unknown[], K extends string> = {
  readonly __bundled?: Items;
  readonly key: K;
  readonly columns: Items;
};

/** The value one select item contributes to a result tuple. */
export type ItemValue<I> =
  I extends BundleLike<infer B, string>
    ? RowTuple<B>
    : I extends Table<infer C extends ColumnDefs>
      ? RowOf<C>
      : I extends TableAlias<infer C extends ColumnDefs>
        ? RowOf<C>
        : I extends Expression<infer T>
          ? T
          : I extends abstract new (...args: never[]) => infer E
            ? E
            : I extends { readonly __entity?: infer E }
              ? E
              : unknown;

type ItemEntry<I> =
  I extends BundleLike<infer B, string>
    ? RowObject<B>
    : I extends Table<infer C extends ColumnDefs>
      ? RowOf<C>
      : I extends TableAlias<infer C extends ColumnDefs>
        ? RowOf<C>
        : I extends KeyedExpression<infer T, infer K>
          ? string extends K
            ? Record<string, unknown>
            : { [P in K]: T }
          : Record<never, never>;

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void
  ? I
  : never;
type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** A result row as an object keyed by column name / label: what Core execution returns. */
export type RowObject<Items extends readonly unknown[]> = Simplify<
  UnionToIntersection<ItemEntry<Items[number]>>
>;

/**
 * The entries a select item adds to an ORM row's names: a column or labeled expression under its
 * key. A key an array already has (`length`, `map`, …) is left out: it would hide the array's own.
 */
type NamedEntry<I> =
  I extends BundleLike<infer B, infer K>
    ? string extends K
      ? Record<never, never>
      : K extends keyof unknown[]
        ? Record<never, never>
        : { readonly [P in K]: RowTuple<B> }
    : I extends KeyedExpression<infer T, infer K>
      ? string extends K
        ? Record<never, never>
        : K extends keyof unknown[]
          ? Record<never, never>
          : { readonly [P in K]: T }
      : Record<never, never>;

type NamedValues<Items extends readonly unknown[]> = Simplify<UnionToIntersection<NamedEntry<Items[number]>>>;

/**
 * A result row of an ORM select: a tuple, one value per select item, whose columns and labeled
 * expressions are also readable by key (`row[1]` and `row.email`; the first item with a key
 * when two share it).
 */
export type RowTuple<Items extends readonly unknown[]> = [keyof NamedValues<Items>] extends [never]
  ? { -readonly [I in keyof Items]: ItemValue<Items[I]> }
  : { -readonly [I in keyof Items]: ItemValue<Items[I]> } & NamedValues<Items>;
