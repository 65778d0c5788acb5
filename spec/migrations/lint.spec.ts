import '../../lib/entries/built-in-dialects';
import { getDialect } from '../../lib/sql';
import { compileOperation } from '../../lib/sql/migration';
import { lintOperations } from '../../lib/sql/migration/lint';
import { MigrationOps } from '../../lib/migrations/op';

const rulesOf = (name: 'postgresql' | 'mariadb') => getDialect(name).migrationLintRules ?? [];

function record(fn: (op: MigrationOps) => void) {
  const op = new MigrationOps();
  fn(op);
  return op.operations;
}

describe('lock-aware lint of migrations', () => {
  it('has at least 15 distinct rules for PostgreSQL and MySQL/MariaDB together, each described', () => {
    const ids = new Set([...rulesOf('postgresql'), ...rulesOf('mariadb')].map((r) => r.id));
    expect(ids.size).toBeGreaterThanOrEqual(15);
    for (const r of [...rulesOf('postgresql'), ...rulesOf('mariadb')])
      expect(r.description.length).toBeGreaterThan(20);
  });

  it('flags lock-taking operations on existing tables, with their safe form', () => {
    const ops = record((op) => {
      op.createIndex('ix_users_email', 'users', ['email']);
      op.createForeignKey('fk_orders_user', 'orders', 'users', ['user_id'], ['id']);
      op.createCheck('ck_age', 'users', 'age >= 0');
      op.alterColumn('users', 'email', { nullable: false });
      op.addColumn('users', 'code', op.column(op.types.string(10), { nullable: false }));
      op.createUnique('uq_email', 'users', ['email']);
      op.renameColumn('users', 'name', 'full_name');
      op.addEnumValue('mood', 'meh', { before: 'sad' });
      op.alterColumn('users', 'age', { type: op.types.bigInteger(), existingType: op.types.integer() });
      op.dropColumn('users', 'legacy');
    });
    const found = lintOperations(ops, rulesOf('postgresql'));
    const rules = found.map((f) => `${f.index}:${f.rule}`);
    expect(rules).toEqual(
      expect.arrayContaining([
        '0:require-concurrent-index-creation',
        '1:adding-foreign-key-constraint',
        '1:require-lock-timeout',
        '2:constraint-missing-not-valid',
        '3:setting-not-nullable-field',
        '4:adding-required-field',
        '5:unique-constraint-on-existing-table',
        '6:renaming-column',
        '7:enum-value-ordering',
        '8:changing-column-type',
        '9:ban-drop-column',
      ]),
    );
    const pg = getDialect('postgresql');
    const safeSql = (rule: string) =>
      found.find((f) => f.rule === rule)!.safe.flatMap((op) => compileOperation(op, pg).map((s) => s.sql));
    expect(safeSql('require-concurrent-index-creation')).toEqual([
      'CREATE INDEX CONCURRENTLY "ix_users_email" ON "users" ("email")',
    ]);
    expect(safeSql('adding-foreign-key-constraint')).toEqual([
      'ALTER TABLE "orders" ADD CONSTRAINT "fk_orders_user" FOREIGN KEY ("user_id") REFERENCES "users" ("id") NOT VALID',
      'ALTER TABLE "orders" VALIDATE CONSTRAINT "fk_orders_user"',
    ]);
    expect(safeSql('require-lock-timeout')[0]).toBe("SET lock_timeout = '5s'");
    expect(safeSql('setting-not-nullable-field')).toEqual([
      'ALTER TABLE "users" ADD CONSTRAINT "users_email_not_null" CHECK ("email" IS NOT NULL) NOT VALID',
      'ALTER TABLE "users" VALIDATE CONSTRAINT "users_email_not_null"',
      'ALTER TABLE "users" ALTER COLUMN "email" SET NOT NULL',
      'ALTER TABLE "users" DROP CONSTRAINT "users_email_not_null"',
    ]);
  });

  it('leaves alone what happens to a table created in the same migration, and safe changes', () => {
    const ops = record((op) => {
      op.execute("SET lock_timeout = '5s'");
      op.createTable('fresh', {
        id: op.column(op.types.bigInteger(), { primaryKey: true }),
        at: op.column(op.types.dateTime({ timezone: true })),
      });
      op.createIndex('ix_fresh_at', 'fresh', ['at']);
      op.addColumn('fresh', 'n', op.column(op.types.integer(), { nullable: false }));
      op.alterColumn('users', 'name', { type: op.types.string(200), existingType: op.types.string(100) });
      op.createIndex('ix_users_name', 'users', ['name'], { concurrently: true });
    });
    expect(lintOperations(ops, rulesOf('postgresql'))).toEqual([]);
  });

  it('MariaDB: in-place index builds, copying type changes, lock_wait_timeout', () => {
    const ops = record((op) => {
      op.createIndex('ix_users_email', 'users', ['email']);
      op.alterColumn('users', 'age', { type: op.types.bigInteger(), existingType: op.types.integer() });
    });
    const found = lintOperations(ops, rulesOf('mariadb'));
    expect(found.map((f) => `${f.index}:${f.rule}`).sort()).toEqual([
      '0:require-lock-timeout',
      '0:require-online-index-creation',
      '1:changing-column-type',
      '1:non-transactional-ddl',
    ]);
    const safe = found.find((f) => f.rule === 'require-online-index-creation')!.safe;
    expect(compileOperation(safe[0]!, getDialect('mariadb')).map((s) => s.sql)).toEqual([
      'CREATE INDEX `ix_users_email` ON `users` (`email`) ALGORITHM=INPLACE LOCK=NONE',
    ]);
  });

  it("MariaDB: a generated column's new expression unchecked against its foreign keys, unless they go around it", () => {
    const change = (op: MigrationOps) =>
      op.alterColumn('lines', 'total', {
        computed: { sql: 'qty * price', stored: true },
        existingComputed: { sql: 'qty', stored: true },
        existingType: op.types.integer(),
      });
    const rule = 'generated-column-skips-foreign-keys';
    const bare = lintOperations(record(change), rulesOf('mariadb')).filter((f) => f.rule === rule);
    expect(bare).toEqual([
      expect.objectContaining({
        index: 0,
        message:
          'the new expression of lines.total is not checked against the foreign keys on it or referring to it',
        safe: [],
      }),
    ]);
    expect(bare[0]!.advice).toMatch(/drop those foreign keys before the change and add them again after/);
    // The safe form, as autogenerate writes it: the key naming the column dropped before, added after.
    const fk = { name: 'fk_totals', columns: ['total'], referredTable: 'totals', referredColumns: ['n'] };
    const around = record((op) => {
      op.dropForeignKey('fk_totals', 'lines', { existing: fk });
      change(op);
      op.createForeignKey('fk_totals', 'lines', 'totals', ['total'], ['n']);
    });
    expect(lintOperations(around, rulesOf('mariadb')).filter((f) => f.rule === rule)).toEqual([]);
    // A key of another table referring to the column counts the same; one on another column does not.
    const referring = { name: 'fk_ref', columns: ['t'], referredTable: 'lines', referredColumns: ['total'] };
    const other = record((op) => {
      op.dropForeignKey('fk_ref', 'audit', { existing: referring });
      change(op);
      op.createForeignKey('fk_ref', 'audit', 'lines', ['t'], ['total']);
    });
    expect(lintOperations(other, rulesOf('mariadb')).filter((f) => f.rule === rule)).toEqual([]);
    const elsewhere = record((op) => {
      op.dropForeignKey('fk_x', 'lines', { existing: { ...fk, name: 'fk_x', columns: ['qty'] } });
      change(op);
      op.createForeignKey('fk_x', 'lines', 'totals', ['qty'], ['n']);
    });
    expect(lintOperations(elsewhere, rulesOf('mariadb')).filter((f) => f.rule === rule)).toHaveLength(1);
    // PostgreSQL drops and adds the column again, keys with it: not this rule.
    expect(lintOperations(record(change), rulesOf('postgresql')).filter((f) => f.rule === rule)).toEqual([]);
  });
});
