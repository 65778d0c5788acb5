import { InvalidValueError } from '../../lib/errors';
import { insert, select, table, update } from '../../lib/sql';
import { describeEachDialect } from '../support/dialects';
import { valueColumns } from './value-columns';

/**
 * Values a database would store changed — rounded, coerced, truncated, replaced — are refused with
 * an InvalidValueError naming the column before anything is sent, on every path that binds them
 * (INSERT, UPDATE SET, comparisons, cached statements); values that fit come back exactly.
 */
describeEachDialect(
  'values are stored exactly or refused naming the column',
  (d) => {
    const { t } = d.defineTables((metadata, name) => ({
      t: table(name('rel_values'), valueColumns(40), { metadata }),
    }));
    let nextId = 1;
    const idFor = (): number => nextId++;

    /** Every refused case: the column, the value, and part of the reason. */
    const refused: readonly [keyof typeof t.c, unknown, RegExp][] = [
      ['label', { a: 1 }, /not a string/],
      ['label', ['a', 'b'], /not a string/],
      ['label', 'a\uD800b', /lone UTF-16 surrogate/],
      ['label', 'x\uDC00', /lone UTF-16 surrogate/],
      ['count', 42.7, /not an integer/],
      ['count', 'abc', /not an integer/],
      ['count', '1 OR 1=1', /not an integer/],
      ['count', NaN, /not an integer/],
      ['count', true, /not an integer/],
      ['big', 2 ** 53 + 2, /beyond 2\^53/],
      ['big', 2n ** 64n, /64-bit integer range/],
      ['ratio', NaN, /not a finite number/],
      ['ratio', -Infinity, /not a finite number/],
      ['ratio', '1e400', /not a finite number/],
      ['ratio', 'abc', /not a number/],
      ['price', '123.456', /decimal places/],
      ['price', 0.1 + 0.2, /decimal places/],
      ['price', '123456789.5', /integer digits/],
      ['price', 5e-324, /decimal places/],
      ['price', '5e-3', /decimal places/],
      ['price', Infinity, /not a finite number/],
      ['flag', 'false', /not a boolean/],
      ['flag', 2, /not a boolean/],
      ['day', new Date('nope'), /not a valid date/],
      ['day', '2023-02-30', /not a valid ISO-8601 date/],
      ['at', new Date(NaN), /not a valid date/],
      ['at', '2023-13-01 00:00:00', /not a valid ISO-8601 date/],
      ['doc', { x: NaN }, /cannot be stored in JSON/],
      ['doc', { x: 1n }, /cannot be stored in JSON/],
    ];
    // PostgreSQL keeps NaN and ±Infinity in DOUBLE PRECISION: they round-trip there instead.
    const refusedHere = (): typeof refused =>
      refused.filter(([col, v]) => !(d.dialect === 'postgresql' && col === 'ratio' && typeof v === 'number'));

    it('INSERT refuses each value naming table.column, and writes nothing', async () => {
      for (const [col, value, reason] of refusedHere()) {
        const id = idFor();
        const attempt = d.engine.execute(insert(t).values({ id, [col]: value } as never));
        const err = await attempt.then(
          () => undefined,
          (e: unknown) => e,
        );
        expect({ col, value, err }).toEqual({ col, value, err: expect.any(InvalidValueError) });
        expect((err as InvalidValueError).column).toBe(`${t.name}.${col}`);
        expect((err as Error).message).toMatch(reason);
        expect((err as Error).message).toContain(`${t.name}.${col}`);
        const rows = (await d.engine.execute(select(t.c.id).where(t.c.id.eq(id)))).all();
        expect(rows).toEqual([]);
      }
    });

    it('UPDATE … SET and WHERE comparisons refuse them too (also from the statement cache)', async () => {
      const id = idFor();
      await d.engine.execute(insert(t).values({ id, label: 'kept', count: 1 }));
      for (let round = 0; round < 2; round++) {
        await expect(d.engine.execute(update(t).set({ count: 42.7 }).where(t.c.id.eq(id)))).rejects.toThrow(
          new RegExp(`column ${t.name}\\.count \\(integer\\): 42\\.7 is not an integer`),
        );
        // MariaDB would compare '1 OR 1=1' as the number 1 and return that row.
        await expect(
          d.engine.execute(select(t.c.label).where(t.c.id.eq('1 OR 1=1' as never))),
        ).rejects.toThrow(InvalidValueError);
        await expect(d.engine.execute(select(t.c.label).where(t.c.id.in([1, 'x' as never])))).rejects.toThrow(
          new RegExp(`${t.name}\\.id`),
        );
      }
      const row = (await d.engine.execute(select(t.c.label, t.c.count).where(t.c.id.eq(id)))).one();
      expect(row).toEqual({ label: 'kept', count: 1 });
    });

    it('values that fit come back exactly', async () => {
      const id = idFor();
      const values = {
        id,
        label: 'emoji 😀 and U+FFFF \uFFFF',
        count: '12',
        big: 2 ** 53 - 1,
        ratio: 0.1 + 0.2,
        price: '-12345678.90',
        flag: false,
        day: '2024-02-29',
        at: new Date('2024-02-29T23:59:58.123Z'),
        doc: { nested: [1, 'two', null, { deep: true }] },
      };
      await d.engine.execute(insert(t).values(values as never));
      const back = (await d.newEngine().execute(select(t).where(t.c.id.eq(id)))).one();
      expect(back).toEqual({ ...values, count: 12, price: '-12345678.90' });
    });

    if (d.target === 'postgresql') {
      it('PostgreSQL: NaN and ±Infinity round-trip in DOUBLE PRECISION; U+0000 in text is refused', async () => {
        for (const ratio of [NaN, Infinity, -Infinity]) {
          const id = idFor();
          await d.engine.execute(insert(t).values({ id, ratio }));
          expect((await d.engine.execute(select(t.c.ratio).where(t.c.id.eq(id)))).scalar()).toBe(ratio);
        }
        await expect(d.engine.execute(insert(t).values({ id: idFor(), label: 'a\u0000b' }))).rejects.toThrow(
          /NUL character/,
        );
      });
    }
  },
  { sqliteFile: true },
);
