import {
  attrs,
  inspect,
  IntegrityError,
  PendingRollbackError,
  select,
  StaleDataError,
  update,
  type Executable,
  type Session,
} from '../../lib';
import { instanceState } from '../../lib/mapper';
import { describeEachDialect } from '../support/dialects';
import { defineBlog, sessionOpener, statementCounter } from './fixtures';

describeEachDialect('Session failed flushes and optimistic locking', (d) => {
  const { User, Post, Document } = defineBlog(d);
  const newSession = sessionOpener(d);
  const counter = statementCounter(d);
  let seq = 0;
  const email = (tag: string): string => `${tag}-${seq++}-${d.target}@fail.example`;
  const usersLike = async (pattern: string): Promise<string[]> => {
    const s = newSession();
    const found = await s.scalars(select(User).where(attrs(User).email.like(pattern)));
    const emails = found.map((u) => u.email).sort();
    await s.close();
    return emails;
  };
  /**
   * A new user with a post whose explicit primary key is already taken: the users INSERT
   * succeeds, the posts INSERT then violates the primary key.
   */
  const brokenUser = async (tag: string) => {
    const setup = newSession();
    const taken = Object.assign(new Post(), { title: 'taken' });
    taken.author = Object.assign(new User(), { email: email(`${tag}-owner`) });
    setup.add(taken);
    await setup.flush();
    const id = taken.id;
    await setup.commit();
    await setup.close();
    const u = Object.assign(new User(), { email: email(tag) });
    u.posts = [Object.assign(new Post(), { id, title: 'clash' })];
    return u;
  };

  /**
   * Runs a write on a second connection (committed). SQLite's in-memory database lives in one
   * connection, so there it goes through the session's connection, behind the identity map's
   * back, and is committed (the session holds no other changes then).
   */
  const fromAnotherConnection = async (session: Session, stmt: Executable): Promise<void> => {
    if (d.target === 'sqlite') {
      await session.execute(stmt);
      await session.commit();
      return;
    }
    const other = d.newEngine();
    await other.execute(stmt);
    await other.dispose();
  };

  it('a flush failing after its first batch leaves nothing in the database; after rollback the same objects go in', async () => {
    const u = await brokenUser('half');
    const session = newSession({ expireOnCommit: false });
    session.add(u);
    counter.start();
    await expect(session.commit()).rejects.toThrow(IntegrityError);
    counter.stop();
    expect(counter.all.some((s) => s.startsWith('INSERT') && s.includes(inspect(User).table.name))).toBe(
      true,
    );
    expect(counter.count('SAVEPOINT')).toBe(0);
    expect(counter.count('ROLLBACK')).toBe(1);
    // Objects are as a rollback leaves them: no keys or synced FKs, transient, not in the session.
    expect(u.id).toBeUndefined();
    expect(u.posts[0]!.authorId).toBeUndefined();
    expect(instanceState(u).status).toBe('transient');
    expect(session.new).toEqual([]);
    expect(session.identityMap.size).toBe(0);
    // Every use raises until rollback().
    await expect(session.commit()).rejects.toThrow(PendingRollbackError);
    await expect(session.scalars(select(User))).rejects.toThrow(PendingRollbackError);
    await session.rollback();
    expect(await usersLike(u.email)).toEqual([]);
    // Fix the data and try again: the same objects go in.
    const post = u.posts[0]!;
    u.posts = [Object.assign(new Post(), { title: 'fresh' })];
    session.add(u);
    await session.commit();
    expect(await usersLike(u.email)).toEqual([u.email]);
    expect(u.posts[0]!.authorId).toBe(u.id);
    expect(instanceState(post).status).toBe('transient');
  });

  it('a failing flush rolls back the whole transaction, earlier flushes included; commit raises until rollback()', async () => {
    const broken = await brokenUser('tx-broken');
    const session = newSession({ expireOnCommit: false });
    const first = Object.assign(new User(), { email: email('tx-first') });
    session.add(first);
    await session.flush();
    expect(instanceState(first).status).toBe('persistent');
    session.add(broken);
    counter.start();
    await expect(session.flush()).rejects.toThrow(IntegrityError);
    counter.stop();
    expect(counter.count('SAVEPOINT')).toBe(0);
    expect(counter.count('ROLLBACK')).toBe(1);
    expect(broken.id).toBeUndefined();
    // The earlier flush was undone with the transaction: its object is transient again.
    expect(instanceState(first).status).toBe('transient');
    expect(session.identityMap.size).toBe(0);
    await expect(session.commit()).rejects.toThrow(PendingRollbackError);
    await expect(session.commit()).rejects.toThrow(/rolled back because of an error during flush/);
    expect(await usersLike(`tx-first-%`)).toEqual([]);
    await session.rollback();
    session.add(first);
    await session.commit();
    expect(await usersLike(`tx-first-%`)).toEqual([first.email]);
    expect(await usersLike(broken.email)).toEqual([]);
  });

  it('an UPDATE of a row another connection changed raises StaleDataError (version check)', async () => {
    const session = newSession({ expireOnCommit: false });
    const doc = Object.assign(new Document(), { body: 'v1' });
    session.add(doc);
    await session.commit();
    expect(doc.version).toBe(1);
    doc.body = 'mine';
    counter.start();
    await session.commit();
    counter.stop();
    expect(doc.version).toBe(2);
    expect(counter.all.find((s) => s.startsWith('UPDATE'))).toMatch(/version/);
    // Another connection bumps the row.
    await fromAnotherConnection(
      session,
      update(inspect(Document).table)
        .set({ body: 'theirs', version: 3 } as never)
        .where(attrs(Document).id.eq(doc.id)),
    );
    doc.body = 'mine again';
    await expect(session.commit()).rejects.toThrow(
      /expected to update 1 row\(s\); 0 were matched \(Document:/,
    );
    await expect(session.commit()).rejects.toThrow(PendingRollbackError);
    // The transaction was rolled back: the object is expired, its change discarded.
    expect(instanceState(doc).isExpired('body')).toBe(true);
    expect(session.isModified(doc)).toBe(false);
    await session.rollback();
    await session.refresh(doc);
    expect(doc.body).toBe('theirs');
    expect(doc.version).toBe(3);
  });

  it('a DELETE of a row another connection changed raises StaleDataError', async () => {
    const session = newSession({ expireOnCommit: false });
    const doc = Object.assign(new Document(), { body: 'd' });
    session.add(doc);
    await session.commit();
    await fromAnotherConnection(
      session,
      update(inspect(Document).table)
        .set({ version: 7 } as never)
        .where(attrs(Document).id.eq(doc.id)),
    );
    session.delete(doc);
    await expect(session.commit()).rejects.toThrow(StaleDataError);
    // The delete is undone with the transaction.
    expect(instanceState(doc).status).toBe('persistent');
    expect(session.deleted).toEqual([]);
    await session.rollback();
    await session.refresh(doc);
    expect(doc.version).toBe(7);
  });

  it('several versioned rows update in one statement and each gets its version bumped', async () => {
    const session = newSession({ expireOnCommit: false });
    const docs = [1, 2, 3].map((i) => Object.assign(new Document(), { body: `b${i}` }));
    session.addAll(docs);
    await session.commit();
    docs.forEach((doc) => (doc.body = `${doc.body}!`));
    counter.start();
    await session.commit();
    counter.stop();
    expect(counter.count('UPDATE')).toBe(1);
    expect(docs.map((doc) => doc.version)).toEqual([2, 2, 2]);
  });

  it('one stale row among several versioned rows fails the whole batch and changes nothing', async () => {
    const session = newSession({ expireOnCommit: false });
    const docs = [1, 2, 3].map((i) => Object.assign(new Document(), { body: `s${i}` }));
    session.addAll(docs);
    await session.commit();
    await fromAnotherConnection(
      session,
      update(inspect(Document).table)
        .set({ version: 5 } as never)
        .where(attrs(Document).id.eq(docs[1]!.id)),
    );
    docs.forEach((doc) => (doc.body = `${doc.body}?`));
    await expect(session.commit()).rejects.toThrow(/expected to update 3 row\(s\); 2 were matched/);
    await session.rollback(); // give SQLite's one connection back
    const check = newSession();
    const bodies = await check.scalars(
      select(Document)
        .where(attrs(Document).id.in(docs.map((doc) => doc.id)))
        .orderBy(attrs(Document).id),
    );
    expect(bodies.map((doc) => [doc.body, doc.version])).toEqual([
      ['s1', 1],
      ['s2', 5],
      ['s3', 1],
    ]);
  });
});
