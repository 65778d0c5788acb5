import { attrs, InvalidRequestError, select } from '../../lib';
import { instanceState } from '../../lib/mapper';
import { describeEachDialect } from '../support/dialects';
import { defineBlog, sessionOpener } from './fixtures';

describeEachDialect('Session object states', (d) => {
  const { User, Post } = defineBlog(d);
  const newSession = sessionOpener(d);
  const status = (obj: object): string => instanceState(obj).status;
  let seq = 0;
  const email = (tag: string): string => `${tag}-${seq++}-${d.target}@states.example`;
  const countUsers = async (addr: string): Promise<number> => {
    const s = newSession();
    const n = (await s.scalars(select(User).where(attrs(User).email.eq(addr)))).length;
    await s.close();
    return n;
  };

  it('goes transient → pending → persistent → deleted → detached', async () => {
    const session = newSession();
    const u = Object.assign(new User(), { email: email('life') });
    expect(status(u)).toBe('transient');
    session.add(u);
    expect(status(u)).toBe('pending');
    expect(session.contains(u)).toBe(true);
    await session.flush();
    expect(status(u)).toBe('persistent');
    expect(session.new).toEqual([]);
    await session.commit();
    expect(status(u)).toBe('persistent');
    session.delete(u);
    expect(session.deleted).toEqual([u]);
    expect(status(u)).toBe('persistent');
    await session.flush();
    expect(status(u)).toBe('deleted');
    expect(await session.get(User, u.id)).toBeNull();
    await session.commit();
    expect(status(u)).toBe('detached');
    expect(session.contains(u)).toBe(false);
    await session.close();
  });

  it('deleting a pending object only takes it out of the session', async () => {
    const session = newSession();
    const u = Object.assign(new User(), { email: email('pend') });
    session.add(u);
    session.delete(u);
    expect(status(u)).toBe('transient');
    expect(session.new).toEqual([]);
    await session.commit();
    expect(await countUsers(u.email)).toBe(0);
    await session.close();
  });

  it('expunge detaches a persistent object and forgets its changes; add() re-attaches it', async () => {
    const session = newSession({ expireOnCommit: false });
    const u = Object.assign(new User(), { email: email('exp') });
    session.add(u);
    await session.commit();
    u.nickname = 'changed';
    session.expunge(u);
    expect(status(u)).toBe('detached');
    expect(session.dirty).toEqual([]);
    expect(await session.get(User, u.id)).not.toBe(u);
    session.expungeAll();
    session.add(u);
    expect(status(u)).toBe('persistent');
    expect(session.dirty).toEqual([u]);
    await session.commit();
    const check = newSession();
    expect((await check.get(User, u.id))!.nickname).toBe('changed');
    await check.close();
    await session.close();
  });

  it('refuses a detached object whose key another object holds in this session', async () => {
    const session = newSession({ expireOnCommit: false });
    const u = Object.assign(new User(), { email: email('dupkey') });
    session.add(u);
    await session.commit();
    session.expunge(u);
    await session.get(User, u.id);
    expect(() => session.add(u)).toThrow(/same primary key .* use session.merge\(\)/);
    await session.close();
  });

  it('refuses an object attached to another session', async () => {
    const a = newSession();
    const b = newSession();
    const u = Object.assign(new User(), { email: email('two') });
    a.add(u);
    await a.flush();
    expect(() => b.add(u)).toThrow(InvalidRequestError);
    await a.close();
    await b.close();
  });

  it('rollback: inserted objects become transient, deleted ones persistent, pending ones transient', async () => {
    const session = newSession({ expireOnCommit: false });
    const kept = Object.assign(new User(), { email: email('kept') });
    session.add(kept);
    await session.commit();
    const inserted = Object.assign(new User(), { email: email('ins') });
    session.add(inserted);
    await session.flush();
    session.delete(kept);
    await session.flush();
    expect(status(kept)).toBe('deleted');
    const pending = Object.assign(new User(), { email: email('pend2') });
    session.add(pending);
    await session.rollback();
    expect(status(inserted)).toBe('transient');
    expect(status(pending)).toBe('transient');
    expect(status(kept)).toBe('persistent');
    expect(await session.get(User, kept.id)).toBe(kept);
    expect(kept.email).toMatch(/^kept-/);
    await session.close();
    expect(await countUsers(inserted.email)).toBe(0);
    expect(await countUsers(kept.email)).toBe(1);
  });

  it('close() rolls back and detaches everything; with closeResetsOnly: false a closed session refuses work', async () => {
    const session = newSession({ expireOnCommit: false, closeResetsOnly: false });
    const committed = Object.assign(new User(), { email: email('c1') });
    session.add(committed);
    await session.commit();
    const flushed = Object.assign(new User(), { email: email('c2') });
    flushed.posts = [Object.assign(new Post(), { title: 't' })];
    session.add(flushed);
    await session.flush();
    await session.close();
    expect(status(committed)).toBe('detached');
    expect(status(flushed)).toBe('transient');
    expect(await countUsers(flushed.email)).toBe(0);
    expect(() => session.add(new User())).toThrow(/permanently closed/);
  });

  it('`await using` closes the session at the end of the block', async () => {
    const u = Object.assign(new User(), { email: email('using') });
    {
      await using session = newSession();
      session.add(u);
      await session.flush();
      expect(status(u)).toBe('persistent');
    }
    expect(status(u)).toBe('transient');
    expect(await countUsers(u.email)).toBe(0);
  });
});
