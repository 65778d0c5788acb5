/** What the registry closes: a session. */
interface Closable {
  close(): Promise<void>;
}

/**
 * A session's entry: the session and its place in the list of fresh sessions, kept on the entry
 * itself so that joining and leaving the list allocate nothing (a Set's insertion and deletion
 * rehash its table every few sessions, a runtime call each, at one session per lookup).
 * @internal
 */
export interface RegistryEntry {
  readonly session: Closable;
  /** Neighbours in the fresh list; both undefined (and not the head) when not in it. */
  freshPrev: RegistryEntry | undefined;
  freshNext: RegistryEntry | undefined;
}

/**
 * Every session made in this process that may hold something, held weakly: a session nobody
 * references is collected as before, and its entry goes with it.
 *
 * A `WeakRef` keeps its target alive until the job that made it ends: on a synchronous driver a
 * loop of units of work runs as one chain of microtasks, and a `WeakRef` per session would keep
 * every session of the loop alive until the loop ends. So a new session is held strongly in the
 * fresh list, and a later timer moves the sessions still there behind `WeakRef`s; a session closed
 * before then leaves the list and never gets a `WeakRef`. The move runs `SETTLE_MILLIS` after the
 * first registration it follows, or at the next macrotask once `FRESH_LIMIT` sessions wait: most
 * sessions (one per request, per lookup) are closed well within that, so they cost a link and an
 * unlink, not a `WeakRef`, a weak-set entry and a scheduled callback each; a session dropped
 * unclosed is held at most that long. Entries of collected sessions are dropped by a sweep
 * whenever the weak set has doubled since the last one (amortised constant time per session)
 * rather than by a FinalizationRegistry registration per session.
 */
let freshHead: RegistryEntry | undefined;
let freshTail: RegistryEntry | undefined;
let freshCount = 0;
const sessions = new Set<WeakRef<Closable>>();
/** Sessions that have their `WeakRef` in `sessions` (one each, however often they are reused). */
const weaklyHeld = new WeakSet<Closable>();
/** The weak set's size at which the next sweep runs. */
let sweepAt = 1024;
const SETTLE_MILLIS = 1000;
const FRESH_LIMIT = 512;
let settleTimer: NodeJS.Timeout | undefined;
let settleSoon = false;

function isFresh(entry: RegistryEntry): boolean {
  return entry.freshPrev !== undefined || freshHead === entry;
}

function settle(): void {
  if (settleTimer !== undefined) clearTimeout(settleTimer);
  settleTimer = undefined;
  settleSoon = false;
  for (let entry = freshHead; entry !== undefined;) {
    const next = entry.freshNext;
    entry.freshPrev = entry.freshNext = undefined;
    const session = entry.session;
    if (!weaklyHeld.has(session)) {
      sessions.add(new WeakRef(session));
      weaklyHeld.add(session);
    }
    entry = next;
  }
  freshHead = freshTail = undefined;
  freshCount = 0;
  if (sessions.size < sweepAt) return;
  for (const ref of sessions) if (ref.deref() === undefined) sessions.delete(ref);
  sweepAt = Math.max(1024, sessions.size * 2);
}

/** @internal Entries in the registry (live sessions and collected ones not yet swept). */
export function registeredSessions(): number {
  return freshCount + sessions.size;
}

/** @internal Called when a session is made, and when it is used again after being closed. */
export function registerSession(entry: RegistryEntry): void {
  if (!isFresh(entry)) {
    entry.freshPrev = freshTail;
    entry.freshNext = undefined;
    if (freshTail === undefined) freshHead = entry;
    else freshTail.freshNext = entry;
    freshTail = entry;
    freshCount++;
  }
  // Unreferenced: a pending move does not keep the process alive.
  if (settleTimer === undefined) (settleTimer = setTimeout(settle, SETTLE_MILLIS)).unref();
  if (freshCount >= FRESH_LIMIT && !settleSoon) {
    settleSoon = true;
    setImmediate(settle).unref();
  }
}

/** @internal Called when a session is closed or reset: it holds nothing `closeAllSessions()` must release. */
export function unregisterSession(entry: RegistryEntry): void {
  if (!isFresh(entry)) return;
  const { freshPrev: prev, freshNext: next } = entry;
  if (prev === undefined) freshHead = next;
  else prev.freshNext = next;
  if (next === undefined) freshTail = prev;
  else next.freshPrev = prev;
  entry.freshPrev = entry.freshNext = undefined;
  freshCount--;
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
  const open = new Set<Closable>();
  for (let entry = freshHead; entry !== undefined; entry = entry.freshNext) open.add(entry.session);
  for (const ref of [...sessions]) {
    const session = ref.deref();
    if (session === undefined) sessions.delete(ref);
    else open.add(session);
  }
  for (const session of open) await session.close();
}
