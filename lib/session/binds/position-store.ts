import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Where read-your-writes keeps the primary's position after a commit, and where reads find the
 * position they must see. `replicaRouting` keeps the newest position it was given.
 */
export interface PositionStore {
  /** The last replication position this client wrote at, if any. */
  get(): string | undefined;
  /** Remembers the position a commit reached, for reads that must see it. */
  set(position: string): void;
}

/**
 * One position for the whole process: after any commit of any session using it, every read waits
 * for that commit on the replica (or goes to the primary). The safe default: no session of this
 * process ever reads older data than this process wrote.
 */
export function processPositions(): PositionStore {
  let position: string | undefined;
  return {
    get: () => position,
    set: (p) => {
      position = p;
    },
  };
}

/** A position per async scope (a web request, a job), carried between requests as a token. */
export interface ScopedPositions extends PositionStore {
  /**
   * Runs `fn` with its own position, starting from `token` (the position a client got after its
   * last write, or undefined). `onChange` hears each new position (to send it back to the client).
   */
  run<T>(token: string | undefined, fn: () => T, onChange?: (position: string) => void): T;
}

interface Scope {
  position: string | undefined;
  readonly onChange: ((position: string) => void) | undefined;
}

/**
 * Positions kept per async scope (AsyncLocalStorage). Outside any `run()`, reads get no position
 * and commits are kept in a fallback process-wide store — so code outside a scope stays safe.
 *
 * @example
 * const positions = scopedPositions();
 * const Session = sessionFactory(set.primary, { router: replicaRouting(set, { positions }) });
 * await positions.run(req.headers['x-athanor-position'], () => handle(req), (p) => res.setHeader('x-athanor-position', p));
 */
export function scopedPositions(): ScopedPositions {
  const storage = new AsyncLocalStorage<Scope>();
  const fallback = processPositions();
  return {
    get: () => {
      const scope = storage.getStore();
      return scope === undefined ? fallback.get() : scope.position;
    },
    set: (p) => {
      const scope = storage.getStore();
      if (scope === undefined) return fallback.set(p);
      scope.position = p;
      scope.onChange?.(p);
    },
    run: (token, fn, onChange) => storage.run({ position: token === '' ? undefined : token, onChange }, fn),
  };
}
