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
 * disabled, so `off` runs without it).
 *
 * Reported per mode: wall-clock time and this process's CPU time per lookup (the CPU figure is
 * the instrumentation's own cost, and stays readable when other work loads the machine), each
 * against the first mode (`off`) and against `sdk-request`.
 *
 * Run: node -r ts-node/register/transpile-only bench/telemetry-overhead.ts
 * Environment: BENCH_PG_URL (postgresql://postgres@127.0.0.1:5432/test; any engine URL works,
 * e.g. sqlite+better-sqlite3:///tmp/tel.db for a client-bound run), BENCH_ROUNDS (9),
 * BENCH_OPS (2000 lookups per round), BENCH_MODES
 * (off,sdk-off,sdk-request,telemetry,traces-only,metrics-only,eager,telemetry-idle,recording,unsampled,
 * unregistered,logging; the first is the baseline).
 */
import 'reflect-metadata';
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
  return { wall: performance.now() - started, cpu: (used.user + used.system) / 1000 };
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
    for (let r = 0; r < rounds; r++)
      for (const [m, engine] of engines) {
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
    // The client's CPU time is what the instrumentation adds; on a shared machine it is also far
    // steadier than the wall clock, which includes the server and whatever else runs.
    // CPU: the best round, as interference from other processes only ever adds to it.
    const medianOf = (m: string, k: keyof RoundTime) =>
      k === 'cpu' ? Math.min(...times.get(m)!.map((t) => t.cpu)) : median(times.get(m)!.map((t) => t[k]));
    const bases = [
      modes[0]!,
      ...(modes.includes('sdk-request') && modes[0] !== 'sdk-request' ? ['sdk-request'] : []),
    ];
    const perLookup = (t: number) => `${((t / ops) * 1000).toFixed(1)} µs`;
    const versus = (t: number, base: number) => `${(((t - base) / base) * 100).toFixed(1)}%`;
    const rows = modes.map((m) => {
      const wall = medianOf(m, 'wall');
      const cpu = medianOf(m, 'cpu');
      return [
        m,
        perLookup(wall),
        ...bases.map((b) => versus(wall, medianOf(b, 'wall'))),
        perLookup(cpu),
        ...bases.map((b) => versus(cpu, medianOf(b, 'cpu'))),
      ];
    });
    console.log(
      `${ops} get-by-key lookups per round, ${rounds} rounds (wall: median), ${url.replace(/\/\/[^@]*@/, '//')}\n`,
    );
    console.log(
      markdownTable(
        [
          'mode',
          'wall per lookup',
          ...bases.map((b) => `vs ${b}`),
          'client CPU per lookup (best round)',
          ...bases.map((b) => `vs ${b}`),
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
