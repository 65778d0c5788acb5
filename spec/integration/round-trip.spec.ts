import { column, insert, select, table, types } from '../../lib/sql';
import { describeEachDialect } from '../support/dialects';

const MAX_BIGINT = 9223372036854775807n;

describeEachDialect('round trip of every type', (d) => {
  const { all } = d.defineTables((metadata, name) => ({
    all: table(
      name('types'),
      {
        id: column(types.integer(), { primaryKey: true, autoincrement: false }),
        int: column(types.integer()),
        small: column(types.smallInteger()),
        big: column(types.bigInteger()),
        bigStr: column(types.bigInteger({ mode: 'string' }), { name: 'big_str' }),
        float: column(types.float()),
        num: column(types.numeric(20, 6)),
        str: column(types.string(100)),
        txt: column(types.text()),
        flag: column(types.boolean()),
        day: column(types.date()),
        at: column(types.dateTime()),
        atTz: column(types.dateTime({ timezone: true }), { name: 'at_tz' }),
        clock: column(types.time()),
        doc: column(types.json<{ list: unknown[]; u: string }>()),
        uid: column(types.uuid()),
        choice: column(types.enum(['a', 'b', 'c'] as const)),
        bin: column(types.binary()),
      },
      { metadata },
    ),
  }));

  // Run in a zone with a non-hour offset: nothing may shift by the client's local time.
  const savedTz = process.env['TZ'];
  beforeAll(() => {
    process.env['TZ'] = 'Asia/Kathmandu';
  });
  afterAll(() => {
    process.env['TZ'] = savedTz;
  });

  const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  const unicode = 'héllo wörld — 日本語 🎉 \'quote" \\back\\ ; -- not a comment';
  const large = `${'ñ'.repeat(50_000)}${'x'.repeat(150_000)}🎉`;
  // sqlite3 returns 64-bit integers as JavaScript numbers: exact only up to 2^53 (see README).
  const big = (): bigint => (d.dialect === 'sqlite' ? BigInt(Number.MAX_SAFE_INTEGER) : MAX_BIGINT);

  const row = () => ({
    id: 1,
    int: 2147483647,
    small: -32768,
    big: big(),
    bigStr: d.dialect === 'sqlite' ? '-9007199254740991' : '-9223372036854775808',
    float: 1.7976931348623157e308,
    // SQLite keeps NUMERIC in a double when it fits one: 15 significant digits are exact.
    num: d.dialect === 'sqlite' ? '1234567.123456' : '12345678901234.123456',
    str: unicode,
    txt: large,
    flag: true,
    day: '2024-02-29',
    at: new Date('2024-03-10T02:30:00.123Z'),
    atTz: new Date('1999-12-31T23:59:59.999Z'),
    clock: '23:59:59.123',
    doc: { list: [1, 'two', null, { ok: true }, 1.5], u: '日本' },
    uid: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
    choice: 'b' as const,
    bin: bytes,
  });

  it('returns every value as it went in', async () => {
    await d.engine.execute(insert(all).values(row()));
    const got = (await d.engine.execute(select(all).where(all.c.id.eq(1)))).one();
    const { txt, ...rest } = got;
    const { txt: expectedTxt, ...expected } = row();
    expect(rest).toEqual(expected);
    // Compared apart: a failing diff of 200k characters helps nobody.
    expect(txt?.length).toBe(expectedTxt.length);
    expect(txt === expectedTxt).toBe(true);
    expect(typeof got.big).toBe('bigint');
    expect(got.at).toBeInstanceOf(Date);
    expect(Buffer.isBuffer(got.bin)).toBe(true);
  });

  it('returns NULL as null for every column', async () => {
    await d.engine.execute(insert(all).values({ id: 2 }));
    const got = (await d.engine.execute(select(all).where(all.c.id.eq(2)))).one();
    const { id, ...rest } = got;
    expect(id).toBe(2);
    for (const [key, value] of Object.entries(rest)) expect([key, value]).toEqual([key, null]);
  });

  it('keeps false, zero, negative and fractional values', async () => {
    await d.engine.execute(
      insert(all).values({
        id: 3,
        int: -2147483648,
        big: -1n,
        float: -0.1,
        num: '-0.000001',
        flag: false,
        at: new Date('1970-01-01T00:00:00.000Z'),
      }),
    );
    const got = (
      await d.engine.execute(
        select(all.c.int, all.c.big, all.c.float, all.c.num, all.c.flag, all.c.at).where(all.c.id.eq(3)),
      )
    ).one();
    expect(got).toEqual({
      int: -2147483648,
      big: -1n,
      float: -0.1,
      num: '-0.000001',
      flag: false,
      at: new Date(0),
    });
  });

  it('compares dates in WHERE with the same conversion', async () => {
    const n = await d.engine.execute(
      select(all.c.id).where(all.c.at.eq(new Date('2024-03-10T02:30:00.123Z'))),
    );
    expect(n.scalars()).toEqual([1]);
  });
});
