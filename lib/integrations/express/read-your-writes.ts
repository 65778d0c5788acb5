import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ScopedPositions } from '../../session';

/** Express's `next`: called with an error, it hands the request to the error handlers. */
type Next = (error?: unknown) => void;

/** Options of `readYourWrites()`. */
export interface ReadYourWritesOptions {
  /** Request and response header carrying the position (default `x-athanor-position`). */
  readonly header?: string;
  /** Also carry it in this cookie (HttpOnly, SameSite=Lax, Path=/); default: no cookie. */
  readonly cookie?: string;
  /** Cookie lifetime in seconds (default 60: past any sane replica lag, the token is moot). */
  readonly cookieMaxAgeSeconds?: number;
}

function cookieValue(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/**
 * Express (and Nest-on-Express) middleware for read-your-writes across requests: the position a
 * client got after its last write comes back in a header or cookie, reads of this request go to a
 * replica only once it has replayed that position, and a commit in this request sends the new
 * position back (header and cookie) before the response goes out. Put it before
 * `sessionMiddleware`, and give the same `positions` to `replicaRouting`.
 *
 * @example
 * const positions = scopedPositions();
 * const context = new SessionContext(set.primary, { session: { router: replicaRouting(set, { positions }) } });
 * app.use(readYourWrites(positions, { cookie: 'athanor_pos' }), sessionMiddleware(context));
 */
export function readYourWrites(
  positions: ScopedPositions,
  options: ReadYourWritesOptions = {},
): (req: IncomingMessage, res: ServerResponse, next: Next) => void {
  const header = (options.header ?? 'x-athanor-position').toLowerCase();
  const maxAge = options.cookieMaxAgeSeconds ?? 60;
  return (req, res, next) => {
    const fromHeader = req.headers[header];
    const token =
      (typeof fromHeader === 'string' ? fromHeader : undefined) ??
      (options.cookie !== undefined ? cookieValue(req, options.cookie) : undefined);
    positions.run(
      token,
      () => next(),
      (position) => {
        if (res.headersSent) return;
        res.setHeader(header, position);
        if (options.cookie !== undefined) {
          res.appendHeader(
            'set-cookie',
            `${options.cookie}=${encodeURIComponent(position)}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Lax`,
          );
        }
      },
    );
  };
}
