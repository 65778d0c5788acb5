/** Ends a traced ORM operation: once, when its work is over (`failed`: with `error`). @internal */
export type OrmEnd = (failed: boolean, error?: unknown) => void;

/**
 * What `work` answers, with `end` called once the work is over: at once when it answers (or
 * throws) without a promise, else when its promise settles. @internal
 */
export function endingWith<T>(end: OrmEnd, work: () => T | Promise<T>): T | Promise<T> {
  let value: T | Promise<T>;
  try {
    value = work();
  } catch (e) {
    end(true, e);
    throw e;
  }
  if (!(value instanceof Promise)) {
    end(false);
    return value;
  }
  return value.then(
    (v) => {
      end(false);
      return v;
    },
    (e: unknown) => {
      end(true, e);
      throw e;
    },
  );
}
