/**
 * The process-wide registry `closeAllSessions()` reads: live sessions are all reached however many
 * were made, and sessions nobody references any more do not accumulate in it.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Column, Table } from '../../lib/decorators';
import { createEngine } from '../../lib/drivers';
import { Registry } from '../../lib/mapper';
import { closeAllSessions, Session } from '../../lib/session';
import { registeredSessions } from '../../lib/session/session-registry';

const registry = new Registry();

@Table('registry_notes', { registry })
class Note {
  @Column({ primaryKey: true }) id!: number;
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('session registry', () => {
  const engine = createEngine('sqlite://');
  beforeAll(() => registry.configure());
  afterAll(() => engine.dispose());

  it('closeAllSessions() detaches the objects of every live session, past many made and dropped', async () => {
    const kept: [Session, Note][] = [];
    for (let i = 0; i < 3000; i++) {
      const s = new Session(engine);
      const note = Object.assign(new Note(), { id: i });
      s.add(note);
      if (i % 2 === 0) kept.push([s, note]);
    }
    expect(kept.every(([s, note]) => s.contains(note))).toBe(true);
    await closeAllSessions();
    expect(kept.filter(([s, note]) => s.contains(note))).toEqual([]);
  });

  it('sessions that were collected leave the registry', async () => {
    for (let batch = 0; batch < 20; batch++) {
      for (let i = 0; i < 1000; i++) new Session(engine);
      await nextTurn();
      gc();
    }
    expect(registeredSessions()).toBeLessThan(5000);
  });

  const note = (id: number): Note => Object.assign(new Note(), { id });

  it('closes a new session, one seen by an earlier macrotask, and one used again after close()', async () => {
    const settled = new Session(engine);
    const a = note(1);
    settled.add(a);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const reused = new Session(engine);
    await reused.close();
    const b = note(2);
    reused.add(b);
    const fresh = new Session(engine);
    const c = note(3);
    fresh.add(c);
    await closeAllSessions();
    expect([settled.contains(a), reused.contains(b), fresh.contains(c)]).toEqual([false, false, false]);
  });

  it('lets closed sessions be collected inside the chain of microtasks that made them', async () => {
    let collected = 0;
    const watch = new FinalizationRegistry<number>(() => collected++);
    // No statement runs, so the loop never leaves the current job (as on a synchronous driver,
    // where a WeakRef made in the job would keep its target until the job ends).
    for (let i = 0; i < 50; i++) {
      const s = new Session(engine);
      s.add(note(100 + i));
      watch.register(s, i);
      await s.close();
    }
    gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
    // The last session may still sit in a register of this frame.
    expect(collected).toBeGreaterThanOrEqual(49);
  });
});
