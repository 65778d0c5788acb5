/**
 * What the comparison of declared metadata with a reflected database finds: one change per
 * difference, pointing at the declared object (what the schema should become) and at the
 * reflected one (what the database has, so that a drop can be undone).
 */
import type {
  ReflectedCheck,
  ReflectedColumn,
  ReflectedEnum,
  ReflectedForeignKey,
  ReflectedIndex,
  ReflectedTable,
  ReflectedUnique,
} from '../reflection/model';
import type { CheckConstraint, Column, ForeignKey, Index, Table, UniqueConstraint } from '../schema/table';

/** A column attribute the comparison looks at. */
export type ColumnAttribute = 'type' | 'nullable' | 'default' | 'comment' | 'collation' | 'computed';

/** One attribute of a column that differs, in canonical spellings (undefined: none). */
export interface AttributeChange {
  readonly attribute: ColumnAttribute;
  readonly from: string | boolean | undefined;
  readonly to: string | boolean | undefined;
}

export type SchemaChange =
  | { readonly kind: 'addTable'; readonly table: Table }
  | { readonly kind: 'removeTable'; readonly existing: ReflectedTable }
  | { readonly kind: 'renameTable'; readonly from: string; readonly table: Table }
  | { readonly kind: 'addColumn'; readonly table: Table; readonly column: Column<unknown> }
  | { readonly kind: 'removeColumn'; readonly table: string; readonly existing: ReflectedColumn }
  | {
      readonly kind: 'renameColumn';
      readonly table: Table;
      readonly from: string;
      readonly column: Column<unknown>;
    }
  | {
      readonly kind: 'alterColumn';
      readonly table: Table;
      readonly column: Column<unknown>;
      readonly existing: ReflectedColumn;
      readonly changes: readonly AttributeChange[];
      /** The type change may lose data (shorter, less precise, fewer enum values, another type). */
      readonly narrowing: boolean;
    }
  | {
      readonly kind: 'changePrimaryKey';
      readonly table: Table;
      readonly from: readonly string[];
      readonly to: readonly string[];
    }
  | { readonly kind: 'addIndex'; readonly table: Table; readonly index: Index }
  | { readonly kind: 'removeIndex'; readonly table: string; readonly existing: ReflectedIndex }
  | { readonly kind: 'addUnique'; readonly table: Table; readonly unique: UniqueConstraint }
  | { readonly kind: 'removeUnique'; readonly table: string; readonly existing: ReflectedUnique }
  | { readonly kind: 'addForeignKey'; readonly table: Table; readonly foreignKey: ForeignKey }
  | { readonly kind: 'removeForeignKey'; readonly table: string; readonly existing: ReflectedForeignKey }
  | { readonly kind: 'addCheck'; readonly table: Table; readonly check: CheckConstraint }
  | { readonly kind: 'removeCheck'; readonly table: string; readonly existing: ReflectedCheck }
  | {
      readonly kind: 'changeTableComment';
      readonly table: Table;
      readonly from: string | undefined;
      readonly to: string | undefined;
    }
  | {
      /** SQLite's STRICT / WITHOUT ROWID differ: only a table rebuild changes them. */
      readonly kind: 'changeTableOptions';
      readonly table: Table;
      readonly existing: ReflectedTable;
    }
  | { readonly kind: 'addEnum'; readonly name: string; readonly values: readonly string[] }
  | { readonly kind: 'removeEnum'; readonly existing: ReflectedEnum }
  | {
      readonly kind: 'addEnumValue';
      readonly name: string;
      readonly value: string;
      /** The existing value it goes before (undefined: at the end). */
      readonly before: string | undefined;
    }
  | {
      readonly kind: 'renameEnumValue';
      readonly name: string;
      readonly from: string;
      readonly to: string;
    }
  | {
      /** Values removed or reordered: the type must be recreated (destructive when values go). */
      readonly kind: 'recreateEnum';
      readonly name: string;
      readonly values: readonly string[];
      readonly existing: ReflectedEnum;
      readonly removed: readonly string[];
    };

export type SchemaChangeKind = SchemaChange['kind'];
