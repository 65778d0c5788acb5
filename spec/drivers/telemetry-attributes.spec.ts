import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { ArgumentError, createEngine } from '../../lib';
import { Instrumentation, type Endpoint } from '../../lib/drivers/telemetry/instrumentation';
import { hrTime } from '../../lib/drivers/telemetry/orm-operation';
import { column, compile, getDialect, MetaData, select, table, types } from '../../lib/sql';

// The attribute rules of the semantic conventions that depend on how an engine is configured
// (its URL's port), checked on the instrumentation itself: the test databases all listen on
// their default ports.
const items = table(
  'tel_items',
  { id: column(types.integer(), { primaryKey: true }) },
  { metadata: new MetaData() },
);
const lookup = compile(select(items.c.id).where(items.c.id.eq(1)), getDialect('postgresql'));
const poolStatus = () => ({ size: 1, used: 1, free: 0, max: 4, pendingAcquires: 0, pendingCreates: 0 });

function statementSpan(endpoint: Partial<Endpoint>, optIn?: ('server.port' | 'db.response.returned_rows')[]) {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const instrumentation = new Instrumentation(
    {
      system: () => 'postgresql',
      namespace: 'shop',
      host: 'db.example',
      port: undefined,
      defaultPort: 5432,
      ...endpoint,
    },
    { tracerProvider, metrics: false, optInAttributes: optIn },
    undefined,
    poolStatus,
  );
  const trace = instrumentation.statement(lookup, undefined, 0, 1, undefined)!;
  trace.send();
  trace.end(3);
  instrumentation.flush();
  const [span] = exporter.getFinishedSpans();
  return span!.attributes;
}

describe('Telemetry attributes that depend on the engine URL', () => {
  it('server.port is reported for a port other than the default one, and only then', () => {
    expect(statementSpan({ port: 6432 })['server.port']).toBe(6432);
    expect(statementSpan({ port: 5432 })).not.toHaveProperty('server.port');
    expect(statementSpan({ port: undefined })).not.toHaveProperty('server.port');
    expect(statementSpan({ port: 6432 })['server.address']).toBe('db.example');
  });

  it("optInAttributes: ['server.port'] reports the default port, whether the URL names it or not", () => {
    expect(statementSpan({ port: 5432 }, ['server.port'])['server.port']).toBe(5432);
    expect(statementSpan({ port: undefined }, ['server.port'])['server.port']).toBe(5432);
    // Without a server (SQLite) there is no port to report.
    expect(statementSpan({ host: undefined, defaultPort: undefined }, ['server.port'])).not.toHaveProperty(
      'server.port',
    );
  });

  it('db.response.returned_rows only when opted in', () => {
    expect(statementSpan({})).not.toHaveProperty('db.response.returned_rows');
    expect(statementSpan({}, ['db.response.returned_rows'])['db.response.returned_rows']).toBe(3);
  });

  it('an unknown optInAttributes name is refused, naming the option and the known names', () => {
    expect(() =>
      createEngine('sqlite://', {
        telemetry: { optInAttributes: ['db.query.parameter.0' as 'server.port'] },
      }),
    ).toThrow(ArgumentError);
    expect(() =>
      createEngine('sqlite://', { telemetry: { optInAttributes: ['rows' as 'server.port'] } }),
    ).toThrow(
      `telemetry.optInAttributes must list attributes among 'db.response.returned_rows', 'server.port', not ["rows"]`,
    );
  });

  it('hrTime splits epoch milliseconds into whole seconds and nanoseconds', () => {
    const [seconds, nanos] = hrTime(1_700_000_000_123.456);
    expect(seconds).toBe(1_700_000_000);
    // An epoch time in milliseconds holds a quarter of a microsecond of precision.
    expect(Math.abs(nanos - 123_456_000)).toBeLessThan(250);
    expect(hrTime(0.5)).toEqual([0, 500_000]);
    // Nanoseconds that round up to a whole second carry into the seconds.
    expect(hrTime(999.9999999)).toEqual([1, 0]);
  });
});
