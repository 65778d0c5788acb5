import type { Engine } from '../../lib/drivers';
import { MetaData, column, getDialect, insert, select, table, text, types, type Table } from '../../lib/sql';
import { autogenerate, normalizerFor, type AutogenerateOutcome } from '../../lib/sql/autogenerate';
import type { MigrationOperation } from '../../lib/sql/migration';
import { migrationCompiler } from '../../lib/sql/migration';
import { describeEachDialect } from '../support/dialects';
import { buildCorpus, type CorpusFlavour } from './corpus';
import { detailChange } from './describe-change';
import { evaluateBody, runOperations } from './run-ops';

async function generate(
  engine: Engine,
  tables: Table[],
  names: readonly string[],
  options: Parameters<typeof autogenerate>[4] = {},
): Promise<AutogenerateOutcome> {
  const dialect = getDialect(engine.dialect.name);
  const reflected = await engine.reflectSchema({ tables: [...names] });
  return autogenerate(
    tables,
    reflected,
    normalizerFor(dialect, await engine.schemaInspector()),
    dialect,
    // Enum types of other suites in the same database are not this suite's to drop.
    { includeEnum: () => false, ...options },
  );
}

/** Compiled SQL of operations, to show that the rendered file records the same operations. */
function sqlOf(engine: Engine, ops: readonly MigrationOperation[]): string[] {
  const compiler = migrationCompiler(getDialect(engine.dialect.name));
  return ops.flatMap((op) => compiler.compile(op).map((s) => s.sql));
}

