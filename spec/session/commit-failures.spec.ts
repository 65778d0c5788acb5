import { Column, Table } from '../../lib/decorators';
import {
  AthanorError,
  CommitOutcomeUnknownError,
  IntegrityError,
  OperationalError,
  PendingRollbackError,
  Registry,
  Session,
  select,
  attrs,
  text,
  types,
} from '../../lib';
import { instanceState } from '../../lib/mapper';
import { describeEachDialect } from '../support/dialects';

/**
 * A failed COMMIT never turns into a false success: the session raises until `rollback()`, the
 * objects are restored as a rollback restores them (new ones transient, deleted ones persistent,
 * the rest expired), nothing reached the database, and a retry after rollback writes everything.
 * The failures happen AT commit: deferred constraints (PostgreSQL, SQLite), a serialization
 * failure under SERIALIZABLE (PostgreSQL), a connection that dies during or before COMMIT.
 */
describeEachDialect(
  'Session COMMIT failures',
  (d) => {
    const registry = new Registry();
    const parents = d.uniqueName('cf_parents');
    const items = d.uniqueName('cf_items');
    const doctors = d.uniqueName('cf_doctors');
    const killer = d.uniqueName('cf_kill');

    @Table(parents, { registry })
    class Parent {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(20) }) name!: string;
    }

    @Table(items, { registry })
    class Item {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(20) }) code!: string;
      @Column({ type: types.integer(), nullable: true }) parentId!: number | null;
    }

    @Table(doctors, { registry })
    class Doctor {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.boolean() }) onCall!: boolean;
    }

    const q = (name: string): string => (d.target === 'mysql' ? `\`${name}\`` : `"${name}"`);
    const pg = d.target === 'postgresql';
    /** Databases that check a constraint at COMMIT (MariaDB checks every one at the statement). */
    const deferrable = d.target === 'postgresql' || d.target === 'sqlite';
    /** A scenario only where the database can produce it. */
    const itWhere = (applies: boolean, title: string, fn: () => Promise<void>): void => {
      if (applies) it(title, fn);
    };

    beforeAll(async () => {
      registry.configure();
      const e = d.engine;
      await e.execute(text(`CREATE TABLE ${q(parents)} (id INTEGER PRIMARY KEY, name VARCHAR(20) NOT NULL)`));
      const deferred = deferrable ? ' DEFERRABLE INITIALLY DEFERRED' : '';
      await e.execute(
        text(
          `CREATE TABLE ${q(items)} (id INTEGER PRIMARY KEY, code VARCHAR(20) NOT NULL, ` +
            `${q('parentId')} INTEGER NULL, CONSTRAINT ${q(`${items}_code`)} UNIQUE (code)${pg ? deferred : ''}, ` +
            `CONSTRAINT ${q(`${items}_fk`)} FOREIGN KEY (${q('parentId')}) REFERENCES ${q(parents)} (id)${deferred})`,
        ),
      );
      await e.execute(
        text(`CREATE TABLE ${q(doctors)} (id INTEGER PRIMARY KEY, ${q('onCall')} BOOLEAN NOT NULL)`),
      );
      if (pg) {
        // A deferred trigger that kills its own backend: the connection dies while COMMIT runs.
        await e.execute(
          text(
            `CREATE FUNCTION ${killer}() RETURNS trigger AS $$ BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NULL; END $$ LANGUAGE plpgsql`,
          ),
        );
        await e.execute(
          text(
            `CREATE CONSTRAINT TRIGGER ${killer} AFTER INSERT ON ${q(items)} DEFERRABLE INITIALLY DEFERRED ` +
              `FOR EACH ROW WHEN (NEW.code = 'die') EXECUTE FUNCTION ${killer}()`,
          ),
        );
      }
    });
    afterAll(async () => {
      for (const t of [items, parents, doctors]) await d.engine.execute(text(`DROP TABLE ${q(t)}`));
      if (pg) await d.engine.execute(text(`DROP FUNCTION ${killer}()`));
    });
    beforeEach(async () => {
      for (const t of [items, parents, doctors]) await d.engine.execute(text(`DELETE FROM ${q(t)}`));
      await d.engine.execute(text(`INSERT INTO ${q(parents)} (id, name) VALUES (1, 'p1'), (2, 'p2')`));
      await d.engine.execute(text(`INSERT INTO ${q(items)} (id, code, ${q('parentId')}) VALUES (1, 'a', 1)`));
    });

    let reader: ReturnType<typeof d.newEngine> | undefined;
    const readBack = async (sql: string): Promise<Record<string, unknown>[]> => {
      // A separate connection (SQLite runs on a file here, so it has one too).
      reader ??= d.newEngine();
      return (await reader.execute(text(sql))).all() as Record<string, unknown>[];
    };
    const state = async (): Promise<unknown> => ({
      parents: (await readBack(`SELECT id, name FROM ${q(parents)} ORDER BY id`)).map((r) => [r.id, r.name]),
      items: (
        await readBack(`SELECT id, code, ${q('parentId')} AS parent_id FROM ${q(items)} ORDER BY id`)
      ).map((r) => [r.id, r.code, r.parent_id]),
    });
    const unchanged = {
      parents: [
        [1, 'p1'],
        [2, 'p2'],
      ],
      items: [[1, 'a', 1]],
    };

    /**
     * A unit of work with an UPDATE, a DELETE and an INSERT whose new row breaks a deferred
     * constraint; returns the objects.
     */
    const unitOfWork = async (s: Session, broken: Partial<Item>) => {
      const p1 = (await s.get(Parent, 1))!;
      const p2 = (await s.get(Parent, 2))!;
      p1.name = 'p1-renamed';
      s.delete(p2);
      const fresh = Object.assign(new Item(), { id: 10, code: 'new', parentId: 1 }, broken);
      s.add(fresh);
      return { p1, p2, fresh };
    };

    /** After the failure: no false success, objects restored, nothing written; retry writes all. */
    const expectRecovery = async (s: Session, objs: Awaited<ReturnType<typeof unitOfWork>>) => {
      const { p1, p2, fresh } = objs;
      await expect(s.commit()).rejects.toThrow(PendingRollbackError);
      await expect(s.commit()).rejects.toThrow(PendingRollbackError);
      await expect(s.flush()).resolves.toBeUndefined(); // nothing left to flush: the snapshot was restored
      await expect(s.execute(select(Parent))).rejects.toThrow(PendingRollbackError);
      await expect(s.beginNested()).rejects.toThrow(PendingRollbackError);
      expect(instanceState(fresh).status).toBe('transient');
      expect(instanceState(p2).status).toBe('persistent');
      expect(instanceState(p1).isExpired('name')).toBe(true);
      expect(s.new).toEqual([]);
      expect(s.deleted).toEqual([]);
      expect(await state()).toEqual(unchanged);
      await s.rollback();
      // The retry: the same unit of work again, fixed.
      await s.refresh(p1);
      p1.name = 'p1-renamed';
      s.delete(p2);
      fresh.code = 'fixed';
      fresh.parentId = 1;
      s.add(fresh);
      await s.commit();
      expect(await state()).toEqual({
        parents: [[1, 'p1-renamed']],
        items: [
          [1, 'a', 1],
          [10, 'fixed', 1],
        ],
      });
      expect(d.engine.poolStatus.used).toBe(0);
    };

    itWhere(
      deferrable,
      'a deferred foreign key refused at COMMIT: raises until rollback(), nothing written, the retry writes everything',
      async () => {
        const s = new Session(d.engine);
        const objs = await unitOfWork(s, { parentId: 99 });
        await s.flush(); // accepted: the constraint waits for COMMIT
        const commit = s.commit();
        await expect(commit).rejects.toThrow(IntegrityError);
        await expectRecovery(s, objs);
      },
    );

    itWhere(pg, 'a deferred unique constraint refused at COMMIT (PostgreSQL)', async () => {
      const s = new Session(d.engine);
      const objs = await unitOfWork(s, { code: 'a' });
      await expect(s.commit()).rejects.toThrow(IntegrityError);
      await expectRecovery(s, objs);
    });

    itWhere(
      deferrable,
      'the engine stays usable after a refused COMMIT: no transaction is left open on the connection',
      async () => {
        const s = new Session(d.engine);
        s.add(Object.assign(new Item(), { id: 20, code: 'orphan', parentId: 99 }));
        await expect(s.commit()).rejects.toThrow(IntegrityError);
        await s.close();
        const next = new Session(d.engine);
        next.add(Object.assign(new Item(), { id: 21, code: 'ok', parentId: 2 }));
        await next.commit();
        await next.close();
        expect((await state()) as { items: unknown[] }).toEqual({
          ...unchanged,
          items: [
            [1, 'a', 1],
            [21, 'ok', 2],
          ],
        });
      },
    );

    itWhere(pg, 'a serialization failure (40001) at COMMIT under SERIALIZABLE (PostgreSQL)', async () => {
      await d.engine.execute(
        text(`INSERT INTO ${q(doctors)} (id, ${q('onCall')}) VALUES (1, true), (2, true)`),
      );
      const serializable = d.newEngine({ isolationLevel: 'SERIALIZABLE' });
      const s1 = new Session(serializable);
      const s2 = new Session(serializable);
      s1.begin();
      s2.begin();
      const onCall = select(Doctor).where(attrs(Doctor).onCall.eq(true));
      const [a1] = await s1.scalars(onCall);
      const both = await s2.scalars(onCall);
      expect(both).toHaveLength(2);
      a1!.onCall = false; // doctor 1 goes off call: one is left…
      both[1]!.onCall = false; // …and doctor 2 too, in the other transaction (write skew)
      await s1.flush();
      await s2.flush();
      await s1.commit();
      const failed = await s2.commit().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(failed).toBeInstanceOf(OperationalError);
      expect(String((failed as Error).message)).toMatch(/serialize/);
      await expect(s2.commit()).rejects.toThrow(PendingRollbackError);
      await s2.rollback();
      expect(
        (await readBack(`SELECT id, ${q('onCall')} AS on_call FROM ${q(doctors)} ORDER BY id`)).map(
          (r) => r.on_call,
        ),
      ).toEqual([false, true]);
      await s1.close();
      await s2.close();
    });

    itWhere(
      pg,
      'a connection lost while COMMIT is in flight raises CommitOutcomeUnknownError, then PendingRollbackError until rollback() (PostgreSQL)',
      async () => {
        const s = new Session(d.engine);
        const doomed = Object.assign(new Item(), { id: 30, code: 'die', parentId: 1 });
        s.add(doomed);
        await s.flush();
        const failed = await s.commit().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(failed).toBeInstanceOf(CommitOutcomeUnknownError);
        expect((failed as Error).message).toMatch(/may or may not have been committed/);
        expect((failed as Error).cause).toBeInstanceOf(OperationalError);
        await expect(s.commit()).rejects.toThrow(PendingRollbackError);
        expect(instanceState(doomed).status).toBe('transient');
        await s.rollback();
        // The backend died before committing: nothing is there, and the engine goes on.
        expect(await state()).toEqual(unchanged);
        doomed.code = 'lives';
        s.add(doomed);
        await s.commit();
        expect(((await state()) as { items: unknown[] }).items).toEqual([
          [1, 'a', 1],
          [30, 'lives', 1],
        ]);
        expect(d.engine.poolStatus.used).toBe(0);
      },
    );

    itWhere(
      d.target !== 'sqlite',
      'a connection killed before COMMIT: a typed error, then PendingRollbackError until rollback(); nothing written (PostgreSQL, MariaDB)',
      async () => {
        const s = new Session(d.engine);
        const objs = await unitOfWork(s, {});
        await s.flush();
        const conn = await s.connection();
        const other = d.newEngine();
        await other.execute(
          text(
            pg ? `SELECT pg_terminate_backend(${Number(conn.sessionId)})` : `KILL ${Number(conn.sessionId)}`,
          ),
        );
        await new Promise((r) => setTimeout(r, 200));
        const failed = await s.commit().then(
          () => undefined,
          (e: unknown) => e,
        );
        // The client may or may not have noticed the loss before sending COMMIT.
        expect(failed).toBeInstanceOf(AthanorError);
        expect(failed instanceof OperationalError || failed instanceof CommitOutcomeUnknownError).toBe(true);
        await expectRecovery(s, objs);
      },
    );
  },
  { sqliteFile: true },
);
