import type { ReferentialAction } from '../schema/schema-options';
import type { ReflectedSchema } from './model';

/** Runs catalog queries: SQL in the dialect's placeholder style, positional parameters, rows back. */
export interface SchemaQueries {
  /** Runs a catalog query and returns its rows. */
  query(sql: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]>;
}

/** Which schema, and which of its tables, to reflect. */
export interface ReflectOptions {
  /** The schema (PostgreSQL schema, MySQL database); the connection's default when omitted. */
  readonly schema?: string;
  /** Only these tables (and the enums, views and triggers of the schema); all tables when omitted. */
  readonly tables?: readonly string[];
}

/** What a dialect's catalog can and cannot tell, for comparing it with declared metadata. */
export interface InspectorTraits {
  /** Autoincrement can be told from the catalog (SQLite cannot: any INTEGER PRIMARY KEY is the rowid). */
  readonly reflectsAutoincrement: boolean;
  /** Unique constraints are unique indexes and are reported as such (MySQL, MariaDB). */
  readonly uniquesAreIndexes: boolean;
  /** Partial indexes exist (their predicates are compared). */
  readonly partialIndexes: boolean;
  /** Column and table comments exist. */
  readonly comments: boolean;
  /** Foreign keys keep their names. */
  readonly namedForeignKeys: boolean;
  /** Enums are database types of their own, with CREATE TYPE (PostgreSQL). */
  readonly namedEnums: boolean;
}

/**
 * A dialect's reader of its own catalog, and the canonical spellings that let migrations compare
 * what the database holds with what the application declares. Implemented by each dialect
 * (`lib/dialects/<name>/inspector.ts`); run through any `SchemaQueries`.
 */
export interface SchemaInspector {
  /** What the inspector's database reports and how. */
  readonly traits: InspectorTraits;
  /** The schema names resolve in by default (undefined where there is only one). */
  defaultSchema(q: SchemaQueries): Promise<string | undefined>;
  /** The base tables of a schema, sorted by name. */
  tableNames(q: SchemaQueries, schema?: string): Promise<string[]>;
  /** Tables with their columns, keys, indexes and checks; the schema's enums, views and triggers. */
  reflect(q: SchemaQueries, options?: ReflectOptions): Promise<ReflectedSchema>;
  /** The canonical spelling of a column type, for the database's names and Athanor's DDL alike. */
  canonicalType(sql: string): string;
  /** The canonical spelling of a server default (undefined: none). */
  canonicalDefault(sql: string | undefined): string | undefined;
  /** The canonical spelling of an expression: a CHECK, an index predicate or element. */
  canonicalExpression(sql: string): string;
  /** The canonical referential action (undefined for the database's default behaviour). */
  canonicalAction(action: ReferentialAction | undefined): ReferentialAction | undefined;
}
