/** Telemetry of finished work, to be handed to the OpenTelemetry SDK. */
export interface HandOver {
  /** Makes the spans and metric records this stands for (each at the time it was measured). */
  handOver(): void;
}

/**
 * Past this many waiting, the queue is handed over at once: a loop that never yields to the event
 * loop (a synchronous driver) must not grow it without end.
 */
const MAX_WAITING = 512;

/** Captured when this module loads, so that a test's fake timers cannot hold telemetry back. */
const nextTurn = setImmediate;

/**
 * Finished work waiting to become spans and metric records. The SDK's work per span and per
 * record (ids, attribute checks and copies, attribute hashing, the garbage of all of it) is done
 * on the next turn of the event loop instead of on the operation's path: after the caller has
 * its answer, typically while its next statement is at the server.
 */
export class HandOverQueue {
  private waiting: HandOver[] = [];
  private scheduled = false;

  /** @param failed Told of an error the SDK (a span processor, a metric reader) threw. */
  constructor(private readonly failed: (error: unknown) => void) {}

  add(item: HandOver): void {
    this.waiting.push(item);
    if (this.waiting.length >= MAX_WAITING) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      nextTurn(this.onNextTurn);
    }
  }

  /** Hands every waiting item over now, in the order they finished. */
  flush(): void {
    const items = this.waiting;
    if (items.length === 0) return;
    this.waiting = [];
    for (const item of items) {
      // Telemetry never fails the application: nobody awaits this turn to receive the error.
      try {
        item.handOver();
      } catch (e) {
        this.failed(e);
      }
    }
  }

  private readonly onNextTurn = (): void => {
    this.scheduled = false;
    this.flush();
  };
}
