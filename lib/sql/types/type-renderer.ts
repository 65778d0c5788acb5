import { jsonCheck } from './bind-checks';
import { decoratedBind, decoratedResult, DecoratedType } from './decorated-type';
import { jsonFromText, passThrough } from './processors';
import type { SqlType, TypeKind, TypeOfKind, ValueProcessor } from './sql-type';

/**
 * How one dialect writes and converts the types of one kind. `types` is the dialect's whole
 * renderer, for kinds made of other types (an array renders its item type).
 */
export interface KindRenderer<K extends TypeKind> {
  /** The column type as written in CREATE TABLE. */
  ddl(type: TypeOfKind<K>, types: TypeRenderer): string;
  /** The type name in CAST(… AS …), where it differs from the DDL (MySQL's `SIGNED`, `CHAR`). */
  cast?(type: TypeOfKind<K>, types: TypeRenderer): string;
  /** JavaScript value → driver value; `undefined` when values pass as they are. */
  bind(type: TypeOfKind<K>, types: TypeRenderer): ValueProcessor | undefined;
  /** Driver value → JavaScript value; `undefined` when values pass as they are. */
  result(type: TypeOfKind<K>, types: TypeRenderer): ValueProcessor | undefined;
}

/**
 * A dialect's type compiler: for every type kind, its DDL, CAST name and value conversions. The map
 * is exhaustive, so a new kind lists each dialect still to fill, and a new dialect lists each kind.
 *
 * @example
 * const types: TypeRenderer = {
 *   integer: { ddl: () => 'INTEGER', bind: passThrough, result: always(toNumber) },
 *   // … every other kind
 * };
 */
export type TypeRenderer = { readonly [K in TypeKind]: KindRenderer<K> };

/** The renderer of `type`'s kind, typed for any type (the kind and the type agree by construction). */
function rendererOf(renderer: TypeRenderer, type: SqlType<unknown>): KindRenderer<TypeKind> {
  return renderer[type.kind] as KindRenderer<TypeKind>;
}

/** The DDL of a type in a dialect. @example renderTypeDdl(getDialect('mssql').types, types.text()) // 'NVARCHAR(MAX)' */
export function renderTypeDdl(renderer: TypeRenderer, type: SqlType<unknown>): string {
  if (type instanceof DecoratedType) return renderTypeDdl(renderer, type.impl);
  return rendererOf(renderer, type).ddl(type as TypeOfKind<TypeKind>, renderer);
}

/** The name of a type in CAST(… AS …) for a dialect. */
export function renderTypeCast(renderer: TypeRenderer, type: SqlType<unknown>): string {
  if (type instanceof DecoratedType) return renderTypeCast(renderer, type.impl);
  const kind = rendererOf(renderer, type);
  const t = type as TypeOfKind<TypeKind>;
  return kind.cast === undefined ? kind.ddl(t, renderer) : kind.cast(t, renderer);
}

/** The bind processor of a type in a dialect, or undefined when values pass as they are. */
export function bindProcessorOf(renderer: TypeRenderer, type: SqlType<unknown>): ValueProcessor | undefined {
  if (type instanceof DecoratedType) return decoratedBind(type, bindProcessorOf(renderer, type.impl));
  return rendererOf(renderer, type).bind(type as TypeOfKind<TypeKind>, renderer);
}

/** The result processor of a type in a dialect, or undefined when values pass as they are. */
export function resultProcessorOf(
  renderer: TypeRenderer,
  type: SqlType<unknown>,
): ValueProcessor | undefined {
  if (type instanceof DecoratedType) return decoratedResult(type, resultProcessorOf(renderer, type.impl));
  return rendererOf(renderer, type).result(type as TypeOfKind<TypeKind>, renderer);
}

/** `(precision, scale)` of a numeric type, or `''` when it has no precision. */
export function numericArgs(type: TypeOfKind<'numeric'>): string {
  return type.precision === undefined ? '' : `(${type.precision}, ${type.scale ?? 0})`;
}

/** A user's SQL type (`types.custom`): its text on every dialect, values passed as they are. */
export const CUSTOM_KIND: KindRenderer<'custom'> = Object.freeze({
  ddl: (t: TypeOfKind<'custom'>) => t.sql,
  bind: passThrough,
  result: passThrough,
});

/** An array stored as a JSON document in a column of type `ddl`, for dialects without arrays. */
export function arrayAsJson(ddl: string): KindRenderer<'array'> {
  return Object.freeze({ ddl: () => ddl, bind: jsonCheck, result: () => jsonFromText });
}

/** ` UNSIGNED` for an unsigned integer type (MySQL/MariaDB), else nothing. */
export function unsignedSuffix(type: { readonly unsigned: boolean }): string {
  return type.unsigned ? ' UNSIGNED' : '';
}
