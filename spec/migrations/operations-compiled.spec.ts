import '../../lib/entries/built-in-dialects';
import { DIALECT_NAMES } from '../../lib/dialects';
import { CompileError } from '../../lib/errors';
import { getDialect } from '../../lib/sql';
import { compileOperation, migrationCompiler } from '../../lib/sql/migration';
import { OP_CASES } from './op-cases';
import { EXPECTED } from './op-cases.expected';

describe('migration operations compiled for the six dialects', () => {
  it('has an expectation for every case', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(OP_CASES.map(([name]) => name).sort());
  });

  describe.each(OP_CASES)('%s', (name, op) => {
    it.each(DIALECT_NAMES)('%s', (dialect) => {
      const want = EXPECTED[name]![dialect];
      const run = () =>
        compileOperation(op, getDialect(dialect)).map((s) =>
          s.outsideTransaction ? { sql: s.sql, outsideTransaction: true } : s.sql,
        );
      if ('error' in want) {
        expect(run).toThrow(CompileError);
        expect(run).toThrow(want.error);
      } else {
        expect(run()).toEqual(want);
      }
    });
  });

  it('SQLite turns foreign keys off around a migration with a batch and checks them before commit', () => {
    const batch = OP_CASES.find(([, op]) => op.kind === 'batch')![1];
    const sqlite = migrationCompiler(getDialect('sqlite'));
    expect(sqlite.beforeTransaction([batch])).toEqual(['PRAGMA foreign_keys=OFF']);
    expect(sqlite.integrityChecks([batch])).toEqual(['PRAGMA foreign_key_check']);
    expect(sqlite.afterTransaction([batch])).toEqual(['PRAGMA foreign_keys=ON']);
    expect(sqlite.beforeTransaction([{ kind: 'execute', sql: 'SELECT 1' }])).toEqual([]);
    expect(migrationCompiler(getDialect('postgresql')).beforeTransaction([batch])).toEqual([]);
  });

  it('a rebuild needs the table as it is (offline)', () => {
    const op = OP_CASES.find(([, o]) => o.kind === 'batch')![1];
    expect(() => compileOperation({ ...op, existing: undefined } as typeof op, getDialect('sqlite'))).toThrow(
      /needs its current definition/,
    );
  });
});
