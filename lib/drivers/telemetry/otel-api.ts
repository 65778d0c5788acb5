import type * as otel from '@opentelemetry/api';
import { loadModule } from '../load-module';

/** The OpenTelemetry API's types, for the files of this folder only (the package is optional). */
export type OtelApi = typeof otel;
export type {
  Span,
  SpanOptions,
  Tracer,
  Meter,
  Histogram,
  Attributes,
  Context,
  HrTime,
} from '@opentelemetry/api';

let api: OtelApi | undefined;

/**
 * `@opentelemetry/api`, loaded when the first engine with telemetry is created: applications
 * without telemetry need not install it (it is an optional peer dependency).
 */
export function otelApi(): OtelApi {
  return (api ??= loadModule<OtelApi>('@opentelemetry/api', 'createEngine() telemetry'));
}
