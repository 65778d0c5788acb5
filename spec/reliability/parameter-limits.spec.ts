import { Column, Table } from '../../lib/decorators';
import { TooManyParametersError } from '../../lib/errors';
import { Registry } from '../../lib/mapper';
import { Session } from '../../lib/session';
import {
  column,
  compile,
  getDialect,
  insert,
  select,
  table,
  text,
  types,
  type DialectName,
} from '../../lib/sql';
import { describeEachDialect } from '../support/dialects';

const numbers = (n: number, from = 0): number[] => Array.from({ length: n }, (_, i) => from + i);

const items = table('items', {
  id: column(types.integer(), { primaryKey: true }),
  name: column(types.string(20)),
});

/** Each database's limit on parameters in one statement, as the compiler enforces it. */
const LIMITS: [DialectName, number][] = [
  ['postgresql', 65535],
  ['mysql', 65535],
  ['mariadb', 65535],
  ['sqlite', 32766],
  ['mssql', 2098],
  ['oracle', 65535],
];

describe('parameter limits, compiled', () => {
  it.each(LIMITS)(
    '%s: an IN list at the limit compiles, one more is a TooManyParametersError',
    (name, limit) => {
      expect(getDialect(name).capabilities.maxParams).toBe(limit);
      expect(compile(select(items.c.id).where(items.c.id.in(numbers(limit))), name).params).toHaveLength(
        limit,
      );
      const error = (() => {
        try {
          compile(select(items.c.id).where(items.c.id.in(numbers(limit + 1))), name);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(TooManyParametersError);
      expect(error).toMatchObject({ count: limit + 1, limit, dialect: name });
      expect((error as Error).message).toContain(`at most ${limit}`);
    },
  );

  it.each(LIMITS)('%s: a multi-row INSERT past the limit is refused the same way', (name, limit) => {
    const rows = numbers(Math.floor(limit / 2) + 1).map((id) => ({ id, name: 'x' }));
    expect(() => compile(insert(items).values(rows), name)).toThrow(TooManyParametersError);
  });
});

describeEachDialect(
  'parameter limits on the live database',
  (d) => {
    const registry = new Registry();
    @Table(d.uniqueName('rel_many_params'), { registry })
    class Item {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(20) }) name!: string;
    }
    beforeAll(async () => {
      registry.configure();
      await registry.metadata.createAll(d.engine);
    });
    afterAll(() => registry.metadata.dropAll(d.engine));
    const limit = (): number => d.engine.dialect.capabilities.maxParams;
    const tbl = () => registry.metadata.tables.values().next().value!;

    it('refuses an IN list past the limit before sending it; the connection stays usable', async () => {
      const conn = await d.engine.connect();
      try {
        const ids = numbers(limit() + 1);
        const sent: string[] = [];
        const off = d.engine.on('beforeExecute', ({ sql }) => sent.push(sql));
        await expect(
          conn.execute(select(tbl().c['id']!).where(tbl().c['id']!.in(ids))),
        ).rejects.toBeInstanceOf(TooManyParametersError);
        off();
        expect(sent).toEqual([]);
        // At the limit the statement runs (PostgreSQL used to drop the connection past it).
        const atLimit = await conn.execute(select(tbl().c['id']!).where(tbl().c['id']!.in(ids.slice(1))));
        expect(atLimit.all()).toEqual([]);
        expect(Number((await conn.execute(text('SELECT 1'))).scalar())).toBe(1);
      } finally {
        await conn.close();
      }
    });

    it('a flush of more rows than one statement can bind is split into pages, all written', async () => {
      const count = Math.ceil(limit() / 2) + 500; // two parameters a row: past the limit in one statement
      const s = new Session(d.engine);
      s.addAll(numbers(count, 1).map((id) => Object.assign(new Item(), { id, name: `n${id % 97}` })));
      await s.commit();
      await s.close();
      const other = d.newEngine();
      const n = Number((await other.execute(text(`SELECT count(*) FROM ${tbl().name}`))).scalar());
      expect(n).toBe(count);
    }, 120_000);
  },
  { sqliteFile: true },
);
