/**
 * SessionContext beyond propagation: hooks run once after the outermost outcome, strict mode's
 * typed errors, isolation levels, and the errors of a context used wrongly.
 */
import { SessionContext } from '../../lib/context';
import {
  ArgumentError,
  NoSessionContextError,
  OutsideTransactionError,
  TransactionEndedError,
  TransactionPropagationError,
} from '../../lib/errors';
import type { Session } from '../../lib/session';
import { column, insert, select, table, types } from '../../lib/sql';
import { describeEachDialect } from '../support/dialects';

describeEachDialect('SessionContext', (d) => {
  const { items } = d.defineTables((metadata, name) => ({
    items: table(
      name('ctx_items'),
      {
        id: column(types.integer(), { primaryKey: true, autoincrement: true }),
        label: column(types.string(20), { nullable: false }),
      },
      { metadata },
    ),
  }));
  let context: SessionContext;
  const statements: string[] = [];
  beforeAll(() => {
    context = new SessionContext(d.engine, { strict: true });
    d.engine.on('beforeExecute', ({ sql }) => void statements.push(sql));
  });
  afterAll(() => context.shutdown({ graceMillis: 0 }));
  const labels = async (): Promise<string[]> =>
    (await d.engine.execute(select(items.c.label).orderBy(items.c.id))).scalars();

  it('afterCommit hooks run once, after the outermost COMMIT, outside any transaction', async () => {
    const events: string[] = [];
    await context.transactional(async () => {
      await context.session.execute(insert(items).values({ label: 'hooked' }));
      context.afterCommit(() => void events.push(`outer hook, in transaction: ${context.inTransaction}`));
      await context.transactional(
        async () => {
          context.afterCommit(() => void events.push('savepoint hook'));
        },
        { propagation: 'nested' },
      );
      await context.transactional(async () => {
        context.afterCommit(() => void events.push('joined hook'));
      });
      events.push('body done');
    });
    expect(events).toEqual([
      'body done',
      'outer hook, in transaction: false',
      'savepoint hook',
      'joined hook',
    ]);
  });

  it('a rolled-back savepoint drops its afterCommit hooks and runs its afterRollback hooks at once', async () => {
    const events: string[] = [];
    await context.transactional(async () => {
      await context
        .transactional(
          async () => {
            context.afterCommit(() => void events.push('savepoint commit hook'));
            context.afterRollback(() => void events.push('savepoint rollback hook'));
            throw new Error('inner');
          },
          { propagation: 'nested' },
        )
        .catch(() => events.push('caught'));
      context.afterRollback(() => void events.push('outer rollback hook'));
    });
    expect(events).toEqual(['savepoint rollback hook', 'caught']);
  });

  it('afterRollback hooks run once when the outermost transaction rolls back', async () => {
    const events: string[] = [];
    await context
      .transactional(async () => {
        context.afterRollback(() => void events.push('rolled back'));
        context.afterCommit(() => void events.push('committed'));
        throw new Error('fail');
      })
      .catch(() => undefined);
    expect(events).toEqual(['rolled back']);
  });

  it('strict: a session captured in a closure raises TransactionEndedError once its transaction ended', async () => {
    let captured: Session | undefined;
    await context.transactional(async () => {
      captured = context.session;
      await captured.execute(select(items.c.id));
    });
    await expect(captured!.execute(select(items.c.id))).rejects.toThrow(TransactionEndedError);
  });

  it('strict: a promise nobody awaited cannot write after its transaction ended', async () => {
    let late: Promise<unknown> | undefined;
    await context.transactional(async () => {
      late = new Promise((r) => setTimeout(r, 30)).then(() =>
        context.session.execute(insert(items).values({ label: 'late' })),
      );
    });
    await expect(late).rejects.toThrow(TransactionEndedError);
    expect(await labels()).not.toContain('late');
  });

  it('strict: a statement on another connection inside a transaction raises OutsideTransactionError', async () => {
    if (d.engine.poolStatus.max <= 1) return; // a second connection would wait for the first
    const error = await context
      .transactional(async () => {
        await context.session.execute(insert(items).values({ label: 'outside' }));
        await d.engine.execute(select(items.c.id));
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutsideTransactionError);
    expect(await labels()).not.toContain('outside');
  });

  it("strict: the session of an enclosing transaction used inside a 'requiresNew' one raises", async () => {
    if (d.engine.poolStatus.max <= 1) return;
    const error = await context
      .transactional(async () => {
        const outer = context.session;
        await outer.execute(select(items.c.id));
        await context.transactional(() => outer.execute(select(items.c.id)), { propagation: 'requiresNew' });
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutsideTransactionError);
  });

  it('an isolation level reaches BEGIN; joining a transaction of another level is refused', async () => {
    statements.length = 0;
    await context.transactional(() => context.session.execute(select(items.c.id)), {
      isolationLevel: 'SERIALIZABLE',
    });
    const select_ = statements.findIndex((s) => s.startsWith('SELECT'));
    const begin = statements.findIndex((s) => /^(BEGIN|START TRANSACTION|SET TRANSACTION)/i.test(s));
    expect(begin).toBeGreaterThanOrEqual(0);
    expect(begin).toBeLessThan(select_);
    if (d.target !== 'sqlite') expect(statements.slice(0, select_).join('; ')).toMatch(/SERIALIZABLE/);
    const error = await context
      .transactional(() => context.transactional(async () => undefined, { isolationLevel: 'SERIALIZABLE' }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransactionPropagationError);
  });

  it('the session outside any scope, and an unknown propagation, are typed errors', async () => {
    expect(() => context.session).toThrow(NoSessionContextError);
    expect(() => context.afterCommit(() => undefined)).toThrow(NoSessionContextError);
    await expect(context.transactional(async () => 1, { propagation: 'sometimes' as never })).rejects.toThrow(
      ArgumentError,
    );
  });
});
