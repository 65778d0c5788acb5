import { Column, Table } from '../../lib/decorators';
import { PacketTooLargeError, PendingRollbackError } from '../../lib/errors';
import { Registry } from '../../lib/mapper';
import { Session } from '../../lib/session';
import { insert, text, types } from '../../lib/sql';
import { describeEachDialect } from '../support/dialects';

/**
 * A value larger than MariaDB's max_allowed_packet: the server would close the connection on the
 * packet (mysql2 then reports a bare ECONNRESET). It is refused before sending, naming the
 * variable and its value; nothing of the unit of work is written and the connection stays usable.
 */
describeEachDialect(
  'a value beyond max_allowed_packet',
  (d) => {
    const registry = new Registry();
    @Table(d.uniqueName('rel_packet_docs'), { registry })
    class Doc {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.text() }) body!: string;
    }
    const tbl = () => registry.metadata.tables.values().next().value!;
    let limit = 0;
    beforeAll(async () => {
      registry.configure();
      await registry.metadata.createAll(d.engine);
      limit = Number((await d.engine.execute(text('SELECT @@max_allowed_packet'))).scalar());
    });
    afterAll(() => registry.metadata.dropAll(d.engine));

    const big = (): string => 'x'.repeat(20 * 1024 * 1024);
    const count = async (): Promise<number> => {
      const other = d.newEngine({ pool: { max: 1 } });
      return Number((await other.execute(text(`SELECT count(*) FROM ${tbl().name}`))).scalar());
    };

    it('refuses a 20 MB value before sending it, naming max_allowed_packet and its value', async () => {
      expect(limit).toBeLessThan(20 * 1024 * 1024);
      const conn = await d.engine.connect();
      const sessionId = conn.sessionId;
      try {
        const error = await conn
          .execute(insert(tbl()).values({ id: 1, body: big() }))
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(PacketTooLargeError);
        expect(error).toMatchObject({ maxAllowedPacket: limit });
        expect((error as PacketTooLargeError).packetBytes).toBeGreaterThan(limit);
        expect((error as Error).message).toContain(`max_allowed_packet (${limit} bytes)`);
        expect((error as PacketTooLargeError).sql).toMatch(/^INSERT/);
        // The same server session answers: the connection was not dropped.
        expect(Number((await conn.execute(text('SELECT 1'))).scalar())).toBe(1);
        expect(conn.sessionId).toBe(sessionId);
      } finally {
        await conn.close();
      }
      expect(await count()).toBe(0);
    });

    it('sends a value whose length times 3 exceeds max_allowed_packet but whose UTF-8 bytes do not', async () => {
      // Refusal is settled from string lengths first; a bound past the limit is checked exactly.
      const body = 'z'.repeat(Math.floor(limit / 2));
      await d.engine.execute(insert(tbl()).values({ id: 2, body }));
      const back = await d.engine.execute(text(`SELECT length(body) FROM ${tbl().name} WHERE id = 2`));
      expect(Number(back.scalar())).toBe(body.length);
      await d.engine.execute(text(`DELETE FROM ${tbl().name} WHERE id = 2`));
    });

    it('a unit of work with one oversized value writes nothing; after rollback the rest commits', async () => {
      const s = new Session(d.engine);
      s.add(Object.assign(new Doc(), { id: 10, body: 'small' }));
      await s.flush(); // an earlier page of the same transaction
      s.add(Object.assign(new Doc(), { id: 11, body: big() }));
      await expect(s.commit()).rejects.toBeInstanceOf(PacketTooLargeError);
      await expect(s.commit()).rejects.toBeInstanceOf(PendingRollbackError);
      expect(await count()).toBe(0);
      await s.rollback();
      s.add(Object.assign(new Doc(), { id: 12, body: 'y'.repeat(1024 * 1024) }));
      await s.commit();
      await s.close();
      expect(await count()).toBe(1);
      const back = await d.engine.execute(text(`SELECT body FROM ${tbl().name} WHERE id = 12`));
      expect(String(back.scalar())).toHaveLength(1024 * 1024);
      expect(d.engine.poolStatus.used).toBe(0);
    });
  },
  { only: ['mysql'] },
);
