import { Column, Table } from '../../lib/decorators';
import {
  ArgumentError,
  attrs,
  FlushError,
  Registry,
  types,
  deleteFrom,
  inspect,
  InvalidRequestError,
  IntegrityError,
  makeTransient,
  makeTransientToDetached,
  PendingRollbackError,
  select,
  type AthanorWarning,
} from '../../lib';
import { instanceState } from '../../lib/mapper';
import { describeEachDialect } from '../support/dialects';
import { defineBlog, sessionOpener, statementCounter } from './fixtures';

describeEachDialect('Session transactions, savepoints and object states', (d) => {
  const { User, Post } = defineBlog(d);
  const newSession = sessionOpener(d);
  const counter = statementCounter(d);
  let seq = 0;
  const email = (tag: string): string => `${tag}-${seq++}-${d.target}@st.example`;
  const user = (tag: string) => Object.assign(new User(), { email: email(tag) });
  const emailsLike = async (pattern: string): Promise<string[]> => {
    const s = newSession();
    const found = await s.scalars(select(User).where(attrs(User).email.like(pattern)));
    await s.close();
    return found.map((u) => u.email).sort();
  };

  it('warns through the session event and process.emitWarning', async () => {
    const s = newSession();
    const seen: AthanorWarning[] = [];
    const emitWarning = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      s.on('warning', (w) => void seen.push(w));
      expect(await s.get(User, null)).toBeNull();
      expect(seen.map((w) => [w.name, w.message])).toEqual([
        ['AthanorWarning', expect.stringMatching(/fully NULL primary key identity cannot load any User/)],
      ]);
      expect(emitWarning.mock.calls).toEqual([[seen[0]!.message, 'AthanorWarning']]);
    } finally {
      emitWarning.mockRestore();
    }
  });

  it('after a failed flush every use raises PendingRollbackError naming the cause, until rollback()', async () => {
    const s = newSession();
    const a = user('pr-a');
    s.add(a);
    await s.commit();
    s.add(Object.assign(new User(), { email: a.email })); // unique violation
    const failure = await s.flush().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(IntegrityError);
    const uses: [string, () => Promise<unknown>][] = [
      ['commit', () => s.commit()],
      ['execute', () => s.execute(select(User))],
      ['scalars', () => s.scalars(select(User))],
      ['get', () => s.get(User, a.id)],
      ['beginNested', () => s.beginNested()],
      ['connection', () => s.connection()],
      ['load', () => s.load(a, 'posts')],
    ];
    for (const [, use] of uses) {
      const e = await use().then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(e).toBeInstanceOf(PendingRollbackError);
      expect((e as Error).cause).toBe(failure);
    }
    expect(s.isActive).toBe(false);
    await s.rollback();
    expect(s.isActive).toBe(true);
    expect((await s.get(User, a.id))!.email).toBe(a.email);
  });

  it('a flush failing inside a savepoint rolls back only the savepoint; the enclosing work commits', async () => {
    const s = newSession();
    const taken = user('sp-taken');
    s.add(taken);
    await s.commit();
    const kept = user('sp-kept');
    s.add(kept);
    const sp = await s.beginNested();
    const clash = Object.assign(new User(), { email: taken.email });
    s.add(clash);
    await expect(s.flush()).rejects.toThrow(IntegrityError);
    expect(sp.isActive).toBe(false);
    await expect(s.flush()).resolves.toBeUndefined();
    await expect(s.scalars(select(User))).rejects.toThrow(PendingRollbackError);
    await sp.rollback();
    expect(instanceState(clash).status).toBe('transient');
    expect(instanceState(kept).status).toBe('persistent');
    await s.commit();
    expect(await emailsLike('sp-kept-%')).toEqual([kept.email]);
  });

  it('the callback form of beginNested rolls its savepoint back when a flush in it fails', async () => {
    const s = newSession();
    const taken = user('cb-taken');
    s.add(taken);
    await s.commit();
    const kept = user('cb-kept');
    s.add(kept);
    await expect(
      s.beginNested(async () => {
        s.add(Object.assign(new User(), { email: taken.email }));
        await s.flush();
      }),
    ).rejects.toThrow(IntegrityError);
    expect(s.inNestedTransaction()).toBe(false);
    await s.commit();
    expect(await emailsLike('cb-kept-%')).toEqual([kept.email]);
  });

  it('beginNested() works again after rollback() inside a nested block', async () => {
    const s = newSession();
    const lost = user('nb-lost');
    await s.beginNested(async () => {
      s.add(lost);
      await s.flush();
      await s.rollback(); // rolls back everything, the savepoint with it
    });
    expect(s.inTransaction()).toBe(false);
    expect(instanceState(lost).status).toBe('transient');
    const kept = user('nb-kept');
    await s.beginNested(async () => s.add(kept));
    await s.commit();
    expect(await emailsLike('nb-%')).toEqual([kept.email]);
  });

  it('a savepoint rollback expires only the objects it changed', async () => {
    const s = newSession();
    const untouched = user('ex-untouched');
    const changed = user('ex-changed');
    s.addAll([untouched, changed]);
    await s.flush();
    const sp = await s.beginNested();
    changed.nickname = 'inside';
    await s.flush();
    await sp.rollback();
    expect(instanceState(untouched).isExpired('email')).toBe(false);
    expect(untouched.email).toMatch(/ex-untouched/);
    expect(instanceState(changed).isExpired('nickname')).toBe(true);
    await s.refresh(changed);
    expect(changed.nickname).toBeNull();
  });

  it('get() of an expired object whose row was deleted out of band returns null; a rollback brings the object back', async () => {
    const s = newSession({ expireOnCommit: true });
    const u = user('oob');
    s.add(u);
    await s.commit();
    await s.execute(deleteFrom(inspect(User).table).where(attrs(User).id.eq(u.id)));
    expect(await s.get(User, u.id)).toBeNull();
    expect(instanceState(u).status).toBe('deleted');
    await s.rollback();
    expect(instanceState(u).status).toBe('persistent');
    expect((await s.get(User, u.id))!.email).toBe(u.email);
  });

  it('after a committed delete, add() raises and get() queries instead of answering from the identity map', async () => {
    const s = newSession();
    const u = user('del');
    s.add(u);
    await s.commit();
    s.delete(u);
    await s.commit();
    expect(instanceState(u).status).toBe('detached');
    expect(() => s.add(u)).toThrow(InvalidRequestError);
    expect(() => s.add(u)).toThrow(/has been deleted; use makeTransient\(\)/);
    counter.start();
    expect(await s.get(User, u.id)).toBeNull();
    counter.stop();
    expect(counter.count('SELECT')).toBe(1);
    // makeTransient sends it back: the next flush INSERTs it again.
    makeTransient(u);
    expect(instanceState(u).status).toBe('transient');
    s.add(u);
    await s.commit();
    expect(await emailsLike(u.email)).toEqual([u.email]);
  });

  it('makeTransientToDetached: add() attaches as persistent without a SELECT, and a change is an UPDATE', async () => {
    const s = newSession();
    const u = user('ttd');
    s.add(u);
    await s.commit();
    await s.close();
    const copy = Object.assign(new User(), { id: u.id, email: u.email });
    makeTransientToDetached(copy);
    expect(instanceState(copy).status).toBe('detached');
    expect(() => makeTransientToDetached(copy)).toThrow(/must be transient/);
    const other = newSession();
    counter.start();
    other.add(copy);
    expect(instanceState(copy).status).toBe('persistent');
    copy.nickname = 'detached-edit';
    await other.commit();
    counter.stop();
    expect(counter.count('SELECT')).toBe(0);
    expect(counter.count('UPDATE')).toBe(1);
    expect(counter.count('INSERT')).toBe(0);
    const check = newSession();
    expect((await check.get(User, u.id))!.nickname).toBe('detached-edit');
  });

  it('a key with a null part is refused; a fully null key warns and gives null', async () => {
    const s = newSession();
    const emitWarning = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    await expect(s.get(Post, [null])).resolves.toBeNull();
    await expect(s.get(User, { id: undefined })).resolves.toBeNull();
    await expect(s.get(User, [1, 2])).rejects.toThrow(/expected 1 value\(s\), got 2/);
    expect(emitWarning).toHaveBeenCalledTimes(2);
    emitWarning.mockRestore();
  });
});

