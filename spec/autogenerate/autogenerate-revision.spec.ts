import { writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MetaData, column, table, text, types } from '../../lib/sql';
import { ArgumentError } from '../../lib/errors';
import { autogenerateRevision, readAnswers } from '../../lib/migrations/autogenerate';
import { describeEachDialect, uniqueName } from '../support/dialects';

/**
 * The engine-facing autogenerate on a database of its own: the version table is never dropped,
 * open questions and refusals come back as data, an answers file settles them.
 */
describeEachDialect(
  'autogenerateRevision',
  (d) => {
    const declare = (nameColumn: string, renamedFrom?: string) => {
      const metadata = new MetaData();
      table(
        'people',
        {
          id: column(types.integer(), { primaryKey: true }),
          [nameColumn]: column(types.string(50), { renamedFrom }),
        },
        { metadata },
      );
      return metadata;
    };
    const answersFile = join(tmpdir(), `${uniqueName('answers')}.json`);
    beforeAll(async () => {
      await declare('name').createAll(d.engine);
      await d.engine.execute(text('CREATE TABLE athanor_version (version_num VARCHAR(64) PRIMARY KEY)'));
    });
    afterAll(() => rmSync(answersFile, { force: true }));

    const request = (metadata: MetaData, extra: { answersFile?: string; allowDestructive?: boolean } = {}) =>
      autogenerateRevision({
        engine: d.engine,
        metadata,
        message: 'm',
        allowDestructive: extra.allowDestructive ?? false,
        interactive: false,
        ...(extra.answersFile === undefined ? {} : { answersFile: extra.answersFile }),
      });

    it('finds nothing to do, and leaves the version table alone', async () => {
      const r = await request(declare('name'));
      expect(r).toMatchObject({ operations: [], questions: [] });
    });

    it('returns the unhinted rename as a question and the drop it would need as a refusal', async () => {
      const r = await request(declare('full_name'));
      expect(r.questions).toEqual([
        expect.objectContaining({ type: 'rename', id: 'column:people.full_name', candidates: ['name'] }),
        expect.objectContaining({ type: 'destructive', id: 'dropColumn:people.name' }),
      ]);
      expect(JSON.parse(JSON.stringify(r.questions))).toHaveLength(2);
    });

    it('takes the answers file: a rename, no drop', async () => {
      writeFileSync(answersFile, JSON.stringify({ 'column:people.full_name': 'name' }));
      const r = await request(declare('full_name'), { answersFile });
      expect(r.questions).toEqual([]);
      expect(r.operations.map((o) => o.kind)).toEqual([expect.stringMatching(/^(renameColumn|batch)$/)]);
      // op.renameColumn(…), or b.renameColumn(…) inside SQLite's batch.
      expect(r.upgrade).toMatch(/\b(op|b)\.renameColumn\(('people', )?'name', 'full_name'\)/);
      expect(r.downgrade).toMatch(/\b(op|b)\.renameColumn\(('people', )?'full_name', 'name'\)/);
    });

    it('an answer of null means new: the drop then needs consent, which --allow-destructive gives', async () => {
      writeFileSync(answersFile, JSON.stringify({ 'column:people.full_name': null }));
      const refused = await request(declare('full_name'), { answersFile });
      expect(refused.questions).toEqual([
        expect.objectContaining({ type: 'destructive', id: 'dropColumn:people.name' }),
      ]);
      const allowed = await request(declare('full_name'), { answersFile, allowDestructive: true });
      expect(allowed.questions).toEqual([]);
      expect(allowed.upgrade).toContain('allowDestructive: true');
    });

    it('rejects a malformed answers file with a clear error', () => {
      writeFileSync(answersFile, '[1, 2]');
      expect(() => readAnswers(answersFile)).toThrow(ArgumentError);
      writeFileSync(answersFile, '{"column:a.b": 3}');
      expect(() => readAnswers(answersFile)).toThrow(/must be a string or null/);
    });
  },
  { only: ['sqlite'], sqliteFile: true },
);
