/**
 * What logging and OpenTelemetry cost on the shortest ORM path: a fresh Session, `get()` of one
 * row by primary key, `close()` (one round trip: a session that only reads sends no BEGIN) against
 * the local PostgreSQL. Modes, run interleaved round by round so that drift hits them alike:
 * - `off`: an engine with neither, in a process without the OpenTelemetry SDK (the default; its
 *   cost is one `undefined` check per statement);
 * - `sdk-off`: the same engine in an application that registered the SDK (its AsyncLocalStorage
 *   context manager) but never enters a context (a job outside any request): the storage stays
 *   off, no promise pays for it;
 * - `sdk-request`: the same, each lookup run inside `context.with(request, …)` as the SDK's HTTP
 *   instrumentation runs each request: the storage is on and every promise of the process pays
 *   its hook. The baseline of the traced modes, which run the same way: `telemetry` against it is
 *   exactly what Athanor's telemetry adds to an application serving requests with the SDK;
 * - `telemetry`: the OpenTelemetry SDK as an application registers it (the context manager, a
 *   batch span processor with a no-op exporter, a meter provider with a reader), each lookup in a
 *   request's context: spans (each SELECT's the child of its ORM load span, which is the
 *   request's), histograms and pool metrics are all produced;
 * - `traces-only` / `metrics-only`: `telemetry` with `metrics: false` / `traces: false`: what
 *   each half costs alone;
 * - `eager`: `telemetry` with `deferred: false`: each span made as its work starts and ended as it
 *   ends, each record made as its statement ends, all on the lookup's path (by default Athanor
 *   makes them after the work, while the next statement is at the server);
 * - `telemetry-idle`: the same with no context entered (a job outside any request): the ORM spans
 *   are roots, and Athanor switches no AsyncLocalStorage on;
 * - `recording`: the SDK as a test or a debugging session has it: a simple span processor handing
 *   each span, as it ends, to an in-memory exporter that keeps it (emptied after every round, so the
 *   heap does not grow across rounds), and the same meter provider; in a request's context;
 * - `unsampled`: the same with a sampler that records no span (spans exist but are not recording);
 * - `unregistered`: `telemetry: true` where the application registered no SDK (the API's no-ops);
 * - `logging`: a logger at `'warn'` with a slow-statement threshold no statement reaches (timing
 *   of every statement, no record written).
 *
 * The context manager is registered for the rounds of the SDK modes only (between rounds it is
 * disabled, so `off` runs without it). Each round runs the modes in a fresh random order: a mode
 * leaves garbage (spans waiting for their batch) that a later mode's round may pay to collect,
 * and a fixed order would hand that cost to the same neighbour every round.
 *
 * Reported per mode: wall-clock time and this process's CPU time per lookup (the CPU figure is
 * the instrumentation's own cost, and stays readable when other work loads the machine), each
 * against the first mode (`off`) and against `sdk-request`; the median of each round's own ratio
 * to `sdk-request` (the two ran within a second of each other, so the machine's drift between
 * minutes cancels); and the garbage collection that ran during the mode's rounds, per lookup.
 * On a virtual machine, the header gives the share of CPU time the host took for other guests
 * while the rounds ran: at more than a few percent, differences of a few percent are noise.
 *
 * Run: node -r ts-node/register/transpile-only bench/telemetry-overhead.ts
 * Environment: BENCH_PG_URL (postgresql://postgres@127.0.0.1:5432/test; any engine URL works,
 * e.g. sqlite+better-sqlite3:///tmp/tel.db for a client-bound run), BENCH_ROUNDS (9),
 * BENCH_OPS (2000 lookups per round), BENCH_MODES
 * (off,sdk-off,sdk-request,telemetry,traces-only,metrics-only,eager,telemetry-idle,recording,unsampled,
 * unregistered,logging; the first is the baseline).
 */
