/**
 * Type-level tests for the rows of ORM selects. Compiled by `tsc --noEmit` (never run by jest):
 * each `@ts-expect-error` must stay an error. Rows are tuples whose columns and labels are also
 * readable by key.
 */
import { attrs } from '../../lib/mapper';
import type { OrmResult } from '../../lib/session';
import { func, select, type Column, type RowTuple } from '../../lib/sql';
import { Post, User } from '../mapper/fixtures';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(_value?: T): void => undefined;

const u = attrs(User);
const p = attrs(Post);

type RowOf<S> = S extends { items: infer I extends readonly unknown[] } ? RowTuple<I> : never;

// An attribute's column carries its property key.
assertType<Equal<typeof u.email, Column<string, 'email'>>>();

// Column rows: by position and by key, with the columns' types.
const _columns = select(u.id, u.email, u.nickname);
declare const columns: RowOf<typeof _columns>;
assertType<Equal<typeof columns.id, number>>();
assertType<Equal<typeof columns.email, string>>();
assertType<Equal<typeof columns.nickname, string | null>>();
assertType<Equal<(typeof columns)[1], string>>();
const [_id, _email] = columns;
assertType<Equal<typeof _email, string>>();
// @ts-expect-error: the select has no title
void columns.title;
// @ts-expect-error: a string is not a number
const _wrong: number = columns.email;

// Entities stay positional; labels name their values.
const _mixed = select(User, p.title, func.count(p.id).as('postCount'));
declare const mixed: RowOf<typeof _mixed>;
assertType<Equal<(typeof mixed)[0], User>>();
assertType<Equal<typeof mixed.title, string>>();
assertType<Equal<typeof mixed.postCount, number>>();
// @ts-expect-error: an entity item has no key
void mixed.User;

// A select of entities only is a plain tuple.
const _entities = select(User, Post);
assertType<Equal<RowOf<typeof _entities>, [User, Post]>>();

// A key an array already has is not a name: `length` stays the tuple's length.
const _shadow = select(u.id, p.title.as('length'));
type Shadow = RowOf<typeof _shadow>;
assertType<Equal<Shadow['length'], 2>>();

// What session.execute() returns: rows of the same type.
type FirstRow = NonNullable<ReturnType<OrmResult<RowOf<typeof _columns>>['first']>>;
assertType<Equal<FirstRow['email'], string>>();
