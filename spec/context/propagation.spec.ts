/**
 * The propagation table: every mode × a transaction ambient or not × the inner call succeeding or
 * throwing × the outer call succeeding or throwing, with the rows each combination commits read
 * back on another connection.
 */
import { column, insert, select, table, types } from '../../lib/sql';
import { SessionContext, PROPAGATIONS, type Propagation } from '../../lib/context';
import { RollbackOnlyError, TransactionPropagationError } from '../../lib/errors';
import { describeEachDialect } from '../support/dialects';

class Boom extends Error {}

type Row = 'outer' | 'inner';

/** What each combination commits, and which error the inner / outer call raises. */
interface Expected {
  readonly rows: readonly Row[];
  readonly inner?: 'boom' | typeof TransactionPropagationError;
  readonly outer?: 'boom' | typeof RollbackOnlyError;
}

/** Modes that suspend the ambient transaction need a second connection. */
const SUSPENDING: readonly Propagation[] = ['requiresNew', 'notSupported'];

function expected(
  mode: Propagation,
  withOuter: boolean,
  innerThrows: boolean,
  outerThrows: boolean,
  singleConnection: boolean,
): Expected {
  const innerError = innerThrows ? ('boom' as const) : undefined;
  if (!withOuter) {
    if (mode === 'mandatory') return { rows: [], inner: TransactionPropagationError };
    // Without a transaction nothing is committed for the code: its writes are rolled back.
    if (mode === 'never' || mode === 'supports' || mode === 'notSupported')
      return { rows: [], inner: innerError };
    return { rows: innerThrows ? [] : ['inner'], inner: innerError };
  }
  const outerRow: Row[] = outerThrows ? [] : ['outer'];
  const outerError = outerThrows ? ('boom' as const) : undefined;
  if (mode === 'never' || (singleConnection && SUSPENDING.includes(mode))) {
    return { rows: outerRow, inner: TransactionPropagationError, outer: outerError };
  }
  switch (mode) {
    case 'required':
    case 'mandatory':
    case 'supports':
      // Joined: a failure of the inner part dooms the whole transaction, even when caught.
      if (innerThrows) return { rows: [], inner: 'boom', outer: outerError ?? RollbackOnlyError };
      return { rows: outerThrows ? [] : ['outer', 'inner'], outer: outerError };
    case 'requiresNew':
      return {
        rows: [...outerRow, ...(innerThrows ? [] : (['inner'] as Row[]))],
        inner: innerError,
        outer: outerError,
      };
    case 'nested':
      return {
        rows: outerThrows ? [] : innerThrows ? ['outer'] : ['outer', 'inner'],
        inner: innerError,
        outer: outerError,
      };
    case 'notSupported':
      return { rows: outerRow, inner: innerError, outer: outerError };
    default:
      throw new Error(mode);
  }
}

function matches(error: unknown, want: Expected['inner'] | Expected['outer']): boolean {
  if (want === undefined) return error === undefined;
  if (want === 'boom') return error instanceof Boom;
  return error instanceof want;
}

describeEachDialect('transaction propagation', (d) => {
  const { rows } = d.defineTables((metadata, name) => ({
    rows: table(
      name('prop_rows'),
      {
        id: column(types.integer(), { primaryKey: true, autoincrement: true }),
        run: column(types.integer(), { nullable: false }),
        label: column(types.string(10), { nullable: false }),
      },
      { metadata },
    ),
  }));
  let context: SessionContext;
  let runId = 0;
  beforeAll(() => {
    context = new SessionContext(d.engine, { strict: true });
  });
  afterAll(() => context.shutdown({ graceMillis: 0 }));

  const cases = PROPAGATIONS.flatMap((mode) => [
    ...[false, true].map((innerThrows) => [mode, false, innerThrows, false] as const),
    ...[false, true].flatMap((innerThrows) =>
      [false, true].map((outerThrows) => [mode, true, innerThrows, outerThrows] as const),
    ),
  ]);

  it.each(cases)(
    '%s, outer transaction %s, inner throws %s, outer throws %s',
    async (mode, withOuter, innerThrows, outerThrows) => {
      const run = ++runId;
      const single = d.engine.poolStatus.max <= 1;
      const want = expected(mode, withOuter, innerThrows, outerThrows, single);
      let innerError: unknown;
      const inner = async (): Promise<void> => {
        try {
          await context.transactional(
            async () => {
              await context.session.execute(insert(rows).values({ run, label: 'inner' }));
              if (innerThrows) throw new Boom('inner');
            },
            { propagation: mode },
          );
        } catch (e) {
          innerError = e;
        }
      };
      let outerError: unknown;
      if (withOuter) {
        await context
          .transactional(async () => {
            await context.session.execute(insert(rows).values({ run, label: 'outer' }));
            await inner();
            if (outerThrows) throw new Boom('outer');
          })
          .catch((e: unknown) => {
            outerError = e;
          });
      } else {
        await inner();
      }
      const written = await d.engine.execute(
        select(rows.c.label).where(rows.c.run.eq(run)).orderBy(rows.c.id),
      );
      expect({
        rows: written.scalars(),
        inner: matches(innerError, want.inner) ? 'as expected' : innerError,
        outer: matches(outerError, want.outer) ? 'as expected' : outerError,
      }).toEqual({ rows: want.rows, inner: 'as expected', outer: 'as expected' });
      expect(context.openScopes).toBe(0);
      expect(d.engine.poolStatus.used).toBe(0);
    },
  );

  it('requiresNew and notSupported fail fast on a single-connection pool, naming the mode', async () => {
    if (d.engine.poolStatus.max > 1) return;
    const started = Date.now();
    const error = await context
      .transactional(async () => {
        await context.session.execute(select(rows.c.id));
        await context.transactional(async () => undefined, { propagation: 'requiresNew' });
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransactionPropagationError);
    expect((error as TransactionPropagationError).propagation).toBe('requiresNew');
    expect((error as Error).message).toMatch(/needs a second connection/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('work committed explicitly without a transaction stays when the suspended one rolls back', async () => {
    if (d.engine.poolStatus.max <= 1) return;
    const run = ++runId;
    await context
      .transactional(async () => {
        await context.session.execute(insert(rows).values({ run, label: 'outer' }));
        await context.transactional(
          async () => {
            await context.session.execute(insert(rows).values({ run, label: 'inner' }));
            await context.session.commit();
          },
          { propagation: 'notSupported' },
        );
        throw new Boom('outer');
      })
      .catch(() => undefined);
    const written = await d.engine.execute(select(rows.c.label).where(rows.c.run.eq(run)));
    expect(written.scalars()).toEqual(['inner']);
  });
});