import 'reflect-metadata';
import { PerformanceObserver } from 'node:perf_hooks';
import { context } from '@opentelemetry/api';
import {
  AlwaysOffSampler,
  BasicTracerProvider,
  BatchSpanProcessor,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import {
  MeterProvider,
  PeriodicExportingMetricReader,
  InMemoryMetricExporter,
  AggregationTemporality,
} from '@opentelemetry/sdk-metrics';
import {
  Column,
  createEngine,
  Registry,
  Session,
  Table,
  types,
  type Engine,
  type EngineOptions,
} from '../lib';
import { requestContext, withContextManager } from './lib/otel-context';
import { stealSince } from './lib/machine';
import { markdownTable, median } from './lib/stats';

const url = process.env.BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const rounds = Number(process.env.BENCH_ROUNDS ?? 9);
const ops = Number(process.env.BENCH_OPS ?? 2000);
const modes = (
  process.env.BENCH_MODES ??
  'off,sdk-off,sdk-request,telemetry,traces-only,metrics-only,eager,telemetry-idle,recording,unsampled,unregistered,logging'
).split(',');
/** Modes run as in an application that registered the SDK: with its context manager. */
const WITH_SDK = new Set([
  'sdk-off',
  'sdk-request',
  'telemetry',
  'traces-only',
  'metrics-only',
  'eager',
  'telemetry-idle',
  'recording',
  'unsampled',
]);
/** Modes whose lookups each run in a request's context, as under the SDK's HTTP instrumentation. */
const IN_REQUEST = new Set([
  'sdk-request',
  'telemetry',
  'traces-only',
  'metrics-only',
  'eager',
  'recording',
  'unsampled',
]);
const ROWS = 1000;

const registry = new Registry();
@Table(`bench_tel_${process.pid}`, { registry })
class Row {
  @Column({ primaryKey: true }) id!: number;
  @Column({ type: types.string(40) }) name!: string;
}

/** Spans go nowhere: what is measured is producing them, not shipping them. */
const dropSpans: SpanExporter = {
  export: (_spans, done) => done({ code: 0 }),
  shutdown: async () => undefined,
};

/** The spans the `recording` mode kept; emptied between rounds. */
const recorded = new InMemorySpanExporter();

function meterProvider(): MeterProvider {
  return new MeterProvider({
    readers: [
      new PeriodicExportingMetricReader({
        exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE),
        exportIntervalMillis: 3_600_000,
      }),
    ],
  });
}

function options(mode: string): EngineOptions {
  switch (mode) {
    case 'recording':
      return {
        telemetry: {
          tracerProvider: new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(recorded)] }),
          meterProvider: meterProvider(),
        },
      };
    case 'telemetry':
    case 'traces-only':
    case 'metrics-only':
    case 'eager':
    case 'telemetry-idle':
      return {
        telemetry: {
          tracerProvider: new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(dropSpans)] }),
          meterProvider: meterProvider(),
          deferred: mode !== 'eager',
          traces: mode !== 'metrics-only',
          metrics: mode !== 'traces-only',
        },
      };
    case 'unsampled':
      // Spans that are not recording (a sampler said no), metrics as in `telemetry`.
      return {
        telemetry: {
          tracerProvider: new BasicTracerProvider({ sampler: new AlwaysOffSampler() }),
          meterProvider: meterProvider(),
        },
      };
    case 'unregistered':
      // `telemetry: true` in an application that registered no SDK: the API's no-op providers.
      return { telemetry: true };
    case 'logging':
      return {
        logging: {
          level: 'warn',
          slowStatementMillis: 60_000,
          logger: {
            debug: () => undefined,
            info: () => undefined,
            warn: () => undefined,
            error: () => undefined,
          },
        },
      };
    default:
      return {};
  }
}

/** Wall-clock and this process's CPU time (user + system) of a round, in milliseconds. */
interface RoundTime {
  readonly wall: number;
  readonly cpu: number;
  /** When the round started and ended (`performance.now()`), to place garbage collections. */
  readonly from: number;
  readonly to: number;
}

/** Every garbage collection of the run: its start (`performance.now()`) and duration (ms). */
const collections: { readonly start: number; readonly duration: number }[] = [];
const gcObserver = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) collections.push({ start: e.startTime, duration: e.duration });
});

/** The milliseconds of garbage collection that started during the given rounds. */
function gcDuring(rounds: readonly RoundTime[]): number {
  let total = 0;
  for (const c of collections)
    if (rounds.some((r) => c.start >= r.from && c.start < r.to)) total += c.duration;
  return total;
}

/** The modes in a random order (Fisher–Yates). */
function shuffled<T>(xs: readonly T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

async function lookup(engine: Engine, i: number): Promise<void> {
  const s = new Session(engine);
  const row = await s.get(Row, (i % ROWS) + 1);
  if (row === null) throw new Error('missing row');
  await s.close();
}

async function lookups(engine: Engine, inRequest: boolean): Promise<RoundTime> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < ops; i++)
    await (inRequest ? context.with(requestContext, lookup, undefined, engine, i) : lookup(engine, i));
  const used = process.cpuUsage(cpu);
  const ended = performance.now();
  return { wall: ended - started, cpu: (used.user + used.system) / 1000, from: started, to: ended };
}

