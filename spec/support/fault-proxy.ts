/**
 * A TCP proxy on 127.0.0.1 in front of a real PostgreSQL or MariaDB server that counts the
 * statements clients send (by protocol message) and, when armed, cuts, stalls or delays the
 * connection at the k-th one — faults a test can place exactly, without mocking the database.
 *
 * Statements are counted as the server sees them: PostgreSQL simple queries ('Q') and Execute
 * messages ('E') of the extended protocol; MySQL COM_QUERY and COM_STMT_EXECUTE packets.
 *
 * @example
 * const proxy = await startFaultProxy('postgresql', 5432);
 * proxy.arm({ at: 3, action: 'cut-after' }); // the 3rd statement reaches the server, its answer never returns
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export type Protocol = 'postgresql' | 'mysql';

/**
 * - `cut-before`: both sockets are closed before the statement reaches the server;
 * - `cut-after`: the statement reaches the server, then both sockets close (no answer);
 * - `stall`: nothing more passes either way, the sockets stay open;
 * - `delay`: the statement and everything after it reach the server `delayMs` later.
 */
export type FaultAction = 'cut-before' | 'cut-after' | 'stall' | 'delay';

export interface Fault {
  /** 1-based index of the statement, counted from `arm()` across all connections. */
  readonly at: number;
  readonly action: FaultAction;
  readonly delayMs?: number;
}

export interface FaultProxy {
  readonly port: number;
  /** Statements seen since the last `arm()` / `disarm()`. */
  readonly statements: number;
  /** Client connections currently open through the proxy. */
  readonly openConnections: number;
  /** Whether the armed fault has happened. */
  readonly fired: boolean;
  arm(fault: Fault): void;
  /** Counts from zero with no fault; stalled connections stay stalled (cut them with `cutAll`). */
  disarm(): void;
  cutAll(): void;
  close(): Promise<void>;
}

/** Reads client → server messages of one connection, calling `onStatement` at each statement start. */
class MessageCounter {
  private buffer: Buffer = Buffer.alloc(0);
  /** PostgreSQL: untyped startup messages come first. */
  private startup = true;

  constructor(private readonly protocol: Protocol) {}

  /** Offsets in `chunk` where a statement message begins. */
  feed(chunk: Buffer): number[] {
    const base = this.buffer.length;
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const starts: number[] = [];
    let at = 0;
    for (;;) {
      const size = this.messageSize(at);
      if (size === undefined || at + size > this.buffer.length) break;
      if (this.isStatement(at)) starts.push(at - base);
      at += size;
    }
    this.buffer = this.buffer.subarray(at);
    // Offsets before this chunk (a message split across chunks) start at the chunk's beginning.
    return starts.map((s) => Math.max(0, s));
  }

  private messageSize(at: number): number | undefined {
    const b = this.buffer;
    if (this.protocol === 'postgresql') {
      if (this.startup) {
        if (b.length < at + 8) return undefined;
        const len = b.readInt32BE(at);
        // SSLRequest / GSSENCRequest are followed by another startup message; StartupMessage ends it.
        if (b.readInt32BE(at + 4) === 196608) this.startup = false;
        return len;
      }
      if (b.length < at + 5) return undefined;
      return 1 + b.readInt32BE(at + 1);
    }
    if (b.length < at + 4) return undefined;
    return 4 + b.readUIntLE(at, 3);
  }

  private isStatement(at: number): boolean {
    const b = this.buffer;
    if (this.protocol === 'postgresql') {
      const type = String.fromCharCode(b[at]!);
      return type === 'Q' || type === 'E';
    }
    // A command packet has sequence id 0; COM_QUERY (3) and COM_STMT_EXECUTE (0x17) run statements.
    return b[at + 3] === 0 && b.length > at + 4 && (b[at + 4] === 0x03 || b[at + 4] === 0x17);
  }
}

export async function startFaultProxy(protocol: Protocol, targetPort: number): Promise<FaultProxy> {
  let fault: Fault | undefined;
  let count = 0;
  let fired = false;
  const pairs = new Set<{ client: Socket; server: Socket }>();

  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    const pair = { client, server: upstream };
    pairs.add(pair);
    const counter = new MessageCounter(protocol);
    let stalled = false;
    let delayMs = 0;
    const cut = (): void => {
      client.destroy();
      upstream.destroy();
    };
    const toServer = (data: Buffer): void => {
      if (stalled || upstream.destroyed) return;
      if (delayMs > 0) setTimeout(() => !upstream.destroyed && upstream.write(data), delayMs);
      else upstream.write(data);
    };
    client.on('data', (chunk: Buffer) => {
      if (stalled) return;
      let from = 0;
      for (const start of counter.feed(chunk)) {
        count++;
        if (fault === undefined || fired || count !== fault.at) continue;
        fired = true;
        switch (fault.action) {
          case 'cut-before':
            toServer(chunk.subarray(from, start));
            return cut();
          case 'cut-after': {
            // Forward through the end of the chunk (the whole statement), then close once written.
            toServer(chunk.subarray(from));
            upstream.end(() => client.destroy());
            setTimeout(cut, 50);
            return;
          }
          case 'stall':
            toServer(chunk.subarray(from, start));
            stalled = true;
            return;
          case 'delay':
            toServer(chunk.subarray(from, start));
            from = start;
            delayMs = fault.delayMs ?? 1000;
            break;
        }
      }
      toServer(chunk.subarray(from));
    });
    upstream.on('data', (data: Buffer) => {
      if (!stalled && !client.destroyed) client.write(data);
    });
    const done = (): void => {
      cut();
      pairs.delete(pair);
    };
    client.on('close', done);
    upstream.on('close', done);
    client.on('error', done);
    upstream.on('error', done);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;

  return {
    port,
    get statements() {
      return count;
    },
    get openConnections() {
      return pairs.size;
    },
    get fired() {
      return fired;
    },
    arm(f: Fault) {
      fault = f;
      count = 0;
      fired = false;
    },
    disarm() {
      fault = undefined;
      count = 0;
      fired = false;
    },
    cutAll() {
      for (const p of pairs) {
        p.client.destroy();
        p.server.destroy();
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const p of pairs) {
          p.client.destroy();
          p.server.destroy();
        }
        server.close(() => resolve());
      }),
  };
}
