/**
 * A FIFO lock for entries whose library runs SQLite transactions on one connection without
 * queuing them itself: concurrent units (W6 at concurrency 10) wait their turn, as they do on the
 * raw SQLite entries' one connection.
 */
export function serialized(): <T>(fn: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn);
    tail = run.catch(() => undefined);
    return run;
  };
}