describeEachDialect(
  'autogenerate',
  (d) => {
    const flavour = (): CorpusFlavour =>
      d.dialect === 'postgresql' ? 'postgresql' : d.dialect === 'sqlite' ? 'sqlite' : 'mysql';

    describe('the corpus: generate → upgrade → generate', () => {
      const suffix = d.uniqueName('g');
      const name = (base: string): string => `${base}_${suffix}`;
      const metadata = new MetaData();
      let tables: Table[] = [];
      let enums: string[] = [];
      afterAll(async () => {
        await metadata.dropAll(d.engine);
      }, 60_000);

      it('creates every table from nothing, and then finds nothing to do', async () => {
        const corpus = buildCorpus(metadata, name, flavour());
        tables = corpus.tables;
        enums = corpus.enumNames;
        const names = tables.map((t) => t.name);
        const owned = { includeEnum: (n: string) => enums.includes(n) };
        const first = await generate(d.engine, tables, names, owned);
        expect(first.questions).toEqual([]);
        expect(first.refused).toEqual([]);
        expect(first.unexpressed).toEqual([]);
        expect(first.operations.filter((o) => o.kind === 'createTable')).toHaveLength(tables.length);
        // The rendered file holds the same operations.
        expect(sqlOf(d.engine, evaluateBody(first.upgrade))).toEqual(sqlOf(d.engine, first.operations));
        await runOperations(d.engine, first.operations);
        const second = await generate(d.engine, tables, names, owned);
        expect(second.changes.map(detailChange)).toEqual([]);
        expect(second.operations).toEqual([]);
      }, 60_000);
    });

    describe('intent, consent and data', () => {
      const names = { user: d.uniqueName('ag_user'), post: d.uniqueName('ag_post') };
      const all = [names.user, names.post];
      const v1 = (metadata = new MetaData()) => {
        const user = table(
          names.user,
          {
            id: column(types.integer(), { primaryKey: true }),
            name: column(types.string(40), { nullable: false }),
            legacy: column(types.text()),
            code: column(types.string(10)),
          },
          { metadata },
        );
        const post = table(
          names.post,
          {
            id: column(types.integer(), { primaryKey: true }),
            userId: column(types.integer(), { name: 'user_id', foreignKey: () => user.c.id }),
            title: column(types.string(100)),
          },
          { metadata },
        );
        return { user, post };
      };
      const v2 = (renamedFrom: string | null = 'name', newName = 'full_name') => {
        const metadata = new MetaData();
        const user = table(
          names.user,
          {
            id: column(types.integer(), { primaryKey: true }),
            fullName: column(types.string(40), {
              name: newName,
              nullable: false,
              renamedFrom: renamedFrom ?? undefined,
            }),
            code: column(types.string(20)),
            email: column(types.string(100)),
          },
          { metadata },
        );
        const post = table(
          names.post,
          {
            id: column(types.integer(), { primaryKey: true }),
            userId: column(types.integer(), { name: 'user_id', foreignKey: () => user.c.id }),
            title: column(types.string(100)),
            score: column(types.integer(), { nullable: false, serverDefault: 0 }),
          },
          { metadata },
        );
        return { user, post };
      };
      const seeded = v1();
      const rows = async (t: Table, cols: string[]): Promise<unknown[]> =>
        (
          await d.engine.execute(
            select(...cols.map((c) => t.columnByName(c)!)).orderBy(t.columnByName('id')!),
          )
        ).all();

      beforeAll(async () => {
        const metadata = new MetaData();
        const { user, post } = v1(metadata);
        await metadata.createAll(d.engine);
        await d.engine.execute(
          insert(user).values([
            { id: 1, name: 'ada', legacy: 'x', code: 'A1' },
            { id: 2, name: "o'brien", legacy: null, code: 'B22' },
            { id: 3, name: 'grace', legacy: 'z', code: null },
          ]),
        );
        await d.engine.execute(
          insert(post).values([1, 2, 3, 4, 5].map((id) => ({ id, userId: (id % 3) + 1, title: `t${id}` }))),
        );
      }, 60_000);
      afterAll(async () => {
        for (const n of [names.post, names.user]) {
          const q = getDialect(d.dialect).preparer.quoteIdentifier(n);
          await d.engine.execute(text(`DROP TABLE IF EXISTS ${q}`));
        }
      });

      it('refuses a drop without consent, naming it', async () => {
        const { user, post } = v2();
        const out = await generate(d.engine, [user, post], all);
        expect(out.questions).toEqual([]);
        expect(out.refused).toEqual([
          { id: `dropColumn:${names.user}.legacy`, reason: expect.stringContaining('legacy') },
        ]);
      });

      it('asks instead of guessing an unhinted rename, and takes the answer', async () => {
        const { user, post } = v2(null);
        const out = await generate(d.engine, [user, post], all);
        expect(out.questions).toEqual([
          expect.objectContaining({
            id: `column:${names.user}.full_name`,
            kind: 'column',
            candidates: ['name'],
          }),
        ]);
        const answered = await generate(d.engine, [user, post], all, {
          answers: {
            [`column:${names.user}.full_name`]: 'name',
            [`dropColumn:${names.user}.legacy`]: 'allow',
          },
        });
        expect(answered.questions).toEqual([]);
        expect(answered.refused).toEqual([]);
        const kinds = JSON.stringify(answered.operations);
        expect(kinds).toContain('"renameColumn"');
        expect(kinds).not.toContain('"column":"name"}');
      });

      it('upgrades with the rename hint and consent: rows survive, then nothing is left to do; the downgrade restores the catalog', async () => {
        const before = {
          users: await rows(seeded.user, ['id', 'name', 'code']),
          posts: await rows(seeded.post, ['id', 'user_id', 'title']),
        };
        const { user, post } = v2();
        const out = await generate(d.engine, [user, post], all, {
          answers: { [`dropColumn:${names.user}.legacy`]: 'allow' },
        });
        expect(out.refused).toEqual([]);
        expect(JSON.stringify(out.operations)).toContain('"renameColumn"');
        await runOperations(d.engine, evaluateBody(out.upgrade));
        expect(await rows(user, ['id', 'full_name', 'code'])).toEqual(
          before.users.map((r) => {
            const { name, ...rest } = r as Record<string, unknown>;
            return { ...rest, fullName: name };
          }),
        );
        expect(await rows(post, ['id', 'user_id', 'title'])).toEqual(before.posts);
        expect((await rows(post, ['score'])).length).toBe(5);
        const again = await generate(d.engine, [user, post], all);
        expect(again.changes.map(detailChange)).toEqual([]);

        await runOperations(d.engine, evaluateBody(out.downgrade));
        const back = v1();
        const after = await generate(d.engine, [back.user, back.post], all);
        expect(after.changes.map(detailChange)).toEqual([]);
        expect(await rows(back.user, ['id', 'name', 'code'])).toEqual(before.users);
      }, 60_000);
    });
  },
  { sqliteFile: true },
);
