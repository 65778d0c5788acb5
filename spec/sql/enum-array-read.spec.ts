/**
 * Arrays of a named enum (PostgreSQL's `mood[]`): `pg` parses the arrays of the types it knows by
 * OID, and an enum's array type has an OID of that database alone, so its values arrive as the
 * array's text. A typed read (a column of `types.array(types.enum(…))`) reads that text into an
 * array; a raw `text()` read, which has no column type, keeps the text.
 */
import { getDialect, resultProcessorOf, types, column, insert, select, table, text } from '../../lib/sql';
import { parseArrayLiteral } from '../../lib/dialects/postgresql/array-literal';
import { describeEachDialect } from '../support/dialects';

describe("PostgreSQL's array text", () => {
  it.each([
    ['{}', []],
    ['{a,b}', ['a', 'b']],
    ['{"b c","x,y","q\\"uote","back\\\\slash"}', ['b c', 'x,y', 'q"uote', 'back\\slash']],
    ['{NULL,"NULL",null}', [null, 'NULL', null]],
    [
      '{{a,b},{c,NULL}}',
      [
        ['a', 'b'],
        ['c', null],
      ],
    ],
    ['[0:1]={a,b}', ['a', 'b']],
  ])('%s reads as %j', (literal, want) => {
    expect(parseArrayLiteral(literal)).toEqual(want);
  });

  it('a typed enum[] read goes through the array text; arrays pg parsed pass as they are', () => {
    const read = resultProcessorOf(
      getDialect('postgresql').types,
      types.array(types.enum(['sad', 'happy'], { name: 'mood' })),
    )!;
    expect(read('{sad,happy}')).toEqual(['sad', 'happy']);
    expect(read(['happy'])).toEqual(['happy']);
    expect(read(null)).toBeNull();
  });
});

describeEachDialect(
  'enum[] columns read as arrays',
  (d) => {
    const { tags } = d.defineTables((metadata, name) => ({
      tags: table(
        name('enum_tags'),
        {
          id: column(types.integer(), { primaryKey: true, autoincrement: false }),
          moods: column(types.array(types.enum(['sad', 'so so', 'happy'], { name: name('mood') }))),
        },
        { metadata },
      ),
    }));

    it('a typed read gives arrays (quoted items, NULL items, empty arrays); a text() read gives the text', async () => {
      await d.engine.execute(
        insert(tags).values([
          { id: 1, moods: ['sad', 'so so'] },
          { id: 2, moods: [] },
          { id: 3, moods: null },
        ]),
      );
      await d.engine.execute(text(`INSERT INTO ${tags.name} (id, moods) VALUES (4, '{happy,NULL}')`));
      const rows = (await d.engine.execute(select(tags.c.id, tags.c.moods).orderBy(tags.c.id))).all();
      expect(rows).toEqual([
        { id: 1, moods: ['sad', 'so so'] },
        { id: 2, moods: [] },
        { id: 3, moods: null },
        { id: 4, moods: ['happy', null] },
      ]);
      const raw = (await d.engine.execute(text(`SELECT moods FROM ${tags.name} WHERE id = 1`))).all();
      expect(raw).toEqual([{ moods: '{sad,"so so"}' }]);
    });
  },
  { only: ['postgresql'] },
);
