/**
 * `types.json({ nullAsJson: true })`: `null` is bound as the JSON document 'null' in INSERT, UPDATE
 * and comparisons, on every dialect; `nullValue()` and a plain JSON column write the NULL keyword.
 */
import { DIALECT_NAMES } from '../../lib/dialects';
import { column, compile, insert, nullValue, table, types, update } from '../../lib/sql';

const docs = table('docs', {
  id: column(types.integer(), { primaryKey: true }),
  data: column(types.json({ nullAsJson: true }), { nullable: true }),
  plain: column(types.json(), { nullable: true }),
});

describe.each(DIALECT_NAMES)('JSON null on %s', (d) => {
  it('INSERT binds null as the document null in a nullAsJson column, NULL in a plain one', () => {
    const q = compile(insert(docs).values({ id: 1, data: null, plain: null }), d);
    expect(q.params).toEqual([1, 'null']);
    expect(q.sql).toMatch(/, NULL\)$/);
  });

  it('nullValue() writes the NULL keyword in a nullAsJson column', () => {
    const q = compile(insert(docs).values({ id: 1, data: nullValue() }), d);
    expect(q.params).toEqual([1]);
    expect(q.sql).toMatch(/, NULL\)$/);
  });

  it('UPDATE … SET binds the document null; a comparison with IS NULL stays SQL NULL', () => {
    const q = compile(update(docs).set({ data: null }).where(docs.c.data.eq(null)), d);
    expect(q.params).toEqual(['null']);
    expect(q.sql).toMatch(/ IS NULL$/);
  });

  it('the same statement compiled twice binds the same values (the statement cache)', () => {
    const stmt = () => insert(docs).values({ id: 2, data: null });
    expect(compile(stmt(), d).params).toEqual([2, 'null']);
    expect(compile(stmt(), d).params).toEqual([2, 'null']);
  });
});
