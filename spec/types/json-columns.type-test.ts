/**
 * Type-level tests: a JSON column whose value is an object or an array is a column to `attrs()`, not
 * a relationship, once its property is marked `Json<T>`. Compiled by `tsc --noEmit` (never run by
 * jest): each `@ts-expect-error` must stay an error.
 */
import { attrs, RelationshipAttribute, type Json } from '../../lib/mapper';
import type { Column } from '../../lib/sql';
import { Post } from '../mapper/fixtures';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(_value?: T): void => undefined;

interface Settings {
  theme: 'dark' | 'light';
  pageSize: number;
}

class Profile {
  id!: number;
  settings!: Json<Settings>;
  labels!: Json<string[]> | null;
  /** Unmarked: an object property is a relationship. */
  post!: Post | null;
}

const pr = attrs(Profile);

assertType<Equal<typeof pr.settings, Column<Json<Settings>, 'settings'>>>();
assertType<Equal<typeof pr.labels, Column<Json<string[]> | null, 'labels'>>>();
assertType<Equal<typeof pr.post, RelationshipAttribute<Post, Profile, 'post'>>>();

// Columns compare with plain values of the document type.
pr.settings.eq({ theme: 'dark', pageSize: 20 });
pr.labels.eq(null);
// @ts-expect-error: not a Settings document
pr.settings.eq({ theme: 'blue', pageSize: 20 });
// @ts-expect-error: a JSON column has no relationship operators
pr.settings.has(undefined);

// The marker costs nothing on the values: plain documents are assigned and read back as such.
const profile = new Profile();
profile.settings = { theme: 'light', pageSize: 10 };
profile.labels = ['a', 'b'];
const _size: number = profile.settings.pageSize;
const _first: string | undefined = profile.labels[0];
// @ts-expect-error: the document keeps its own type
profile.settings = { theme: 'light' };
