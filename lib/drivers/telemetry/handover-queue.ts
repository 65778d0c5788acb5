/** Telemetry of finished work, to be handed to the OpenTelemetry SDK. */
export interface HandOver {
  /** Makes the spans and metric records this stands for (each at the time it was measured). */
  handOver(): void;
}

/**
 * Past this many waiting, the queue is handed over at once: a loop that never waits for a server
 * (a synchronous driver) must not grow it without end.
 */
const MAX_WAITING = 512;

/** How long finished work waits at most when no statement goes to a server meanwhile. */
const LATEST_MILLIS = 10;

/** Captured when this module loads, so that a test's fake timers cannot hold telemetry back. */
const startTimer = setTimeout;

/**
 * Finished work waiting to become spans and metric records. The SDK's work per span and per
 * record (ids, attribute checks and copies, attribute hashing, the garbage of all of it) is done
 * off the operation's path: when the next statement has gone to the server and its caller waits
 * for the answer anyway, else after at most `LATEST_MILLIS`, or at once past `MAX_WAITING` items.
 * Nothing is scheduled per operation: one timer at most is pending.
 */
export class HandOverQueue {
  private waiting: HandOver[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** @param failed Told of an error the SDK (a span processor, a metric reader) threw. */
  constructor(private readonly failed: (error: unknown) => void) {}

  add(item: HandOver): void {
    this.waiting.push(item);
    if (this.waiting.length >= MAX_WAITING) this.flush();
    else this.timer ??= startTimer(this.onTimer, LATEST_MILLIS);
  }

  /** Hands every waiting item over now, in the order they finished. */
  flush(): void {
    const items = this.waiting;
    if (items.length === 0) return;
    this.waiting = [];
    for (const item of items) {
      // Telemetry never fails the application: the operation it measured is over.
      try {
        item.handOver();
      } catch (e) {
        this.failed(e);
      }
    }
  }

  private readonly onTimer = (): void => {
    this.timer = undefined;
    this.flush();
  };
}
