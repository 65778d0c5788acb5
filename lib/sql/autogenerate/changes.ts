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
  /** Which attribute differs. */
  readonly attribute: ColumnAttribute;
  /** What the database has. */
  readonly from: string | boolean | undefined;
  /** What the metadata declares. */
  readonly to: string | boolean | undefined;
}

/** One difference between the declared metadata and the database. */
export type SchemaChange =
  | {
      /** The kind of difference. */
      readonly kind: 'addTable';
      /** The declared table, absent from the database. */
      readonly table: Table;
    }
  | {
      /** The kind of difference. */
      readonly kind: 'removeTable';
      /** The reflected table, not declared. */
      readonly existing: ReflectedTable;
    }
  | {
      /** The kind of difference. */
      readonly kind: 'renameTable';
      /** The table's name in the database. */
      readonly from: string;
      /** The declared table, under its new name. */
      readonly table: Table;
    }
  | {
      /** The kind of difference. */
      readonly kind: 'addColumn';
      /** The declared table. */
      readonly table: Table;
      /** The declared column, absent from the database. */
      readonly column: Column<unknown>;
    }
  | {
      /** The kind of difference. */
      readonly kind: 'removeColumn';
      /** The table's name in the database. */
      readonly table: string;
      /** The reflected column, not declared. */
      readonly existing: ReflectedColumn;
    }
  | {
      /** The kind of difference. */
      readonly kind: 'renameColumn';
      /** The declared table. */
      readonly table: Table;
      /** The column's name in the database. */
      readonly from: string;
      /** The declared column, under its new name. */
      readonly column: Column<unknown>;
    }
  | {
      /** The kind of difference. */
      readonly kind: 'alterColumn';
      /** The declared table. */
      readonly table: Table;
      /** The declared column. */
      readonly column: Column<unknown>;
      /** The reflected column. */
      readonly existing: ReflectedColumn;
      /** The attributes that differ. */
      readonly changes: readonly AttributeChange[];
      /** The type change may lose data (shorter, less precise, fewer enum values, another type). */
      readonly narrowing: boolean;
    }
  | {
      /** The kind of difference. */
      readonly kind: 'changePrimaryKey';
      /** The declared table. */
      readonly table: Table;
      /** The primary-key columns in the database. */
      readonly from: readonly string[];
      /** The declared primary-key columns. */
      readonly to: readonly string[];
    }
  | {
      /** The kind of difference. */
      readonly kind: 'addIndex';
      /** The declared table. */
      readonly table: Table;
      /** The declared index, absent from the database. */
      readonly index: Index;
    }
  | {
      /** The kind of difference. */
      readonly kind: 'removeIndex';
      /** The table's name in the database. */
      readonly table: string;
      /** The reflected index, not declared. */
      readonly existing: ReflectedIndex;
    }
  | {
      /** The kind of difference. */
      readonly kind: 'addUnique';
      /** The declared table. */
      readonly table: Table;
      /** The declared constraint, absent from the database. */
      readonly unique: UniqueConstraint;
    }
  | {
      /** The kind of difference. */
      readonly kind: 'removeUnique';
      /** The table's name in the database. */
      readonly table: string;
      /** The reflected constraint, not declared. */
      readonly existing: ReflectedUnique;
    }
  | {
      /** The kind of difference. */
      readonly kind: 'addForeignKey';
      /** The declared table. */
      readonly table: Table;
      /** The declared foreign key, absent from the database. */
      readonly foreignKey: ForeignKey;
    }
  | {
      /** The kind of difference. */
      readonly kind: 'removeForeignKey';
      /** The table's name in the database. */
      readonly table: string;
      /** The reflected foreign key, not declared. */
      readonly existing: ReflectedForeignKey;
    }
  | {
      /** The kind of difference. */
      readonly kind: 'addCheck';
      /** The declared table. */
      readonly table: Table;
      /** The declared constraint, absent from the database. */
      readonly check: CheckConstraint;
    }
  | {
      /** The kind of difference. */
      readonly kind: 'removeCheck';
      /** The table's name in the database. */
      readonly table: string;
      /** The reflected constraint, not declared. */
      readonly existing: ReflectedCheck;
    }
  | {
      /** The kind of difference. */
      readonly kind: 'changeTableComment';
      /** The declared table. */
      readonly table: Table;
      /** The comment in the database. */
      readonly from: string | undefined;
      /** The declared comment. */
      readonly to: string | undefined;
    }
  | {
      /** SQLite's STRICT / WITHOUT ROWID differ: only a table rebuild changes them. */
      readonly kind: 'changeTableOptions';
      /** The declared table. */
      readonly table: Table;
      /** The reflected table, with its options. */
      readonly existing: ReflectedTable;
    }
  | {
      /** The kind of difference. */
      readonly kind: 'addEnum';
      /** The enum type's name. */
      readonly name: string;
      /** Its declared values, in order. */
      readonly values: readonly string[];
    }
  | {
      /** The kind of difference. */
      readonly kind: 'removeEnum';
      /** The reflected enum type, not declared. */
      readonly existing: ReflectedEnum;
    }
  | {
      /** The kind of difference. */
      readonly kind: 'addEnumValue';
      /** The enum type's name. */
      readonly name: string;
      /** The value to add. */
      readonly value: string;
      /** The existing value it goes before (undefined: at the end). */
      readonly before: string | undefined;
    }
  | {
      /** The kind of difference. */
      readonly kind: 'renameEnumValue';
      /** The enum type's name. */
      readonly name: string;
      /** The value's text in the database. */
      readonly from: string;
      /** The declared text. */
      readonly to: string;
    }
  | {
      /** Values removed or reordered: the type must be recreated (destructive when values go). */
      readonly kind: 'recreateEnum';
      /** The enum type's name. */
      readonly name: string;
      /** The declared values, in order. */
      readonly values: readonly string[];
      /** The reflected type. */
      readonly existing: ReflectedEnum;
      /** The values that go. */
      readonly removed: readonly string[];
    };

/** The kind of each difference. */
export type SchemaChangeKind = SchemaChange['kind'];
