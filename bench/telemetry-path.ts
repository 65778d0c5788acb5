/**
 * The instrumentation's own CPU cost, without a database: what one get-by-key lookup asks of it
 * (a pool-wait record, an ORM load span and its one SELECT traced: span, duration record — a
 * session that only reads sends no BEGIN or ROLLBACK) run in a tight loop, for the same modes as bench/telemetry-overhead.ts. A loop of pure
 * computation reads far steadier than round trips when other work loads the machine; add its
 * figure to the `off` lookup of telemetry-overhead.ts to get the overhead. The SDK modes run with the
 * SDK's AsyncLocalStorage context manager registered and a request's context active, as in
 * telemetry-overhead.ts (the load span's parent; the SELECT span is handed the load span as its
 * parent, no context is entered). That manager taxes every promise of the process, the loop's own
 * too: `sdk-off` is the loop with it and no spans or metrics, the baseline the SDK modes compare with.
 *
 * `sdk` makes the same spans (same names, kinds, attributes and parent) and the same two
 * histogram records by calling the SDK directly, with every object it hands over made once:
 * the floor any instrumentation producing this telemetry pays. `telemetry` minus `sdk` is
 * Athanor's own share; `sdk` minus `sdk-off` the SDK's.
 *
 * Run: node -r ts-node/register/transpile-only bench/telemetry-path.ts
 * Environment: BENCH_ROUNDS (15), BENCH_OPS (20000 lookups per round), BENCH_MODES.
 */
import 'reflect-metadata';
import { context, SpanKind, trace, type Attributes, type SpanOptions } from '@opentelemetry/api';
import { AlwaysOffSampler, BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import '../lib/entries/built-in-dialects';
import { column, compile, getDialect, MetaData, select, table, types } from '../lib/sql';
import { Instrumentation, type TraceScope } from '../lib/drivers/telemetry/instrumentation';
import type { TelemetryOptions } from '../lib/drivers/telemetry/options';
import { requestContext, withContextManager } from './lib/otel-context';
import { markdownTable } from './lib/stats';

const rounds = Number(process.env.BENCH_ROUNDS ?? 15);
const ops = Number(process.env.BENCH_OPS ?? 20000);
const modes = (process.env.BENCH_MODES ?? 'telemetry,sdk,unsampled,sdk-off,unregistered').split(',');

const metrics = () =>
  new MeterProvider({
    readers: [
      new PeriodicExportingMetricReader({
        exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE),
        exportIntervalMillis: 3_600_000,
      }),
    ],
  });

const batched = () =>
  new BasicTracerProvider({
    spanProcessors: [
      new BatchSpanProcessor({
        export: (_s, done) => done({ code: 0 }),
        shutdown: async () => undefined,
      }),
    ],
  });

function telemetry(mode: string): TelemetryOptions {
  switch (mode) {
    case 'telemetry':
      return { tracerProvider: batched(), meterProvider: metrics() };
    case 'unsampled':
      return {
        tracerProvider: new BasicTracerProvider({ sampler: new AlwaysOffSampler() }),
        meterProvider: metrics(),
      };
    default:
      return {};
  }
}

const metadata = new MetaData();
const rows = table(
  'bench_rows',
  { id: column(types.integer(), { primaryKey: true }), name: column(types.string(40)) },
  { metadata },
);
const dialect = getDialect('postgresql');
const lookup = compile(select(rows.c.id, rows.c.name).where(rows.c.id.eq(1)), dialect);
const endpoint = {
  system: () => 'postgresql',
  namespace: 'test',
  host: '127.0.0.1',
  port: 5432,
  defaultPort: 5432,
};
const poolStatus = () => ({ size: 1, used: 1, free: 0, max: 4, pendingAcquires: 0, pendingCreates: 0 });

/** The connection's scope the load span hands itself to its statement through. */
const scope: TraceScope = { ormFrame: undefined };

async function round(instrumentation: Instrumentation): Promise<number> {
  const cpu = process.cpuUsage();
  for (let i = 0; i < ops; i++) {
    await instrumentation.orm('ORM load Row', 'bench_rows', scope, async () => {
      // The checkout's first statement: it carries the checkout's wait for the pool.
      const statement = instrumentation.statement(lookup, undefined, 0.01, 1, scope.ormFrame);
      statement?.send();
      statement?.received();
      statement?.end(1);
    });
  }
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / ops; // µs per lookup
}

/** The telemetry of one lookup made by calling the SDK directly: the floor. */
function sdkRound(): () => Promise<number> {
  const tracer = batched().getTracer('athanor');
  const meter = metrics().getMeter('athanor');
  const duration = meter.createHistogram('db.client.operation.duration', { unit: 's' });
  const waitTime = meter.createHistogram('db.client.connection.wait_time', { unit: 's' });
  const base: Attributes = {
    'db.system.name': 'postgresql',
    'db.namespace': 'test',
    'db.operation.name': 'SELECT',
    'db.collection.name': 'bench_rows',
    'db.query.summary': 'SELECT bench_rows',
    'server.address': '127.0.0.1',
  };
  const pool: Attributes = { 'db.client.connection.pool.name': '127.0.0.1:5432/test' };
  const load: SpanOptions = {
    kind: SpanKind.INTERNAL,
    attributes: {
      'db.system.name': 'postgresql',
      'db.namespace': 'test',
      'db.collection.name': 'bench_rows',
    },
  };
  const statement: SpanOptions = {
    kind: SpanKind.CLIENT,
    attributes: { ...base, 'db.query.text': lookup.sql },
  };
  const name = lookup.summary!.text;
  return async () => {
    const cpu = process.cpuUsage();
    for (let i = 0; i < ops; i++) {
      waitTime.record(0.00001, pool);
      const parent = context.active();
      const span = tracer.startSpan('ORM load Row', load, parent);
      const inLoad = trace.setSpan(parent, span);
      await (async () => {
        const started = performance.now();
        const s = tracer.startSpan(name, statement, inLoad);
        s.end();
        duration.record((performance.now() - started) / 1000, base);
      })();
      span.end();
    }
    const used = process.cpuUsage(cpu);
    return (used.user + used.system) / ops;
  };
}

async function main(): Promise<void> {
  const runs = new Map<string, () => Promise<number>>(
    modes.map((m) => {
      if (m === 'sdk') return [m, sdkRound()];
      const i = new Instrumentation(endpoint, telemetry(m), undefined, poolStatus as never);
      return [m, () => round(i)];
    }),
  );
  for (const run of runs.values()) await run(); // warm-up
  const best = new Map(modes.map((m) => [m, Infinity]));
  for (let r = 0; r < rounds; r++)
    for (const [m, run] of runs) {
      // `sdk-off` is `unregistered` (API no-ops: nothing traced) with the context manager.
      const cpu = await (m === 'unregistered'
        ? run()
        : withContextManager(() => context.with(requestContext, run)));
      best.set(m, Math.min(best.get(m)!, cpu));
    }
  console.log(`${ops} lookups' worth of instrumentation per round, best of ${rounds} rounds\n`);
  console.log(
    markdownTable(
      ['mode', 'CPU per lookup'],
      modes.map((m) => [m, `${best.get(m)!.toFixed(2)} µs`]),
    ),
  );
}

void main();
