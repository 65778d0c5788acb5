import { attrs, select, sessionFactory } from '../../lib';
import { instanceState } from '../../lib/mapper';
import { describeEachDialect } from '../support/dialects';
import { defineBlog, sessionOpener } from './fixtures';

describeEachDialect('Session transactions, merge and events', (d) => {
  const { registry, User, Post, Tag } = defineBlog(d);
  const newSession = sessionOpener(d);
  let seq = 0;
  const email = (tag: string): string => `${tag}-${seq++}-${d.target}@tx.example`;
  const exists = async (addr: string): Promise<boolean> => {
    const s = newSession();
    const found = await s.scalars(select(User).where(attrs(User).email.eq(addr)));
    await s.close();
    return found.length > 0;
  };

  it('sessionFactory shares options; Session.begin(fn) commits, or rolls back when fn throws', async () => {
    const Session = sessionFactory(d.engine, { expireOnCommit: false });
    expect(Session.options.expireOnCommit).toBe(false);
    const ok = Object.assign(new User(), { email: email('begin-ok') });
    const result = await Session.begin(async (s) => {
      s.add(ok);
      return 42;
    });
    expect(result).toBe(42);
    expect(await exists(ok.email)).toBe(true);
    const bad = Object.assign(new User(), { email: email('begin-bad') });
    await expect(
      Session.begin(async (s) => {
        s.add(bad);
        await s.flush();
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await exists(bad.email)).toBe(false);
    expect(instanceState(bad).status).toBe('transient');
  });

  it('beginNested: a savepoint rollback really discards its work, the outer transaction keeps its own', async () => {
    const session = newSession({ expireOnCommit: false });
    const outer = Object.assign(new User(), { email: email('outer') });
    session.add(outer);
    const outerEmail = outer.email;
    const inner = Object.assign(new User(), { email: email('inner') });
    await expect(
      session.beginNested(async (s) => {
        s.add(inner);
        await s.flush();
        expect(typeof inner.id).toBe('number');
        s.delete(outer);
        await s.flush();
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect(instanceState(inner).status).toBe('transient');
    expect(instanceState(outer).status).toBe('persistent');
    const kept = Object.assign(new User(), { email: email('kept') });
    const emails = [outerEmail, inner.email, kept.email];
    await session.beginNested(async (s) => s.add(kept));
    await session.commit();
    await session.close();
    expect(await exists(emails[0]!)).toBe(true);
    expect(await exists(emails[1]!)).toBe(false);
    expect(await exists(emails[2]!)).toBe(true);
  });

  it('merge copies a detached object onto the persistent one and cascades to its collection', async () => {
    const session = newSession({ expireOnCommit: false });
    const u = Object.assign(new User(), { email: email('merge') });
    u.posts = [Object.assign(new Post(), { title: 'orig' })];
    session.add(u);
    await session.commit();
    await session.close();

    // A detached copy from elsewhere (an HTTP payload, another session).
    const incoming = Object.assign(new User(), { id: u.id, email: u.email, nickname: 'merged' });
    incoming.posts = [
      Object.assign(new Post(), { id: u.posts[0]!.id, title: 'edited' }),
      Object.assign(new Post(), { title: 'new' }),
    ];
    const other = newSession({ expireOnCommit: false });
    const loaded = (await other.get(User, u.id))!;
    const merged = await other.merge(incoming);
    expect(merged).toBe(loaded);
    expect(merged).not.toBe(incoming);
    expect(instanceState(incoming).status).toBe('transient');
    expect(merged.nickname).toBe('merged');
    expect(merged.posts.map((p) => p.title)).toEqual(['edited', 'new']);
    await other.commit();
    const check = newSession();
    const fresh = (await check.get(User, u.id))!;
    expect(fresh.nickname).toBe('merged');
    expect((await check.load(fresh, 'posts')).map((p) => p.title)).toEqual(['edited', 'new']);
    // An object with no row becomes a new pending copy.
    const brandNew = await check.merge(Object.assign(new Tag(), { name: 'merged-tag' }));
    expect(instanceState(brandNew).status).toBe('pending');
  });

  it('fires session and mapper events in order, with the objects', async () => {
    const session = newSession({ expireOnCommit: false });
    const log: string[] = [];
    for (const ev of ['beforeFlush', 'afterFlush', 'afterCommit', 'afterRollback'] as const)
      session.on(ev, () => void log.push(ev));
    const offs = (
      ['beforeInsert', 'afterInsert', 'beforeUpdate', 'afterUpdate', 'beforeDelete', 'afterDelete'] as const
    ).map((ev) =>
      registry.listen(User, ev, (u: InstanceType<typeof User>) => {
        log.push(`${ev}:${u.email.split('-')[0]}`);
        if (ev === 'beforeInsert' && u.nickname == null) u.nickname = 'set-by-listener';
      }),
    );
    const u = Object.assign(new User(), { email: email('ev') });
    session.add(u);
    await session.commit();
    expect(u.nickname).toBe('set-by-listener');
    u.nickname = 'changed';
    await session.flush();
    session.delete(u);
    await session.flush();
    await session.rollback();
    offs.forEach((off) => off());
    expect(log).toEqual([
      'beforeFlush',
      'beforeInsert:ev',
      'afterInsert:ev',
      'afterFlush',
      'afterCommit',
      'beforeFlush',
      'beforeUpdate:ev',
      'afterUpdate:ev',
      'afterFlush',
      'beforeFlush',
      'beforeDelete:ev',
      'afterDelete:ev',
      'afterFlush',
      'afterRollback',
    ]);
  });
});
