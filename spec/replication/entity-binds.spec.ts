import { Column, Table } from '../../lib/decorators';
import { createEngine } from '../../lib/drivers';
import { ArgumentError, ShardSelectionError } from '../../lib/errors';
import { Registry } from '../../lib/mapper';
import { entityBinds, ShardedSession } from '../../lib/session';
import { select, text, types } from '../../lib/sql';

/** Notes and events in a registry of their own, and two SQLite databases holding both tables. */
function notesAndEvents(prefix: string) {
  const registry = new Registry();

  @Table(`${prefix}_notes`, { registry })
  class Note {
    @Column({ primaryKey: true }) id!: number;
    @Column({ type: types.string(20) }) body!: string;
  }

  @Table(`${prefix}_events`, { registry })
  class Event {
    @Column({ primaryKey: true }) id!: number;
    @Column({ type: types.string(20) }) kind!: string;
  }

  const main = createEngine('sqlite://');
  const events = createEngine('sqlite://');

  beforeAll(async () => {
    registry.configure();
    await registry.metadata.createAll(main);
    await registry.metadata.createAll(events);
  });
  afterAll(async () => {
    await main.dispose();
    await events.dispose();
  });
  return { Note, Event, main, events };
}

describe('entityBinds (mapper-level binds) on two SQLite databases', () => {
  const { Note, Event, main, events } = notesAndEvents('eb');
  const ran: string[] = [];
  main.on('beforeExecute', (e) => void ran.push(`main ${e.sql}`));
  events.on('beforeExecute', (e) => void ran.push(`events ${e.sql}`));

  it('writes, queries and gets each entity on its database; Core and text() on the default one', async () => {
    const session = new ShardedSession({
      shards: { main, events },
      ...entityBinds('main', { events: [Event] }),
    });
    session.add(Object.assign(new Note(), { id: 1, body: 'hello' }));
    session.add(Object.assign(new Event(), { id: 1, kind: 'created' }));
    await session.commit();
    expect(session.shardOf((await session.get(Event, 1))!)).toBe('events');
    expect((await session.scalars(select(Note))).map((n) => n.body)).toEqual(['hello']);
    ran.length = 0;
    await session.scalars(select(Event));
    await session.execute(text('SELECT 1 AS one'));
    expect(ran.filter((r) => !/^\w+ (BEGIN|COMMIT|ROLLBACK)/.test(r)).map((r) => r.split(' ')[0])).toEqual([
      'events',
      'main',
    ]);
    await session.close();
    // Each row is on its own database only.
    expect((await events.execute(text('SELECT count(*) AS n FROM eb_events'))).scalar()).toBe(1);
    expect((await main.execute(text('SELECT count(*) AS n FROM eb_events'))).scalar()).toBe(0);
    expect((await main.execute(text('SELECT count(*) AS n FROM eb_notes'))).scalar()).toBe(1);
  });

  it('refuses an entity bound twice, and a query chooser naming an unknown database', async () => {
    expect(() => entityBinds('main', { a: [Note], b: [Note] })).toThrow(ArgumentError);
    expect(() => entityBinds('main', { a: [Note], b: [Note] })).toThrow(/Note is bound to both 'a' and 'b'/);
    const session = new ShardedSession({ shards: { main }, ...entityBinds('main', { elsewhere: [Event] }) });
    await expect(session.scalars(select(Event))).rejects.toThrow(ShardSelectionError);
    await session.close();
  });
});

describe('entityBinds with crossShardWrites: refuse', () => {
  const { Note, Event, main, events } = notesAndEvents('ebr');

  it('refuses a flush writing to two databases without twoPhase, writing nothing; one database at a time commits', async () => {
    const session = new ShardedSession({
      shards: { main, events },
      ...entityBinds('main', { events: [Event] }),
      crossShardWrites: 'refuse',
    });
    session.add(Object.assign(new Note(), { id: 1, body: 'hello' }));
    session.add(Object.assign(new Event(), { id: 1, kind: 'created' }));
    await expect(session.commit()).rejects.toThrow(ShardSelectionError);
    await expect(session.flush()).rejects.toThrow(/changes on shards 'main', 'events'.*twoPhase/);
    await session.close();
    expect((await main.execute(text('SELECT count(*) AS n FROM ebr_notes'))).scalar()).toBe(0);
    expect((await events.execute(text('SELECT count(*) AS n FROM ebr_events'))).scalar()).toBe(0);

    const single = new ShardedSession({
      shards: { main, events },
      ...entityBinds('main', { events: [Event] }),
      crossShardWrites: 'refuse',
    });
    single.add(Object.assign(new Note(), { id: 2, body: 'alone' }));
    await single.commit();
    single.add(Object.assign(new Event(), { id: 2, kind: 'later' }));
    await single.commit();
    await single.close();
    expect((await main.execute(text('SELECT count(*) AS n FROM ebr_notes'))).scalar()).toBe(1);
    expect((await events.execute(text('SELECT count(*) AS n FROM ebr_events'))).scalar()).toBe(1);
  });
});
