/** What the registry closes: a session. */
interface Closable {
  close(): Promise<void>;
}

/**
 * Every session made in this process that may hold something, held weakly: a session nobody
 * references is collected as before, and its entry goes with it.
 *
 * A `WeakRef` keeps its target alive until the job that made it ends: on a synchronous driver a
 * loop of units of work runs as one chain of microtasks, and a `WeakRef` per session would keep
 * every session of the loop alive until the loop ends. So a new session is held strongly in
 * `fresh`, and a later timer moves the sessions still there behind `WeakRef`s; a session closed
 * before then leaves `fresh` and never gets a `WeakRef`. The move runs `SETTLE_MILLIS` after the
 * first registration it follows, or at the next macrotask once `FRESH_LIMIT` sessions wait: most
 * sessions (one per request, per lookup) are closed well within that, so they cost a set insertion
 * and deletion, not a `WeakRef`, a weak-set entry and a scheduled callback each; a session dropped
 * unclosed is held at most that long. Entries of collected sessions are dropped by a sweep
 * whenever the weak set has doubled since the last one (amortised constant time per session)
 * rather than by a FinalizationRegistry registration per session.
 */
const fresh = new Set<Closable>();
const sessions = new Set<WeakRef<Closable>>();
/** Sessions that have their `WeakRef` in `sessions` (one each, however often they are reused). */
const weaklyHeld = new WeakSet<Closable>();
/** The weak set's size at which the next sweep runs. */
let sweepAt = 1024;
const SETTLE_MILLIS = 1000;
const FRESH_LIMIT = 512;
let settleTimer: NodeJS.Timeout | undefined;
let settleSoon = false;

function settle(): void {
  if (settleTimer !== undefined) clearTimeout(settleTimer);
  settleTimer = undefined;
  settleSoon = false;
  for (const session of fresh) {
    if (weaklyHeld.has(session)) continue;
    sessions.add(new WeakRef(session));
    weaklyHeld.add(session);
  }
  fresh.clear();
  if (sessions.size < sweepAt) return;
  for (const ref of sessions) if (ref.deref() === undefined) sessions.delete(ref);
  sweepAt = Math.max(1024, sessions.size * 2);
}

/** @internal Entries in the registry (live sessions and collected ones not yet swept). */
export function registeredSessions(): number {
  return fresh.size + sessions.size;
}

/** @internal Called when a session is made, and when it is used again after being closed. */
export function registerSession(session: Closable): void {
  fresh.add(session);
  // Unreferenced: a pending move does not keep the process alive.
  if (settleTimer === undefined) (settleTimer = setTimeout(settle, SETTLE_MILLIS)).unref();
  if (fresh.size >= FRESH_LIMIT && !settleSoon) {
    settleSoon = true;
    setImmediate(settle).unref();
  }
}

/** @internal Called when a session is closed or reset: it holds nothing `closeAllSessions()` must release. */
export function unregisterSession(session: Closable): void {
  fresh.delete(session);
}

/**
 * Closes every session of the process that is still referenced (SQLAlchemy's
 * `close_all_sessions()`): each rolls back what it has open, returns its connection and lets go
 * of its objects. For the end of a test or of a process; the registry keeps no session alive.
 *
 * @example
 * afterAll(async () => {
 *   await closeAllSessions();
 *   await engine.dispose();
 * });
 */
export async function closeAllSessions(): Promise<void> {
  const open = new Set(fresh);
  for (const ref of [...sessions]) {
    const session = ref.deref();
    if (session === undefined) sessions.delete(ref);
    else open.add(session);
  }
  for (const session of open) await session.close();
}
