import { MetaData, column, getDialect, sqlDefault, table, types, type Table } from '../../lib/sql';
import { compareSchema, normalizerFor } from '../../lib/sql/autogenerate';
import { describeEachDialect } from '../support/dialects';
import { describeChange } from './describe-change';

/** The comparison on live databases: what createAll made compares equal; each change is found. */
describeEachDialect('autogenerate comparison', (d) => {
  const names = {
    parent: d.uniqueName('cmp_p'),
    child: d.uniqueName('cmp_c'),
    mood: d.uniqueName('cmp_mood'),
    ix: d.uniqueName('cmp_ix'),
    ck: d.uniqueName('cmp_ck'),
  };
  const build = (metadata: MetaData, variant: 'same' | 'changed'): Table[] => {
    const changed = variant === 'changed';
    const parent = table(
      names.parent,
      {
        id: column(types.integer(), { primaryKey: true }),
        code: column(types.string(changed ? 8 : 10), { unique: true }),
        ...(changed ? { added: column(types.text()) } : { gone: column(types.text()) }),
      },
      { metadata, comment: changed ? 'parents' : undefined },
    );
    const child = table(
      names.child,
      {
        id: column(types.bigInteger(), { primaryKey: true }),
        parentId: column(types.integer(), {
          name: changed ? 'parent_ref' : 'parent_id',
          renamedFrom: 'parent_id',
          foreignKey: () => parent.c.id,
          onDelete: changed ? 'SET NULL' : 'CASCADE',
        }),
        title: column(types.string(50), { serverDefault: changed ? 'bye' : 'hello' }),
        price: column(types.numeric(10, 2), { serverDefault: 0, nullable: !changed }),
        flag: column(types.boolean(), { serverDefault: true, nullable: false }),
        data: column(types.json()),
        at: column(types.dateTime({ timezone: true }), { serverDefault: sqlDefault('CURRENT_TIMESTAMP') }),
        mood: column(types.enum(changed ? ['a', 'b', 'c'] : ['a', 'b'], { name: names.mood })),
      },
      {
        metadata,
        checks: [{ name: names.ck, sql: 'price >= 0' }],
        indexes: [{ name: names.ix, columns: changed ? ['title', 'price'] : ['title'] }],
      },
    );
    return [parent, child];
  };
  d.defineTables((metadata) => build(metadata, 'same'));

  const compare = async (tables: Table[]): Promise<string[]> => {
    const inspector = await d.engine.schemaInspector();
    const reflected = await d.engine.reflectSchema({ tables: [names.parent, names.child] });
    const enumNames = new Set([names.mood]);
    return compareSchema(tables, reflected, normalizerFor(getDialect(d.dialect), inspector), {
      includeEnum: (n) => enumNames.has(n),
    })
      .map(describeChange)
      .sort();
  };

  it('finds nothing to do when the database is what createAll made', async () => {
    expect(await compare(build(new MetaData(), 'same'))).toEqual([]);
  });

  it('finds each change, keeping a hinted rename', async () => {
    const got = await compare(build(new MetaData(), 'changed'));
    const mysqlEnum = d.dialect === 'mysql' || d.dialect === 'mariadb';
    const namedEnums = d.dialect === 'postgresql';
    const expected = [
      'addColumn added',
      'removeColumn gone',
      `alterColumn code type narrowing`,
      `renameColumn parent_id->parent_ref`,
      `removeForeignKey parent_id`,
      'addForeignKey parent_ref',
      'alterColumn title default',
      'alterColumn price nullable narrowing',
      `removeIndex ${names.ix}`,
      `addIndex ${names.ix}`,
      ...(d.dialect === 'sqlite' ? [] : [`changeTableComment ${names.parent}`]),
      ...(namedEnums ? [`addEnumValue ${names.mood}`] : []),
      ...(mysqlEnum ? ['alterColumn mood type'] : []),
    ];
    if (d.dialect === 'sqlite') {
      // The enum's CHECK lists the values: the old one goes (a rebuild writes the new one).
      expected.push(...got.filter((g) => g.startsWith('removeCheck') && g.includes('mood')));
    }
    expect(got).toEqual(expected.sort());
  });
});
