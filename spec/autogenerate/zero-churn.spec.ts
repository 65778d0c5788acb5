import { addReflectedTables } from '../../lib/sql/reflection';
import {
  MetaData,
  Sequence,
  column,
  getDialect,
  table,
  text,
  types,
  type DdlCompiler,
  type ReflectedSchema,
  type Table,
} from '../../lib/sql';
import type { Engine } from '../../lib/drivers';
import { compareSchema, normalizerFor, type Normalizer } from '../../lib/sql/autogenerate';
import { describeEachDialect } from '../support/dialects';
import { buildCorpus, type Corpus, type CorpusFlavour } from './corpus';
import { detailChange } from './describe-change';

/**
 * createAll writes no comments on PostgreSQL, where they are statements of their own (migrations
 * write them): the corpus's comments are added here so that the declarations and the database agree.
 */
async function addComments(engine: Engine, tables: readonly Table[], dialect: string): Promise<void> {
  const d = getDialect(engine.dialect.name);
  const ddl = new d.ddlCompiler(d) as DdlCompiler;
  const q = (n: string): string => ddl.quoteIdentifier(n);
  const lit = (v: string): string => ddl.quoteLiteral(v);
  for (const t of tables) {
    if (dialect === 'postgresql') {
      if (t.comment !== undefined)
        await engine.execute(text(`COMMENT ON TABLE ${q(t.name)} IS ${lit(t.comment)}`));
      for (const c of t.columns) {
        if (c.comment !== undefined)
          await engine.execute(text(`COMMENT ON COLUMN ${q(t.name)}.${q(c.name)} IS ${lit(c.comment)}`));
      }
    }
  }
}

/**
 * Zero churn on the corpus: the database createAll made compares equal to the declarations, and
 * to the tables reflected from it.
 */
describeEachDialect('autogenerate zero churn', (d) => {
  const suffix = d.uniqueName('c');
  const name = (base: string): string => `${base}_${suffix}`;
  const flavour = (): CorpusFlavour =>
    d.dialect === 'postgresql' ? 'postgresql' : d.dialect === 'sqlite' ? 'sqlite' : 'mysql';
  let metadata: MetaData;
  let corpus: Corpus;
  let reflected: ReflectedSchema;
  let normalizer: Normalizer;

  beforeAll(async () => {
    metadata = new MetaData();
    corpus = buildCorpus(metadata, name, flavour());
    await metadata.createAll(d.engine);
    await addComments(d.engine, corpus.tables, d.dialect);
    normalizer = normalizerFor(getDialect(d.dialect), await d.engine.schemaInspector());
    reflected = await d.engine.reflectSchema({ tables: corpus.tables.map((t) => t.name) });
  }, 60_000);
  afterAll(() => metadata.dropAll(d.engine), 60_000);

  const owned = () => ({ includeEnum: (n: string) => corpus.enumNames.includes(n) });

  it('has at least 60 tables, all reflected', () => {
    expect(corpus.tables.length).toBeGreaterThanOrEqual(60);
    expect(reflected.tables.map((t) => t.name).sort()).toEqual(corpus.tables.map((t) => t.name).sort());
  });

  it('declarations against the database they created: no change', () => {
    const again = buildCorpus(new MetaData(), name, flavour());
    expect(compareSchema(again.tables, reflected, normalizer, owned()).map(detailChange)).toEqual([]);
  });

  it('tables reflected from the database against the same database: no change', () => {
    const fromDb = addReflectedTables(new MetaData(), reflected);
    expect(compareSchema(fromDb, reflected, normalizer, owned()).map(detailChange)).toEqual([]);
  });
});

/**
 * A sequence as a column's DEFAULT (`serverDefault: seq.nextValue()`) and as the value INSERTs
 * give a key (`sequence: seq`). Kept out of the shared corpus: autogenerate does not create
 * sequences, so the corpus's generate-from-nothing suites could not make this table.
 */
describeEachDialect(
  'autogenerate zero churn with a sequence',
  (d) => {
    const shape = (metadata: MetaData, seqName: string, tableName: string) => {
      const seq = new Sequence(seqName, { start: 100, increment: 5, metadata });
      return table(
        tableName,
        {
          id: column(types.integer(), { primaryKey: true, sequence: seq }),
          code: column(types.bigInteger(), { nullable: false, serverDefault: seq.nextValue() }),
        },
        { metadata },
      );
    };

    it('a nextval default of a sequence the column does not own compares equal; changing it is found', async () => {
      const seqName = d.uniqueName('z_seq');
      const tableName = d.uniqueName('z_seq_t');
      const metadata = new MetaData();
      shape(metadata, seqName, tableName);
      await metadata.createAll(d.engine);
      try {
        const normalizer = normalizerFor(getDialect(d.dialect), await d.engine.schemaInspector());
        const reflected = await d.engine.reflectSchema({ tables: [tableName] });
        expect(reflected.tables[0]!.columns.find((c) => c.name === 'code')).toMatchObject({
          autoincrement: false,
          default: expect.stringMatching(/^nextval\(/),
        });
        const again = shape(new MetaData(), seqName, tableName);
        expect(compareSchema([again], reflected, normalizer).map(detailChange)).toEqual([]);
        const other = shape(new MetaData(), `${seqName}_b`, tableName);
        expect(compareSchema([other], reflected, normalizer).map(detailChange)).toEqual([
          expect.stringMatching(/^alterColumn code default/),
        ]);
      } finally {
        await metadata.dropAll(d.engine);
      }
    });
  },
  { only: ['postgresql'] },
);
