/**
 * A sequence run through the session, from SQLAlchemy's test/orm/test_session.py (ExecutionTest):
 * `session.scalar(seq)` on a new sequence gives its first value, and a `doOrmExecute` listener
 * sees the statement once. Athanor runs it as `select(seq.nextValue())`, which is what the
 * listener receives (SQLAlchemy hands over the Sequence itself). Only where the database has
 * sequences; SQLAlchemy's deprecated `session.execute(seq)` form is not ported.
 */
import { compile, MetaData, Sequence, type Executable } from '../../lib/sql';
import { conformanceSuite } from './support';

conformanceSuite(
  'test_session.py ExecutionTest (sequence)',
  (c) => {
    for (const listen of [false, true]) {
      it(`session.scalar(sequence) is the first value of a new sequence${listen ? ', seen once by doOrmExecute' : ''} [test_session.py::ExecutionTest::test_sequence_execute]`, async () => {
        const metadata = new MetaData();
        const seq = new Sequence(c.uniqueName('some_sequence'), { metadata });
        await metadata.createAll(c.engine);
        try {
          const s = c.session();
          const seen: Executable[] = [];
          if (listen) s.on('doOrmExecute', (state) => void seen.push(state.statement as Executable));
          expect(await s.scalar(seq)).toBe(1);
          if (listen) {
            expect(seen).toHaveLength(1);
            expect(compile(seen[0]!, c.dialect).sql).toMatch(new RegExp(`nextval\\(\\W*${seq.name}\\W*\\)`));
          }
          // The value was taken: the server's next one follows it (read on another connection).
          const [row] = await c.readBack(
            c.dialect === 'postgresql'
              ? `SELECT nextval('${seq.name}') AS n`
              : `SELECT nextval(${seq.name}) AS n`,
          );
          expect(Number(row!['n'])).toBe(2);
        } finally {
          await metadata.dropAll(c.engine);
        }
      });
    }
  },
  { only: ['postgresql', 'mysql'] },
);
