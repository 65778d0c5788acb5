import type { InstanceState, Mapper } from '../../mapper';
import type { CompiledQuery, Dialect, Executable, SchemaTranslateMap } from '../../sql';
import type { IdentityMap } from '../identity-map';
import type { SyncedChanges } from './foreign-key-sync';
import type { FlushPlan } from './flush-plan-types';
import type { BatchPage } from './batches';
import type { FlushJournal } from './journal';
import { compileStatement, type FlushStatement } from './page-templates';

/** The statement runner a flush writes through (the session's connection). @internal */
export interface FlushConnection {
  readonly dialect: Dialect;
  run(statement: Executable): Promise<FlushResult>;
  /** Runs a statement compiled for `dialect`; without it, batch pages are compiled by `run`. */
  runCompiled?(compiled: CompiledQuery): Promise<FlushResult>;
  /** The `schemaTranslateMap` statements run under now, when there is one. */
  schemaTranslateMap?(): SchemaTranslateMap | undefined;
}

/** What a statement of the flush gives back. @internal */
export interface FlushResult {
  rows: readonly Record<string, unknown>[];
  rowCount: number;
  columns: CompiledQuery['columns'];
  lastInsertId?: number | string;
}

/** Everything one flush works with. @internal */
export interface FlushRun {
  readonly plan: FlushPlan;
  readonly conn: FlushConnection;
  readonly journal: FlushJournal;
  readonly identityMap: IdentityMap;
  /**
   * Foreign keys the flush itself changed, per state. For a state inserted by this flush only
   * the keys synced AFTER its INSERT are kept (the INSERT already wrote the others).
   */
  readonly synced: SyncedChanges;
  /** States this flush inserted: their column changes are in the INSERT, not in an UPDATE. */
  readonly inserted: Set<InstanceState>;
  /** Emits an `AthanorWarning` through the session (where SQLAlchemy's flush warns). */
  readonly warn: (message: string) => void;
}

/** Runs a statement of the flush; batch pages re-use the compiled text of their shape. */
export function runStatement(run: FlushRun, statement: FlushStatement): Promise<FlushResult> {
  const conn = run.conn;
  if (conn.runCompiled === undefined) return conn.run(statement.build());
  return conn.runCompiled(compileStatement(statement, conn.dialect, conn.schemaTranslateMap?.()));
}

/** Runs the pages of a batch one after another, handing each result to `onResult`. */
export async function runPages(
  run: FlushRun,
  pages: readonly BatchPage[],
  onResult: (page: BatchPage, result: FlushResult) => void,
): Promise<void> {
  for (const page of pages) onResult(page, await runStatement(run, page.statement));
}

/**
 * What a flush step that usually has nothing to do returns: the promise of its work, or undefined
 * (synchronously) when there was none, so that its caller awaits nothing. A flush has a dozen
 * such steps; an async function would cost each a promise and a turn of the microtask queue.
 * @internal
 */
export type StepResult = Promise<void> | undefined;

/** Runs the mapper's listeners of `event` for each state; undefined without listeners. */
export function fire(
  mapper: Mapper<object>,
  event: Parameters<Mapper<object>['dispatch']>[0],
  states: readonly InstanceState[],
): StepResult {
  // No listener list is built for a mapper without listeners (the usual case).
  if (!mapper.hasListeners(event)) return undefined;
  return fireEach(mapper, event, states);
}

async function fireEach(
  mapper: Mapper<object>,
  event: Parameters<Mapper<object>['dispatch']>[0],
  states: readonly InstanceState[],
): Promise<void> {
  for (const s of states) await mapper.dispatch(event, s.obj);
}
