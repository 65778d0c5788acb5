/**
 * A sharded session over two databases (two SQLite files; two PostgreSQL databases created for
 * the suite), ported from the scenarios of SQLAlchemy's test/ext/test_horizontal_shard.py
 * (weather locations placed by continent, reports following their location), plus what Athanor
 * adds: queries name their shard(s), cascades cannot split a row from what it references, and a
 * failed flush on one shard leaves nothing on the other.
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Column, Relationship, Table } from '../../lib/decorators';
import { Registry } from '../../lib/mapper';
import { ShardedSession, type ShardedSessionOptions } from '../../lib/session';
import { createEngine, type Engine } from '../../lib/drivers';
import { select, text, types } from '../../lib/sql';
import { attrs } from '../../lib';
import { IntegrityError, NoResultError, ShardSelectionError } from '../../lib/errors';
import { describeEachDialect, uniqueName } from '../support/dialects';

const SHARD_OF_CONTINENT: Record<string, 'east' | 'west'> = {
  Asia: 'east',
  Europe: 'east',
  'North America': 'west',
  'South America': 'west',
};

describeEachDialect(
  'ShardedSession',
  (d) => {
    const registry = new Registry();

    @Table(uniqueName('sh_locations'), { registry })
    class WeatherLocation {
      @Column({ primaryKey: true, autoincrement: false }) id!: number;
      @Column({ type: types.string(30) }) continent!: string;
      @Column({ type: types.string(50) }) city!: string;
      @Relationship(() => Report, { backPopulates: 'location' }) reports!: Report[];
    }

    @Table(uniqueName('sh_reports'), { registry })
    class Report {
      @Column({ primaryKey: true }) id!: number;
      @Column({ foreignKey: () => WeatherLocation }) locationId!: number;
      @Column({ type: types.integer() }) temperature!: number;
      @Relationship(() => WeatherLocation, { backPopulates: 'reports' }) location!: WeatherLocation | null;
    }

    const location = (id: number, continent: string, city: string): WeatherLocation =>
      Object.assign(new WeatherLocation(), { id, continent, city });
    const report = (temperature: number, id?: number): Report =>
      Object.assign(new Report(), { temperature, ...(id === undefined ? {} : { id }) });

    const chooser = (obj: object): string | undefined => {
      if (obj instanceof WeatherLocation) return SHARD_OF_CONTINENT[obj.continent];
      if (obj instanceof Report) return obj.location ? chooser(obj.location) : undefined;
      return undefined;
    };

    // ---- two databases ----
    const pg = d.target === 'postgresql';
    const shardUrls: Record<'east' | 'west', string> = { east: '', west: '' };
    const files: string[] = [];
    let admin: Engine | undefined;
    const engines: Partial<Record<'east' | 'west', Engine>> = {};
    const readers: Partial<Record<'east' | 'west', Engine>> = {};
    const statements: Record<'east' | 'west', string[]> = { east: [], west: [] };

    beforeAll(async () => {
      registry.configure();
      if (pg) {
        const url = new URL(d.url);
        const base = url.pathname.slice(1);
        admin = d.newEngine({ pool: { max: 1 } });
        for (const [shard, n] of [
          ['east', 1],
          ['west', 2],
        ] as const) {
          const db = `${base}_shard${n}`;
          await admin.execute(text(`DROP DATABASE IF EXISTS "${db}"`));
          await admin.execute(text(`CREATE DATABASE "${db}"`));
          url.pathname = `/${db}`;
          shardUrls[shard] = url.toString();
        }
      } else {
        for (const shard of ['east', 'west'] as const) {
          const file = join(tmpdir(), `${uniqueName(`athanor_${shard}`)}.db`);
          files.push(file);
          shardUrls[shard] = `sqlite:///${file}`;
        }
      }
      for (const shard of ['east', 'west'] as const) {
        const engine = createEngine(shardUrls[shard]);
        engine.on('beforeExecute', (e) => void statements[shard].push(e.sql));
        engines[shard] = engine;
        readers[shard] = createEngine(shardUrls[shard], { pool: { max: 1 } });
        await registry.metadata.createAll(engine);
      }
    });

    afterAll(async () => {
      for (const shard of ['east', 'west'] as const) {
        await engines[shard]?.dispose();
        await readers[shard]?.dispose();
      }
      if (admin !== undefined) {
        for (const url of Object.values(shardUrls)) {
          await admin.execute(text(`DROP DATABASE IF EXISTS "${new URL(url).pathname.slice(1)}"`));
        }
      }
      for (const file of files) {
        for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true });
      }
    });

    beforeEach(async () => {
      for (const shard of ['east', 'west'] as const) {
        await engines[shard]!.execute(text(`DELETE FROM ${registry.mapperFor(Report).table.name}`));
        await engines[shard]!.execute(text(`DELETE FROM ${registry.mapperFor(WeatherLocation).table.name}`));
        statements[shard].length = 0;
      }
    });

    const open = (extra: Partial<ShardedSessionOptions> = {}): ShardedSession =>
      new ShardedSession({
        shards: { east: engines.east!, west: engines.west! },
        shardChooser: chooser,
        ...extra,
      });

    /** What one shard's database holds, read on a connection of its own. */
    async function rowsOn(shard: 'east' | 'west'): Promise<{ locations: unknown[][]; reports: unknown[][] }> {
      const l = registry.mapperFor(WeatherLocation).table.name;
      const r = registry.mapperFor(Report).table.name;
      const locations = (
        await readers[shard]!.execute(text(`SELECT id, continent, city FROM ${l} ORDER BY id`))
      )
        .all()
        .map((row) => {
          const x = row as { id: unknown; continent: string; city: string };
          return [Number(x.id), x.continent, x.city];
        });
      const reports = (
        await readers[shard]!.execute(
          text(`SELECT id, ${q('locationId')} AS loc, temperature FROM ${r} ORDER BY id`),
        )
      )
        .all()
        .map((row) => {
          const x = row as { id: unknown; loc: unknown; temperature: unknown };
          return [Number(x.id), Number(x.loc), Number(x.temperature)];
        });
      return { locations, reports };
    }

    function q(name: string): string {
      return `"${name}"`;
    }

    /** SQLAlchemy's _fixture_data: seven cities; Tokyo and New York each get report 1. */
    async function fixtureData(): Promise<Record<string, WeatherLocation>> {
      const tokyo = location(1, 'Asia', 'Tokyo');
      const newyork = location(2, 'North America', 'New York');
      const toronto = location(3, 'North America', 'Toronto');
      const london = location(4, 'Europe', 'London');
      const dublin = location(5, 'Europe', 'Dublin');
      const brasilia = location(6, 'South America', 'Brasilia');
      const quito = location(7, 'South America', 'Quito');
      tokyo.reports = [report(80, 1)];
      newyork.reports = [report(75, 1)];
      quito.reports = [report(85, 2)];
      const sess = open();
      for (const c of [tokyo, newyork, toronto, london, dublin, brasilia, quito]) sess.add(c);
      await sess.flush();
      expect(sess.identityOf(newyork)).toEqual({ shard: 'west', key: expect.stringMatching(/\|2$/) });
      expect(sess.shardOf(newyork)).toBe('west');
      expect(sess.shardOf(dublin)).toBe('east');
      expect(sess.shardOf(newyork.reports[0]!)).toBe('west');
      await sess.commit();
      await sess.close();
      for (const shard of ['east', 'west'] as const) statements[shard].length = 0;
      return { tokyo, newyork, toronto, london, dublin, brasilia, quito };
    }

    it('each object is written to its shard; the cascade takes reports along (test_plain_db_lookup)', async () => {
      await fixtureData();
      expect(await rowsOn('east')).toEqual({
        locations: [
          [1, 'Asia', 'Tokyo'],
          [4, 'Europe', 'London'],
          [5, 'Europe', 'Dublin'],
        ],
        reports: [[1, 1, 80]],
      });
      expect(await rowsOn('west')).toEqual({
        locations: [
          [2, 'North America', 'New York'],
          [3, 'North America', 'Toronto'],
          [6, 'South America', 'Brasilia'],
          [7, 'South America', 'Quito'],
        ],
        reports: [
          [1, 2, 75],
          [2, 7, 85],
        ],
      });
    });

    it('get() by key tries the shards and keeps one object per identity (test_get)', async () => {
      await fixtureData();
      const sess = open();
      const tokyo = await sess.get(WeatherLocation, 1);
      expect(tokyo?.city).toBe('Tokyo');
      expect(sess.shardOf(tokyo!)).toBe('east');
      const newyork = await sess.get(WeatherLocation, 2);
      expect(newyork?.city).toBe('New York');
      expect(sess.shardOf(newyork!)).toBe('west');
      const before = statements.east.length + statements.west.length;
      expect(await sess.get(WeatherLocation, 1)).toBe(tokyo);
      expect(statements.east.length + statements.west.length).toBe(before); // from the identity map
      await sess.close();
    });

    it('getOrThrow() finds rows on either shard and raises NoResultError for none (test_get_one)', async () => {
      await fixtureData();
      const sess = open();
      expect((await sess.getOrThrow(WeatherLocation, 6)).city).toBe('Brasilia');
      expect((await sess.getOrThrow(WeatherLocation, 3)).city).toBe('Toronto');
      await expect(sess.getOrThrow(WeatherLocation, 25)).rejects.toThrow(NoResultError);
      await sess.close();
    });

    it('get() with a shard hint and identityChooser query only the shards named', async () => {
      await fixtureData();
      const sess = open({ identityChooser: () => ['west'] });
      expect(await sess.get(WeatherLocation, 1)).toBeNull(); // Tokyo lives on east
      expect(statements.east).toEqual([]);
      expect((await sess.get(WeatherLocation, 1, { shard: 'east' }))?.city).toBe('Tokyo');
      await sess.close();
    });

    it('a query on an explicit shard sees only that shard (test_get_explicit_shard, test_query_explicit_shard_via_bind_opts)', async () => {
      await fixtureData();
      const sess = open();
      const byId = (id: number) => select(WeatherLocation).where(attrs(WeatherLocation).id.eq(id));
      expect(await sess.scalars(byId(1), { shard: 'west' })).toEqual([]);
      const [newyork] = await sess.scalars(byId(2), { shard: 'west' });
      expect(newyork?.city).toBe('New York');
      const tokyo = (await sess.execute(byId(1), { shard: 'east' })).scalars()[0]!;
      expect(tokyo.city).toBe('Tokyo');
      expect(await sess.get(WeatherLocation, 1)).toBe(tokyo);
      await sess.close();
    });

    it('Core statements run on the shard named (test_plain_core_lookup_w_shard)', async () => {
      await fixtureData();
      const sess = open();
      const table = registry.mapperFor(WeatherLocation).table;
      const rows = (
        await sess.execute(select(table.c.id, table.c.city).orderBy(table.c.id), { shard: 'east' })
      ).all();
      expect(rows.map((r) => [Number(r[0]), r[1]])).toEqual([
        [1, 'Tokyo'],
        [4, 'London'],
        [5, 'Dublin'],
      ]);
      await sess.close();
    });

    it('cross-shard queries only on opt-in, results merged (test_roundtrip_future, test_roundtrip)', async () => {
      await fixtureData();
      const sess = open();
      const cities = select(WeatherLocation).where(attrs(WeatherLocation).continent.in(['Europe', 'Asia']));
      await expect(sess.scalars(cities)).rejects.toThrow(ShardSelectionError);
      const all = await sess.scalars(select(WeatherLocation), { shards: 'all' });
      expect(all.map((c) => c.city).sort()).toEqual(
        ['Brasilia', 'Dublin', 'London', 'New York', 'Quito', 'Tokyo', 'Toronto'].sort(),
      );
      const asiaEurope = await sess.scalars(cities, { shards: ['east', 'west'] });
      expect(new Set(asiaEurope.map((c) => c.city))).toEqual(new Set(['Tokyo', 'London', 'Dublin']));
      expect(new Set(asiaEurope.map((c) => sess.shardOf(c)))).toEqual(new Set(['east']));
      const [tokyo] = await sess.scalars(
        select(WeatherLocation).where(attrs(WeatherLocation).city.eq('Tokyo')),
        { shards: 'all' },
      );
      expect(all).toContain(tokyo); // one object per identity across queries
      const [newyork] = await sess.scalars(
        select(WeatherLocation).where(attrs(WeatherLocation).city.eq('New York')),
        { shards: 'all' },
      );
      // Relationship loads run on the object's shard.
      const [newyorkReport] = await sess.load(newyork!, 'reports');
      const [tokyoReport] = await sess.load(tokyo!, 'reports');
      expect(newyorkReport!.temperature).toBe(75);
      expect(tokyoReport!.temperature).toBe(80);
      // Same primary key, two identities.
      expect(newyorkReport).not.toBe(tokyoReport);
      expect(sess.identityOf(newyorkReport!)).toEqual({ shard: 'west', key: expect.stringMatching(/\|1$/) });
      expect(sess.identityOf(tokyoReport!)).toEqual({ shard: 'east', key: expect.stringMatching(/\|1$/) });
      expect(sess.identityOf(newyorkReport!)!.key).toBe(sess.identityOf(tokyoReport!)!.key);
      await sess.close();
    });

    it('the same primary key on two shards: get() without a hint returns the first shard that has it, with one the other', async () => {
      await fixtureData();
      const sess = open();
      const first = await sess.get(Report, 1);
      const west = await sess.get(Report, 1, { shard: 'west' });
      expect(first?.temperature).toBe(80); // east comes first in shardIds
      expect(west?.temperature).toBe(75);
      expect(first).not.toBe(west);
      await sess.close();
    });

    it('changes and deletes go to the shard of each object', async () => {
      await fixtureData();
      const sess = open();
      const [london, toronto] = [await sess.get(WeatherLocation, 4), await sess.get(WeatherLocation, 3)];
      london!.city = 'Londinium';
      sess.delete(toronto!);
      await sess.commit();
      await sess.close();
      expect((await rowsOn('east')).locations).toContainEqual([4, 'Europe', 'Londinium']);
      expect((await rowsOn('west')).locations.map((l) => l[0])).toEqual([2, 6, 7]);
    });

    it('a failed flush on one shard rolls back the other: nothing is written anywhere', async () => {
      await fixtureData();
      const sess = open();
      const seoul = location(8, 'Asia', 'Seoul');
      sess.add(seoul); // east, flushed first
      sess.add(location(2, 'North America', 'Duplicate')); // west: id 2 exists there
      await expect(sess.flush()).rejects.toThrow(IntegrityError);
      // East's flushed INSERT was rolled back with west's failure: Seoul is transient again.
      expect(sess.shard('east').inTransaction()).toBe(false);
      expect(sess.shardOf(seoul)).toBeUndefined();
      await sess.shard('east').commit();
      await expect(sess.commit()).resolves.toBeUndefined();
      await sess.close();
      expect((await rowsOn('east')).locations.map((l) => l[0])).toEqual([1, 4, 5]);
      expect((await rowsOn('west')).locations.map((l) => l[2])).not.toContain('Duplicate');
    });

    it('ShardSelectionError: unknown shard, no shard for an object, a cascade across shards', async () => {
      const sess = open();
      expect(() => sess.add(location(9, 'Atlantis', 'Poseidonia'))).toThrow(
        /the shard chooser names no shard for this WeatherLocation/,
      );
      expect(() => sess.add(location(9, 'Asia', 'Hanoi'), { shard: 'north' })).toThrow(
        /names shard "north", which is not one of 'east', 'west'/,
      );
      await expect(sess.scalars(select(WeatherLocation), { shard: 'north' })).rejects.toThrow(
        ShardSelectionError,
      );
      await sess.close();

      // A chooser that puts every report on west, while its location goes east.
      const split = open({
        shardChooser: (obj) => (obj instanceof Report ? 'west' : chooser(obj)),
      });
      const hanoi = location(9, 'Asia', 'Hanoi');
      hanoi.reports = [report(30, 5)];
      split.add(hanoi);
      await expect(split.commit()).rejects.toThrow(
        /reached by a cascade from shard 'east' is placed on shard 'west'/,
      );
      await split.close();
      expect((await rowsOn('east')).locations).toEqual([]);
      expect((await rowsOn('west')).reports).toEqual([]);
    });

    it('a query may default to one shard (defaultShard); objects found keep their shard', async () => {
      await fixtureData();
      const sess = open({ defaultShard: 'west' });
      const found = await sess.scalars(select(WeatherLocation));
      expect(found.map((c) => c.id).sort()).toEqual([2, 3, 6, 7]);
      found[0]!.city = 'Changed';
      await sess.commit();
      await sess.close();
      expect((await rowsOn('west')).locations.map((l) => l[2])).toContain('Changed');
    });
  },
  { only: ['sqlite', 'postgresql'] },
);