/** Each lookup's SELECT span is the child of its ORM load span. */
function checkRecorded(): void {
  const spans = recorded.getFinishedSpans();
  const loads = new Set(
    spans.filter((s) => s.name.startsWith('ORM load')).map((s) => s.spanContext().spanId),
  );
  const selects = spans.filter((s) => !s.name.startsWith('ORM load'));
  if (loads.size < ops || selects.length < ops) throw new Error('no spans kept');
  if (!selects.every((s) => loads.has(s.parentSpanContext?.spanId ?? '')))
    throw new Error('a statement span outside its load span');
}

async function main(): Promise<void> {
  registry.configure();
  const setup = createEngine(url);
  await registry.metadata.createAll(setup);
  const engines = new Map(modes.map((m) => [m, createEngine(url, { pool: { max: 4 }, ...options(m) })]));
  try {
    const s = new Session(setup);
    s.addAll(
      Array.from({ length: ROWS }, (_, i) => Object.assign(new Row(), { id: i + 1, name: `row ${i}` })),
    );
    await s.commit();
    await s.close();
    for (const engine of engines.values()) await lookups(engine, false); // warm-up
    recorded.reset();
    const times = new Map<string, RoundTime[]>(modes.map((m) => [m, []]));
    gcObserver.observe({ entryTypes: ['gc'] });
    const steal = stealSince();
    for (let r = 0; r < rounds; r++)
      for (const m of shuffled(modes)) {
        const engine = engines.get(m)!;
        times
          .get(m)!
          .push(
            await (WITH_SDK.has(m)
              ? withContextManager(() => lookups(engine, IN_REQUEST.has(m)))
              : lookups(engine, false)),
          );
        // A recording mode that kept nothing, or statement spans outside their load span, would
        // measure another path under this name.
        if (m === 'recording') {
          engine.flushTelemetry(); // the last lookup's spans are made later
          checkRecorded();
        }
        recorded.reset();
      }
    gcObserver.disconnect();
    const stolen = steal();
    // The client's CPU time is what the instrumentation adds; when other processes load the
    // machine it is also far steadier than the wall clock, which includes the server and whatever
    // else runs (a VM's host taking CPU time moves both). CPU: the best round, as interference
    // only ever adds to it.
    const medianOf = (m: string, k: 'wall' | 'cpu') =>
      k === 'cpu' ? Math.min(...times.get(m)!.map((t) => t.cpu)) : median(times.get(m)!.map((t) => t[k]));
    const bases = [
      modes[0]!,
      ...(modes.includes('sdk-request') && modes[0] !== 'sdk-request' ? ['sdk-request'] : []),
    ];
    const paired = bases[bases.length - 1]!;
    /** The median over rounds of the mode's wall time against the paired base's in that round. */
    const pairedRatio = (m: string): number => {
      const own = times.get(m)!;
      const base = times.get(paired)!;
      return median(own.map((t, r) => t.wall / base[r]!.wall - 1));
    };
    const perLookup = (t: number) => `${((t / ops) * 1000).toFixed(1)} µs`;
    const percent = (x: number) => `${(x * 100).toFixed(1)}%`;
    const versus = (t: number, base: number) => percent((t - base) / base);
    const rows = modes.map((m) => {
      const wall = medianOf(m, 'wall');
      const cpu = medianOf(m, 'cpu');
      return [
        m,
        perLookup(wall),
        ...bases.map((b) => versus(wall, medianOf(b, 'wall'))),
        percent(pairedRatio(m)),
        perLookup(cpu),
        ...bases.map((b) => versus(cpu, medianOf(b, 'cpu'))),
        perLookup(gcDuring(times.get(m)!) / rounds),
      ];
    });
    console.log(
      `${ops} get-by-key lookups per round, ${rounds} rounds (wall: median), ${url.replace(/\/\/[^@]*@/, '//')}` +
        (stolen === undefined
          ? ''
          : `; the host took ${(stolen * 100).toFixed(1)}% of this machine's CPU time meanwhile`) +
        '\n',
    );
    console.log(
      markdownTable(
        [
          'mode',
          'wall per lookup',
          ...bases.map((b) => `vs ${b}`),
          `vs ${paired}, round by round`,
          'client CPU per lookup (best round)',
          ...bases.map((b) => `vs ${b}`),
          'GC per lookup',
        ],
        rows,
      ),
    );
  } finally {
    await registry.metadata.dropAll(setup);
    await setup.dispose();
    for (const engine of engines.values()) await engine.dispose();
  }
}

void main();