describeEachDialect('Session composite keys with a NULL part', (d) => {
  const registry = new Registry();
  @Table(d.uniqueName('pairs'), { registry, allowPartialPks: false })
  class Pair {
    @Column({ primaryKey: true, type: types.integer() }) a!: number;
    @Column({ primaryKey: true, type: types.string(10) }) b!: string | null;
    @Column({ type: types.string(20), nullable: true }) note!: string | null;
  }
  beforeAll(async () => {
    registry.configure();
    await registry.metadata.createAll(d.engine);
  });
  afterAll(() => registry.metadata.dropAll(d.engine));
  const newSession = sessionOpener(d);
  const counter = statementCounter(d);

  it('a new object with a NULL part of its key is refused by the flush before any INSERT, on every database', async () => {
    const s = newSession();
    s.add(Object.assign(new Pair(), { a: 1, b: null, note: 'x' }));
    counter.start();
    await expect(s.flush()).rejects.toThrow(FlushError);
    counter.stop();
    expect(counter.count('INSERT')).toBe(0);
    await s.rollback();
    const check = newSession();
    expect(await check.scalars(select(Pair))).toEqual([]);
  });

  it('get() with a NULL part of a composite key is refused; with every part NULL it warns and gives null', async () => {
    const s = newSession();
    const emitWarning = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      await expect(s.get(Pair, [1, null])).rejects.toThrow(
        /a key with a null or missing part cannot match a row/,
      );
      await expect(s.get(Pair, { a: 1 })).rejects.toThrow(ArgumentError);
      await expect(s.get(Pair, [null, null])).resolves.toBeNull();
      expect(emitWarning).toHaveBeenCalledTimes(1);
    } finally {
      emitWarning.mockRestore();
    }
  });
});
