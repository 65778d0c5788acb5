import { context } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { StorageContextManager } from '../../bench/lib/otel-context';

/** In-memory span and metric exporters, with the providers an engine's `telemetry` takes. */
export function otelHarness() {
  const spans = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
  const metrics = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter: metrics, exportIntervalMillis: 3_600_000 });
  const meterProvider = new MeterProvider({ readers: [reader] });
  beforeAll(() => {
    context.setGlobalContextManager(new StorageContextManager());
  });
  afterAll(async () => {
    context.disable();
    await meterProvider.shutdown();
    await tracerProvider.shutdown();
  });
  return {
    spans,
    tracerProvider,
    meterProvider,
    /** The metric points collected now, by instrument name. */
    async collect() {
      const { resourceMetrics } = await reader.collect();
      const out = new Map<string, { attributes: Record<string, unknown>; value: unknown }[]>();
      for (const scope of resourceMetrics.scopeMetrics)
        for (const m of scope.metrics)
          out.set(
            m.descriptor.name,
            m.dataPoints.map((p) => ({ attributes: p.attributes, value: p.value })),
          );
      return out;
    },
  };
}
