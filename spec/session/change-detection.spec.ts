import { attrs, insert, inspect, select } from '../../lib';
import type { InstanceState } from '../../lib/mapper';
import { InstanceStateImpl } from '../../lib/mapper/instance-state';
import { describeEachDialect } from '../support/dialects';
import { defineBlog, statementCounter, sessionOpener } from './fixtures';

describeEachDialect('Session change detection', (d) => {
  const { User, Post, Tag } = defineBlog(d);
  const newSession = sessionOpener(d);
  const counter = statementCounter(d);
  let seq = 0;
  const email = (tag: string): string => `${tag}-${seq++}-${d.target}@cd.example`;

  it('tracks column changes: isModified, dirty, and a change set back is no change', async () => {
    const session = newSession({ expireOnCommit: false });
    const u = Object.assign(new User(), { email: email('col'), nickname: 'a' });
    session.add(u);
    expect(session.new).toEqual([u]);
    expect(session.isModified(u)).toBe(true); // a new object's values are all changes
    await session.commit();
    expect(session.isModified(u)).toBe(false);
    expect(session.dirty).toEqual([]);
    u.nickname = 'b';
    expect(session.isModified(u)).toBe(true);
    expect(session.dirty).toEqual([u]);
    u.nickname = 'a';
    expect(session.isModified(u)).toBe(false);
    expect(session.dirty).toEqual([]);
    counter.start();
    await session.flush();
    counter.stop();
    expect(counter.count('UPDATE')).toBe(0);
    u.createdAt = new Date(u.createdAt.getTime());
    expect(session.isModified(u)).toBe(false);
    await session.close();
  });

  it('tracks collection changes: members added and removed make the owner modified', async () => {
    const session = newSession({ expireOnCommit: false });
    const u = Object.assign(new User(), { email: email('coll') });
    const p1 = Object.assign(new Post(), { title: 'one' });
    u.posts = [p1];
    session.add(u);
    await session.commit();
    expect(session.isModified(u)).toBe(false);
    const p2 = Object.assign(new Post(), { title: 'two' });
    u.posts.push(p2);
    expect(session.isModified(u)).toBe(true);
    expect(session.dirty).toContain(u);
    // The save-update cascade attaches the new member at once.
    expect(session.new.length).toBe(1);
    expect(session.new[0]).toBe(p2);
    counter.start();
    await session.flush();
    counter.stop();
    // The new member is inserted with its foreign key; the owner's row is untouched.
    expect(counter.count('INSERT')).toBe(1);
    expect(counter.count('UPDATE')).toBe(0);
    expect(p2.authorId).toBe(u.id);
    expect(session.isModified(u)).toBe(false);
    await session.close();
  });

  it('views list deleted objects until the flush', async () => {
    const session = newSession({ expireOnCommit: false });
    const t = Object.assign(new Tag(), { name: 'gone' });
    session.add(t);
    await session.flush();
    session.delete(t);
    expect(session.deleted).toEqual([t]);
    await session.flush();
    expect(session.deleted).toEqual([]);
    await session.close();
  });

  it('a flush with 10,000 clean objects in the map inspects only the changed one', async () => {
    const prefix = email('bulk');
    const rows = Array.from({ length: 10_000 }, (_, i) => ({
      email: `${prefix}-${i}`,
      createdAt: new Date(),
    }));
    const session = newSession({ expireOnCommit: false });
    // Core insert in pages the dialect accepts (SQLite: 32,766 parameters).
    for (let i = 0; i < rows.length; i += 5000)
      await session.execute(insert(inspect(User).table).values(rows.slice(i, i + 5000) as never));
    const users = await session.scalars(select(User).where(attrs(User).email.like(`${prefix}-%`)));
    expect(users).toHaveLength(10_000);
    const changed = users[1234]!;
    changed.nickname = 'the one';
    const touched = new Set<object>();
    const spies = (['hasCommitted', 'isLoaded', 'isExpired', 'resetCommitted'] as const).map((m) => {
      const original = InstanceStateImpl.prototype[m] as (this: InstanceState, ...a: never[]) => unknown;
      return jest.spyOn(InstanceStateImpl.prototype, m).mockImplementation(function (
        this: InstanceState,
        ...args: never[]
      ) {
        touched.add(this.obj);
        return original.apply(this, args);
      } as never);
    });
    counter.start();
    try {
      await session.flush();
    } finally {
      spies.forEach((s) => s.mockRestore());
      counter.stop();
    }
    expect([...touched]).toEqual([changed]);
    expect(counter.count('UPDATE')).toBe(1);
    expect(counter.count('INSERT')).toBe(0);
    await session.rollback();
    await session.close();
  });
});
