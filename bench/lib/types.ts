/**
 * The plug-in contract of the benchmark suite. Each file in `bench/entries/` exports `entries`
 * (an array of `BenchEntry`); a workload an entry does not implement is skipped for that entry.
 */

/** An item as every entry must return it: camelCase properties, `createdAt` a real `Date`. */
export interface ItemLike {
  id: number;
  name: string;
  code: string;
  quantity: number;
  price: number;
  active: boolean;
  category: number;
  description: string;
  score: number;
  createdAt: Date;
}

/** The data of a new item (W4): the entry turns it into its own entity object inside the timing. */
export type NewItem = Omit<ItemLike, 'id'>;

export interface ChildLike {
  id: number;
  name: string;
  value: number;
  createdAt: Date;
}

export interface ParentLike {
  id: number;
  name: string;
  createdAt: Date;
  /** Loaded children; an entry may expose them as an array or any iterable (e.g. a collection). */
  children: Iterable<ChildLike> | ChildLike[];
}

/** One W6 unit of work: load `parentId` with its 3 children, then change them as described. */
export interface W6Task {
  parentId: number;
  /** 10 new children of `parentId`. */
  newChildren: { name: string; value: number; createdAt: Date }[];
  /** The two children with the lowest ids get `value` and `name` set to these. */
  updateValue: number;
  updateName: string;
  /** The child with the highest id is deleted. */
}

/** What W7 keeps alive while the heap is measured. */
export interface Retained {
  count: number;
  /** Drops every reference (and closes the session); awaited before the next measurement. */
  release(): void | Promise<void>;
}

export interface BenchEntry {
  name: string;
  /** When set, the entry is listed but not run (e.g. the library part it needs does not exist yet). */
  skip?: string;
  /**
   * The entry's own cap in ms (when BENCH_SLOW_MS is not set): a measured run, or a full-size
   * warm-up, slower than this ends its rounds of that workload. For entries whose every run takes
   * seconds, so that all of them together keep `npm run bench` within its time budget.
   */
  slowMs?: number;
  setup(): Promise<void>;
  teardown(): Promise<void>;
  /** W1: one item by primary key, in a fresh session/context (called 10k times by the runner). */
  W1?(id: number): Promise<ItemLike>;
  /** W2t: items 1..10,000 ordered by id, as tracked entities. */
  W2t?(): Promise<ItemLike[]>;
  /** W2u: items 1..10,000 ordered by id, as plain rows / without tracking. */
  W2u?(): Promise<ItemLike[]>;
  /** W3s: parents 1..100 ordered by id with their children, selectin-style (two queries). */
  W3s?(): Promise<ParentLike[]>;
  /** W3j: the same, join-style. */
  W3j?(): Promise<ParentLike[]>;
  /** W4: insert these 10,000 items in one unit of work; return the persisted objects (ids set). */
  W4?(items: NewItem[]): Promise<ItemLike[]>;
  /**
   * W5: load items 10,001..20,000, set `score = scoreBase + id` and `description = description`
   * on each, flush; return the loaded objects.
   */
  W5?(scoreBase: number, description: string): Promise<ItemLike[]>;
  /** W6: one OLTP unit of work in its own transaction; returns the loaded parent's `createdAt`. */
  W6?(task: W6Task): Promise<Date>;
  /** W7: load items 1..100,000 as tracked objects and keep them (and the session) alive. */
  W7load?(): Promise<Retained>;
  /** W7: one small unit of work: load parent `parentId` with children, set the first child's value, commit. */
  W7unit?(parentId: number, value: number): Promise<void>;
}

export type WorkloadKey = 'W1' | 'W2t' | 'W2u' | 'W3s' | 'W3j' | 'W4' | 'W5' | 'W6c1' | 'W6c10';

/**
 * The database every entry uses: BENCH_DATABASE (default `test`), created by run.ts when missing,
 * so two runs on one server do not drop each other's tables.
 */
export const PG_DATABASE = process.env.BENCH_DATABASE ?? 'test';
export const PG_URL = `postgresql://postgres@127.0.0.1:5432/${PG_DATABASE}`;
export const PG_CONFIG = { host: '127.0.0.1', port: 5432, user: 'postgres', database: PG_DATABASE };
/** Pool size of every entry: W6 at concurrency 10 needs 10 connections. */
export const POOL_MAX = 10;
/** Idle connections are closed quickly so entries that are not running hold few connections. */
export const POOL_IDLE_MS = 2000;
