import { QueryTimeoutError, type AthanorError } from '../errors';
import type { ExecutionOptions } from '../sql';
import type { EngineContext } from './context';
import type { DriverQuery, RawResult } from './driver';
import type { PooledConnection } from './pool';
import { formatParams, shownParams, translateError } from './translate-error';

/** Parameter sets of one `executeMany`. @internal */
export type ParamSets = readonly (readonly unknown[])[];

/**
 * What every statement reports before it runs: the `beforeExecute` event and the echo. Returns the
 * start time when an `afterExecute` listener needs a duration, else 0.
 * @internal
 */
export function beforeStatement(
  ctx: EngineContext,
  pooled: PooledConnection,
  executionOptions: ExecutionOptions,
  sql: string,
  params: readonly unknown[],
  paramSets: ParamSets | undefined,
): number {
  const { events, echo } = ctx;
  if (events.has('beforeExecute')) {
    events.emit('beforeExecute', { connectionId: pooled.id, sql, params, paramSets, executionOptions });
  }
  if (echo !== undefined) {
    const shown = paramSets === undefined ? params : paramSets.length ? paramSets[0]! : [];
    const p = shownParams(shown, ctx.redactParams);
    const many = paramSets === undefined ? '' : ` (× ${paramSets.length} parameter sets)`;
    echo(`${sql}${p.length ? `\n[parameters: ${formatParams(p)}]` : ''}${many}`);
  }
  return events.has('afterExecute') ? performance.now() : 0;
}

/** The `afterExecute` event of a statement that ran. @internal */
export function afterStatement(
  ctx: EngineContext,
  pooled: PooledConnection,
  executionOptions: ExecutionOptions,
  sql: string,
  params: readonly unknown[],
  paramSets: ParamSets | undefined,
  rowCount: number,
  started: number,
): void {
  const { events } = ctx;
  if (!events.has('afterExecute')) return;
  events.emit('afterExecute', {
    connectionId: pooled.id,
    sql,
    params,
    paramSets,
    executionOptions,
    rowCount,
    durationMillis: performance.now() - started,
  });
}

/**
 * A driver error, translated and reported (`handleError`); a lost connection is marked so that
 * it never goes back to the pool.
 * @internal
 */
export function statementFailed(
  ctx: EngineContext,
  pooled: PooledConnection,
  e: unknown,
  sql: string,
  params: readonly unknown[],
): AthanorError {
  const classification = ctx.driver.classify(e);
  const error = translateError(e, classification, { sql, params }, ctx.redactParams);
  const disconnect = classification.disconnect || pooled.driver.broken;
  if (disconnect) pooled.invalid = true;
  if (ctx.events.has('handleError')) {
    const shown = shownParams(params, ctx.redactParams);
    ctx.events.emit('handleError', { connectionId: pooled.id, sql, params: shown, error, disconnect });
  }
  return error;
}

/**
 * The driver's answer, or a `QueryTimeoutError` once `limit` ms pass without one: the connection
 * is then closed (its socket destroyed, since the server may not be answering) and never goes
 * back to the pool — a late answer would belong to a statement its caller gave up on.
 * @internal
 */
export function answerWithin(
  ctx: EngineContext,
  pooled: PooledConnection,
  sent: Promise<RawResult>,
  limit: number,
  query: DriverQuery,
  paramSets: ParamSets | undefined,
): Promise<RawResult> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      pooled.invalid = true;
      pooled.driver.destroy?.();
      const params = shownParams(paramSets?.[0] ?? query.params, ctx.redactParams);
      reject(
        new QueryTimeoutError(
          `no answer from the server within ${limit} ms (queryTimeoutMillis); the connection was closed` +
            `\n[SQL: ${query.sql}]${params.length ? `\n[parameters: ${formatParams(params)}]` : ''}`,
          { sql: query.sql, params },
          limit,
        ),
      );
    }, limit);
    sent.then(
      (raw) => {
        clearTimeout(timer);
        resolve(raw);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
