/**
 * What logging and OpenTelemetry cost on the shortest ORM path: a fresh Session, `get()` of one
 * row by primary key, `close()` (BEGIN, SELECT, ROLLBACK: three round trips) against the local
 * PostgreSQL. Modes, run interleaved round by round so that drift hits them alike:
 * - `off`: an engine with neither (the default; its cost is one `undefined` check per statement);
 * - `telemetry`: the OpenTelemetry SDK with a batch span processor and a no-op exporter, and a
 *   meter provider with a reader: spans, histogram and pool metrics are all produced;
 * - `logging`: a logger at `'warn'` with a slow-statement threshold no statement reaches (timing
 *   of every statement, no record written).
 *
 * Run: node -r ts-node/register/transpile-only bench/telemetry-overhead.ts
 * Environment: BENCH_PG_URL (postgresql://postgres@127.0.0.1:5432/test), BENCH_ROUNDS (9),
 * BENCH_OPS (2000 lookups per round), BENCH_MODES (off,telemetry,logging).
 */
import 'reflect-metadata';
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
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
import { markdownTable, median } from './lib/stats';

const url = process.env.BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const rounds = Number(process.env.BENCH_ROUNDS ?? 9);
const ops = Number(process.env.BENCH_OPS ?? 2000);
const modes = (process.env.BENCH_MODES ?? 'off,telemetry,logging').split(',');
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

function options(mode: string): EngineOptions {
  switch (mode) {
    case 'telemetry':
      return {
        telemetry: {
          tracerProvider: new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(dropSpans)] }),
          meterProvider: new MeterProvider({
            readers: [
              new PeriodicExportingMetricReader({
                exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE),
                exportIntervalMillis: 3_600_000,
              }),
            ],
          }),
        },
      };
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

async function lookups(engine: Engine): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < ops; i++) {
    const s = new Session(engine);
    const row = await s.get(Row, (i % ROWS) + 1);
    if (row === null) throw new Error('missing row');
    await s.close();
  }
  return performance.now() - started;
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
    for (const engine of engines.values()) await lookups(engine); // warm-up
    const times = new Map<string, number[]>(modes.map((m) => [m, []]));
    for (let r = 0; r < rounds; r++)
      for (const [m, engine] of engines) times.get(m)!.push(await lookups(engine));
    const base = median(times.get(modes[0]!)!);
    const rows = modes.map((m) => {
      const t = median(times.get(m)!);
      return [m, `${((t / ops) * 1000).toFixed(1)} µs`, `${(((t - base) / base) * 100).toFixed(1)}%`];
    });
    console.log(
      `${ops} get-by-key lookups per round, median of ${rounds} rounds, ${url.replace(/\/\/[^@]*@/, '//')}\n`,
    );
    console.log(markdownTable(['mode', 'per lookup', `vs ${modes[0]}`], rows));
  } finally {
    await registry.metadata.dropAll(setup);
    await setup.dispose();
    for (const engine of engines.values()) await engine.dispose();
  }
}

void main();
