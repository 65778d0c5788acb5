import { ConfigurationError } from '../../errors';
import { CycleError, topologicalSort } from '../../util/topological-sort';
import type { Table, TableCollection } from './table';
import type { ReflectedSchema } from '../reflection/model';
import type { ReflectOptions } from '../reflection/inspector';
import { addReflectedTables } from '../reflection/to-tables';

/**
 * Runs DDL for `createAll` / `dropAll`. The Engine implements it; lib/sql only describes the work.
 */
export interface SchemaTarget {
  createTables(tables: readonly Table[], options: { ifNotExists: boolean }): Promise<void>;
  dropTables(tables: readonly Table[], options: { ifExists: boolean }): Promise<void>;
}

/** Reads a database's schema for `metadata.reflect()`. The Engine implements it. */
export interface ReflectionSource {
  reflectSchema(options?: ReflectOptions): Promise<ReflectedSchema>;
}

/**
 * A collection of tables: the schema as the application declares it.
 *
 * @example
 * const metadata = new MetaData();
 * const users = table('users', { … }, { metadata });
 * await metadata.createAll(engine);
 */
export class MetaData implements TableCollection {
  private readonly byName = new Map<string, Table>();

  /** Tables by full name (`schema.name` or `name`). */
  get tables(): ReadonlyMap<string, Table> {
    return this.byName;
  }

  /** @internal Called by `table()`. */
  add(table: Table): void {
    if (this.byName.has(table.fullName)) {
      throw new ConfigurationError(`MetaData already has a table named '${table.fullName}'`);
    }
    this.byName.set(table.fullName, table);
  }

  /** Removes a table (used by tests and migrations). */
  remove(table: Table): void {
    this.byName.delete(table.fullName);
  }

  /**
   * Tables ordered so that every table comes after the tables its foreign keys refer to.
   * A cycle of foreign keys raises a ConfigurationError naming the tables in the cycle.
   */
  get sortedTables(): Table[] {
    const tables = [...this.byName.values()];
    try {
      return topologicalSort(tables, (t) => t.foreignKeys.map((fk) => fk.referredTable));
    } catch (e) {
      if (e instanceof CycleError) {
        const names = (e.cycle as Table[]).map((t) => t.fullName).join(' -> ');
        throw new ConfigurationError(
          `foreign keys form a cycle between tables: ${names}; create one of the keys after the tables (use_alter) or break the cycle`,
        );
      }
      throw e;
    }
  }

  /** Creates every table (and its indexes) that does not exist yet, parents first. */
  async createAll(target: SchemaTarget, options: { checkFirst?: boolean } = {}): Promise<void> {
    await target.createTables(this.sortedTables, { ifNotExists: options.checkFirst ?? true });
  }

  /**
   * Adds the database's tables (all, or `options.tables`) as Core tables keyed by column name;
   * tables already declared here are kept as they are. Returns the tables added.
   *
   * @example
   * const metadata = new MetaData();
   * await metadata.reflect(engine);
   * const albums = metadata.tables.get('album')!;
   */
  async reflect(source: ReflectionSource, options: ReflectOptions = {}): Promise<Table[]> {
    return addReflectedTables(this, await source.reflectSchema(options));
  }

  /** Drops every table, children first. */
  async dropAll(target: SchemaTarget, options: { checkFirst?: boolean } = {}): Promise<void> {
    await target.dropTables(this.sortedTables.reverse(), { ifExists: options.checkFirst ?? true });
  }
}
