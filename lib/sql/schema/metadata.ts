import { ConfigurationError } from '../../errors';
import { CycleError, topologicalSort } from '../../util/topological-sort';
import type { ForeignKey, Table, TableCollection } from './table';
import type { Sequence, SequenceCollection } from './sequence';
import type { ReflectedSchema } from '../reflection/model';
import type { ReflectOptions } from '../reflection/inspector';
import { addReflectedTables } from '../reflection/to-tables';

/**
 * Runs DDL for `createAll` / `dropAll`. The Engine implements it; lib/sql only describes the work.
 */
export interface SchemaTarget {
  /** `deferredForeignKeys` close a cycle between tables: added once every table exists. */
  createTables(
    tables: readonly Table[],
    options: {
      ifNotExists: boolean;
      deferredForeignKeys?: readonly ForeignKey[];
      /** Created before the tables, where the database has sequences (skipped elsewhere). */
      sequences?: readonly Sequence[];
    },
  ): Promise<void>;
  /** `deferredForeignKeys` close a cycle between tables: dropped before the tables. */
  dropTables(
    tables: readonly Table[],
    options: {
      ifExists: boolean;
      deferredForeignKeys?: readonly ForeignKey[];
      /** Dropped after the tables, where the database has sequences. */
      sequences?: readonly Sequence[];
    },
  ): Promise<void>;
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
export class MetaData implements TableCollection, SequenceCollection {
  private readonly byName = new Map<string, Table>();
  private readonly sequencesByName = new Map<string, Sequence>();

  /** Sequences declared with `metadata` (those of its tables' columns join `createAll` too). */
  get sequences(): ReadonlyMap<string, Sequence> {
    return this.sequencesByName;
  }

  /** @internal Called by `new Sequence(name, { metadata })`. */
  addSequence(sequence: Sequence): void {
    const existing = this.sequencesByName.get(sequence.fullName);
    if (existing !== undefined && existing !== sequence) {
      throw new ConfigurationError(`MetaData already has a sequence named '${sequence.fullName}'`);
    }
    this.sequencesByName.set(sequence.fullName, sequence);
  }

  /**
   * The sequences `createAll` creates: the MetaData's own and those its tables' columns use (as
   * `sequence` or as a `serverDefault`), once each.
   */
  get allSequences(): Sequence[] {
    const out = new Set(this.sequencesByName.values());
    for (const table of this.byName.values())
      for (const col of table.columns) if (col.sequence !== undefined) out.add(col.sequence);
    return [...out];
  }

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

  /**
   * The order in which tables can be created, parents first, and the foreign keys that close a
   * cycle between tables (A refers to B and B to A): those join no CREATE TABLE; they are
   * added after the tables and dropped before them, as SQLAlchemy does with `use_alter`.
   */
  get createOrder(): {
    /** The tables, each after the tables it refers to. */
    tables: Table[];
    /** Foreign keys of cycles, added by ALTER TABLE once every table exists. */
    deferredForeignKeys: ForeignKey[];
  } {
    const tables = [...this.byName.values()];
    const deferred = new Set<ForeignKey>();
    for (;;) {
      try {
        const sorted = topologicalSort(tables, (t) =>
          t.foreignKeys.filter((fk) => !deferred.has(fk)).map((fk) => fk.referredTable),
        );
        return { tables: sorted, deferredForeignKeys: [...deferred] };
      } catch (e) {
        if (!(e instanceof CycleError)) throw e;
        const cycle = e.cycle as Table[];
        // Every key along the cycle is deferred (each step refers to the next table).
        for (let i = 0; i + 1 < cycle.length; i++) {
          for (const fk of cycle[i]!.foreignKeys) if (fk.referredTable === cycle[i + 1]) deferred.add(fk);
        }
      }
    }
  }

  /**
   * Creates every table (and its indexes) that does not exist yet, parents first; foreign keys
   * forming a cycle between tables are added after the tables (see `createOrder`). Sequences
   * (`allSequences`) come first, on databases that have them; SQLite and MySQL have none, and
   * there they are skipped (a statement using one raises `SequencesNotSupportedError`).
   */
  async createAll(target: SchemaTarget, options: { checkFirst?: boolean } = {}): Promise<void> {
    const { tables, deferredForeignKeys } = this.createOrder;
    await target.createTables(tables, {
      ifNotExists: options.checkFirst ?? true,
      deferredForeignKeys,
      sequences: this.allSequences,
    });
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

  /**
   * Drops every table, children first (the foreign keys of a cycle between tables before them),
   * then the sequences, where the database has them.
   */
  async dropAll(target: SchemaTarget, options: { checkFirst?: boolean } = {}): Promise<void> {
    const { tables, deferredForeignKeys } = this.createOrder;
    await target.dropTables(tables.reverse(), {
      ifExists: options.checkFirst ?? true,
      deferredForeignKeys,
      sequences: this.allSequences,
    });
  }
}
