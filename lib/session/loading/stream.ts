import type { Connection } from '../../drivers';
import { ArgumentError } from '../../errors';
import {
  entityMapper,
  instanceState,
  type InstanceState,
  type Mapper,
  type RelationshipProperty,
} from '../../mapper';
import { compile, type SchemaTranslateMap, type Select } from '../../sql';
import { applyColumnOptions } from './column-options';
import { planEager } from './joined';
import type { LoadTree } from './load-context';
import { rowFactory } from '../named-rows';
import { levelNodes, rootTrees } from './load-tree';
import { hydrateRows, type OrmExecuteContext } from './orm-execute';
import { applyLoaderCriteria, loaderCriteriaOf } from './loader-criteria';
import { postLoad } from './post-load';
import { LOADERS } from './strategies';

/** Options of `session.stream()`. */
export interface StreamQueryOptions {
  /** Rows fetched per round trip, and how many objects stay attached at most (default 1000). */
  readonly batchSize?: number;
  /** Overwrite the attributes of objects already in the identity map with the streamed rows. */
  readonly populateExisting?: boolean;
}

/**
 * Only loads that need no second query can run while a cursor is open: joined many-to-one,
 * noload, raise/lazy. Mapping defaults that would query (selectin) are left unloaded.
 */
function checkStreamable(
  tree: LoadTree,
  mapper: Mapper<object>,
  path: readonly RelationshipProperty[],
): void {
  if (tree.wildcard === undefined) tree.wildcard = 'lazy';
  for (const node of levelNodes(tree, mapper, path)) {
    if (!node.explicit) continue;
    const loader = LOADERS[node.strategy];
    const refusal = loader.streamRefusal(node);
    if (refusal !== undefined) {
      throw new ArgumentError(
        `session.stream() cannot ${refusal.action} (${String(node.prop)}): ${refusal.reason}; ` +
          'load it per batch with session.load()',
      );
    }
    if (loader.fromStatement !== undefined) checkStreamable(node.children, node.prop.target, node.path);
  }
}

/**
 * The rows of an ORM select, fetched through the driver's cursor. Memory stays bounded: once a
 * batch is passed, the objects it attached to the session are expunged again unless they were
 * changed (those stay, to be flushed). Iterate it once; run nothing else on the session meanwhile.
 *
 * @example
 * for await (const user of session.stream(select(User).orderBy(u.id)).scalars()) send(user.email);
 */
export class OrmStream<Row extends readonly unknown[]> implements AsyncIterable<Row> {
  constructor(
    private readonly ctx: OrmExecuteContext,
    private readonly connect: () => Promise<Connection>,
    private readonly statement: Select<readonly unknown[]>,
    private readonly options: StreamQueryOptions,
    private readonly expunge: (obj: object) => void,
    /** The session's or the statement's `schemaTranslateMap`, over the connection's. */
    private readonly schemaTranslateMap?: SchemaTranslateMap,
  ) {}

  /** Yields the rows one at a time as they arrive, closing the cursor when the loop ends or breaks. */
  async *[Symbol.asyncIterator](): AsyncGenerator<Row, void, undefined> {
    const stmt = this.statement;
    const trees = rootTrees(stmt.items, stmt.statementOptions);
    for (const [i, tree] of trees) checkStreamable(tree, entityMapper(stmt.items[i])!, []);
    const criteria = loaderCriteriaOf(stmt.statementOptions);
    const plan = planEager(applyLoaderCriteria(applyColumnOptions(stmt), criteria), trees, criteria);
    const conn = await this.connect();
    const map = this.schemaTranslateMap;
    const compiled =
      map === undefined
        ? conn.compile(plan.statement)
        : compile(plan.statement, conn.dialect, { schemaTranslateMap: map });
    const batchSize = this.options.batchSize ?? 1000;
    let attached: InstanceState[] = [];
    let previous: InstanceState[] = [];
    let count = 0;
    const popts = { populateExisting: this.options.populateExisting ?? false };
    const makeRow = rowFactory(stmt.items);
    const noQuery = {
      run: (): Promise<never> => Promise.reject(new ArgumentError('session.stream(): no nested queries')),
      caps: conn.dialect.capabilities,
      populateExisting: popts.populateExisting,
      lookup: () => undefined,
    };
    for await (const raw of conn.stream<Record<string, unknown>>(compiled, { batchSize })) {
      const before = this.ctx.identityMap.size;
      const [row] = hydrateRows(this.ctx, plan, compiled, [raw], popts, stmt.items.length, makeRow);
      const fresh = this.ctx.identityMap.size > before;
      for (const [i, tree] of trees) {
        const obj = row![i];
        if (typeof obj !== 'object' || obj === null) continue;
        const state = instanceState(obj);
        if (fresh) attached.push(state);
        await postLoad(noQuery, [state], tree, [], plan.inStatement, undefined);
      }
      yield row as unknown as Row;
      if (++count % batchSize === 0) {
        this.release(previous);
        previous = attached;
        attached = [];
      }
    }
    this.release(previous);
  }

  private release(states: readonly InstanceState[]): void {
    for (const s of states) if (!s.modified && this.ctx.identityMap.has(s)) this.expunge(s.obj);
  }

  /** The first item of every row (the entities of `select(User)`). */
  async *scalars(): AsyncGenerator<Row[0], void, undefined> {
    for await (const row of this) yield row[0] as Awaited<Row[0]>;
  }
}
