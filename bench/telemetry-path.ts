/**
 * The instrumentation's own CPU cost, without a database: what one get-by-key lookup asks of it
 * (a pool-wait record, an ORM load span and its one SELECT traced: span, duration record — a
 * session that only reads sends no BEGIN or ROLLBACK) run in a tight loop, for the same modes as bench/telemetry-overhead.ts. A loop of pure
 * computation reads far steadier than round trips when other work loads the machine; add its
 * figure to the `off` lookup of telemetry-overhead.ts to get the overhead. The SDK modes run with the
 * SDK's AsyncLocalStorage context manager registered, as in telemetry-overhead.ts, so the SELECT
 * span is the child of the load span (without one it would be a root span of a trace of its own).
 * That manager taxes every promise of the process, the loop's own too: `sdk-off` is the loop
 * with it and no spans or metrics, the baseline the SDK modes compare with.
 *
 * Run: node -r ts-node/register/transpile-only bench/telemetry-path.ts
 * Environment: BENCH_ROUNDS (15), BENCH_OPS (20000 lookups per round), BENCH_MODES.
 */
import 'reflect-metadata';
import { AlwaysOffSampler, BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import '../lib/entries/built-in-dialects';
import { column, compile, getDialect, MetaData, select, table, types } from '../lib/sql';
import { Instrumentation } from '../lib/drivers/telemetry/instrumentation';
import type { TelemetryOptions } from '../lib/drivers/telemetry/options';
import { withContextManager } from './lib/otel-context';
import { markdownTable } from './lib/stats';

const rounds = Number(process.env.BENCH_ROUNDS ?? 15);
const ops = Number(process.env.BENCH_OPS ?? 20000);
const modes = (process.env.BENCH_MODES ?? 'telemetry,unsampled,sdk-off,unregistered').split(',');

const metrics = () =>
  new MeterProvider({
    readers: [
      new PeriodicExportingMetricReader({
        exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE),
        exportIntervalMillis: 3_600_000,
      }),
    ],
  });

function telemetry(mode: string): TelemetryOptions {
  switch (mode) {
    case 'telemetry':
      return {
        tracerProvider: new BasicTracerProvider({
          spanProcessors: [
            new BatchSpanProcessor({
              export: (_s, done) => done({ code: 0 }),
              shutdown: async () => undefined,
            }),
          ],
        }),
        meterProvider: metrics(),
      };
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
const endpoint = { system: () => 'postgresql', namespace: 'test', host: '127.0.0.1', port: 5432 };
const poolStatus = () => ({ size: 1, used: 1, free: 0, max: 4, pendingAcquires: 0, pendingCreates: 0 });

async function round(instrumentation: Instrumentation): Promise<number> {
  const cpu = process.cpuUsage();
  for (let i = 0; i < ops; i++) {
    instrumentation.poolWait(0.01);
    await instrumentation.orm('ORM load Row', 'bench_rows', async () => {
      const trace = instrumentation.statement(lookup, undefined, 0, 1);
      trace?.send();
      trace?.received();
      trace?.end(1);
    });
  }
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / ops; // µs per lookup
}

async function main(): Promise<void> {
  const instruments = new Map(
    modes.map((m) => [m, new Instrumentation(endpoint, telemetry(m), undefined, poolStatus as never)]),
  );
  for (const i of instruments.values()) await round(i); // warm-up
  const best = new Map(modes.map((m) => [m, Infinity]));
  for (let r = 0; r < rounds; r++)
    for (const [m, i] of instruments) {
      // `sdk-off` is `unregistered` (API no-ops: nothing traced) with the context manager.
      const cpu = await (m === 'unregistered' ? round(i) : withContextManager(() => round(i)));
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
