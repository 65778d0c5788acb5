import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OpenScope, SessionContext } from '../../context';
import { InvalidRequestError, NoSessionContextError } from '../../errors';

/** Express's `next`: called with an error, it hands the request to the error handlers. */
type Next = (error?: unknown) => void;

/** Options of `sessionMiddleware()`. */
export interface SessionMiddlewareOptions {
  /**
   * Whether a response of this status commits the request's transaction (default: below 400).
   * A status that does not commit rolls back.
   */
  readonly commitsOn?: (status: number) => boolean;
  /**
   * Answers a request whose COMMIT failed, in place of the response the handler wrote (which is
   * discarded: it reported work that is not saved). Default: the error goes to Express's error
   * handlers, as if the handler had thrown it.
   */
  readonly onCommitError?: (error: unknown, req: IncomingMessage, res: ServerResponse, next: Next) => void;
}

/**
 * Express middleware: each request gets a session and a transaction in `context` (its ambient
 * session through `context.session`, in the handler and every function it calls). The
 * transaction COMMITs when the response is about to be sent — so the client never gets a success
 * for work that failed to commit — and rolls back when the status is 400 or above, when the
 * handler throws (Express's error handler answers), or when the client goes away first.
 *
 * @example
 * const context = new SessionContext(engine);
 * app.use(express.json(), sessionMiddleware(context));
 * app.post('/users', async (req, res) => {
 *   const user = Object.assign(new User(), req.body);
 *   context.session.add(user);
 *   await context.session.flush(); // the id, before the response
 *   res.status(201).json(user); // committed just before this is sent
 * });
 */
export function sessionMiddleware(
  context: SessionContext,
  options: SessionMiddlewareOptions = {},
): (req: IncomingMessage, res: ServerResponse, next: Next) => void {
  const commitsOn = options.commitsOn ?? ((status: number) => status < 400);
  return (req, res, next) => {
    let scope: OpenScope;
    try {
      scope = context.open();
    } catch (e) {
      next(e);
      return;
    }
    holdResponseUntilSettled(
      res,
      async () => {
        if (commitsOn(res.statusCode)) await scope.commit();
        else await scope.rollback();
      },
      (error) => {
        discardResponse(res);
        if (options.onCommitError !== undefined) options.onCommitError(error, req, res, next);
        else next(error);
      },
    );
    res.once('close', () => {
      // The client went away before the response was written: nothing was promised to anyone.
      if (!scope.ended && !res.writableFinished) void scope.rollback().catch(() => undefined);
    });
    scope.run(() => next());
  };
}

/**
 * Delays the response's first `write()` / `end()` until `settle` resolves; the calls then go
 * through in order. When `settle` rejects they are dropped and `failed` answers instead.
 */
function holdResponseUntilSettled(
  res: ServerResponse,
  settle: () => Promise<void>,
  failed: (error: unknown) => void,
): void {
  const write = res.write;
  const end = res.end;
  let held: (() => void)[] | undefined;
  const restore = (): void => {
    res.write = write;
    res.end = end;
  };
  const hold = (call: () => void): void => {
    if (held !== undefined) {
      held.push(call);
      return;
    }
    held = [call];
    settle().then(
      () => {
        restore();
        for (const c of held!) c();
      },
      (error: unknown) => {
        restore();
        failed(error);
      },
    );
  };
  res.write = function (this: ServerResponse, ...args: unknown[]) {
    hold(() => (write as (...a: unknown[]) => boolean).apply(res, args));
    return true;
  } as ServerResponse['write'];
  res.end = function (this: ServerResponse, ...args: unknown[]) {
    hold(() => (end as (...a: unknown[]) => ServerResponse).apply(res, args));
    return res;
  } as ServerResponse['end'];
}

/** Clears what the discarded response had set, so the error response starts clean. */
function discardResponse(res: ServerResponse): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  for (const name of res.getHeaderNames()) res.removeHeader(name);
  res.statusCode = 500;
}

/**
 * Commits the current request's work now, for a handler that wants the outcome before it
 * answers (a failed COMMIT then raises here, in the handler). The request's session stays usable;
 * what it does afterwards commits when the response is sent.
 *
 * @example
 * await commitRequest(context); // raises IntegrityError, say, for the handler to answer 409
 */
export async function commitRequest(context: SessionContext): Promise<void> {
  const scope = context.currentScope();
  if (scope === undefined) {
    throw new NoSessionContextError(
      'commitRequest() runs inside a request of sessionMiddleware(), and none is here',
    );
  }
  if (scope.parent !== undefined || scope.kind !== 'transaction') {
    throw new InvalidRequestError(
      'commitRequest() commits the request as a whole, so it cannot run inside a transactional() call; let that call complete first',
    );
  }
  await scope.commitNow();
}
