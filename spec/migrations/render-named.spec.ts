/**
 * The rendered migration body: operations the `op` API has a named method for are written as
 * that call (`op.alterTableComment(…)`, `op.recreateEnum(…)`, `op.addColumn(…)`,
 * `op.createIndex(…)`), the rest as `op.add({ … })`, and
 * createTable specs without what is implied. Evaluating the text records operations that compile
 * to the same SQL on every dialect (the named ones record the very same data).
 */
import '../../lib/entries/built-in-dialects';
import { DIALECT_NAMES } from '../../lib/dialects';
import { MigrationOps } from '../../lib/migrations/op';
import { getDialect } from '../../lib/sql';
import { conciseTableSpec, renderOperation } from '../../lib/sql/autogenerate/render';
import {
  compileOperation,
  isIrreversible,
  reverseOperations,
  type MigrationOperation,
} from '../../lib/sql/migration';
import { types } from '../../lib/sql/types';
import { sqlDefault } from '../../lib/sql';
import { evaluateBody } from '../autogenerate/run-ops';
import { OP_CASES } from './op-cases';

const FK_CUST = {
  name: 'fk_cust',
  columns: ['cust_id'],
  referredTable: 'customers',
  referredColumns: ['id'],
} as const;

const EXTRA: readonly (readonly [string, MigrationOperation])[] = [
  [
    'alterPrimaryKey',
    {
      kind: 'alterPrimaryKey',
      table: 'orders',
      columns: ['id', 'region'],
      name: 'pk_orders',
      existing: { columns: ['id'], name: 'orders_pkey' },
    },
  ],
  [
    'alterColumn collation and generated expression',
    {
      kind: 'alterColumn',
      table: 'orders',
      column: 'code',
      collation: 'C',
      existingCollation: null,
      computed: { sql: 'a * 3', stored: true },
      existingComputed: { sql: 'a * 2', stored: true },
      existingType: types.integer(),
      existingNullable: true,
      allowDestructive: true,
    },
  ],
  [
    'recreateEnum with consent',
    {
      kind: 'recreateEnum',
      name: 'mood',
      values: ['meh'],
      existing: ['meh', 'sad'],
      columns: [{ table: 'feelings', column: 'now' }],
      allowDestructive: true,
    },
  ],
  [
    'addColumn in a schema with a comment, collation and SQL default',
    {
      kind: 'addColumn',
      table: 'orders',
      schema: 'app',
      column: {
        name: 'code',
        type: types.string(20),
        nullable: false,
        autoincrement: false,
        serverDefault: sqlDefault("'x'"),
        comment: "the order's code",
        collation: 'C',
      },
    },
  ],
  [
    'addColumn of a generated column',
    {
      kind: 'addColumn',
      table: 'orders',
      column: {
        name: 'twice',
        type: types.integer(),
        nullable: true,
        computed: { sql: 'a * 2', stored: true },
      },
    },
  ],
  [
    'createIndex of an expression with a predicate and a method',
    {
      kind: 'createIndex',
      table: 'orders',
      schema: 'app',
      index: { name: 'ix_lower', columns: [{ sql: 'lower(code)' }, 'a'], where: 'a > 0', using: 'btree' },
    },
  ],
  [
    'createTable with a composite key, keys of every kind and a quoted column',
    {
      kind: 'createTable',
      spec: {
        name: 'lines',
        schema: 'app',
        columns: [
          { name: 'order_id', type: types.integer(), nullable: false, autoincrement: false },
          { name: 'n', type: types.smallInteger(), nullable: false, autoincrement: false },
          { name: 'sku code', type: types.string(20), serverDefault: sqlDefault("'none'"), collation: 'C' },
          { name: 'qty', type: types.integer(), nullable: false, serverDefault: 1 },
          { name: 'twice', type: types.integer(), computed: { sql: 'qty * 2', stored: true } },
        ],
        primaryKey: ['order_id', 'n'],
        foreignKeys: [
          {
            name: 'fk_lines_order',
            columns: ['order_id'],
            referredTable: 'orders',
            referredSchema: 'sales',
            referredColumns: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'RESTRICT',
          },
          { columns: ['order_id', 'n'], referredTable: 'slots', referredColumns: ['o', 'n'] },
        ],
        uniques: [{ name: 'uq_lines_sku', columns: ['sku code', 'order_id'] }, { columns: ['qty', 'n'] }],
        checks: [{ name: 'ck_qty', sql: 'qty > 0' }, { sql: 'n >= 0' }],
        indexes: [{ name: 'ix_lines_sku', columns: ['sku code'], where: 'qty > 1', using: 'btree' }],
        comment: 'order lines',
        sqlite: { strict: true },
      },
    },
  ],
  [
    'createTable with an identity key',
    {
      kind: 'createTable',
      spec: {
        name: 'tickets',
        columns: [
          {
            name: 'id',
            type: types.bigInteger(),
            primaryKey: true,
            autoincrement: true,
            identity: { start: 100, always: true },
          },
          {
            name: 'at',
            type: types.dateTime({ timezone: true }),
            serverDefault: sqlDefault('CURRENT_TIMESTAMP'),
          },
        ],
      },
    },
  ],
  [
    'createTable whose key lists its columns in another order',
    {
      kind: 'createTable',
      spec: {
        name: 'pairs',
        columns: [
          { name: 'a', type: types.integer(), nullable: false },
          { name: 'b', type: types.integer(), nullable: false },
        ],
        primaryKey: ['b', 'a'],
      },
    },
  ],
  [
    'dropColumn with its definition and consent',
    {
      kind: 'dropColumn',
      table: 'orders',
      schema: 'app',
      column: 'note',
      allowDestructive: true,
      existing: { name: 'note', type: types.string(40), nullable: false, serverDefault: sqlDefault("'-'") },
    },
  ],
  [
    'addForeignKey not valid',
    {
      kind: 'addForeignKey',
      table: 'orders',
      foreignKey: {
        name: 'fk_cust',
        columns: ['cust_id'],
        referredTable: 'customers',
        referredColumns: ['id'],
      },
      notValid: true,
    },
  ],
  [
    'addCheck in a schema',
    { kind: 'addCheck', table: 'orders', schema: 'app', check: { name: 'ck_a', sql: 'a > 0' } },
  ],
  [
    'batch of every kind with the table it changes',
    {
      kind: 'batch',
      table: 'orders',
      recreate: 'auto',
      operations: [
        { kind: 'dropForeignKey', table: 'orders', name: 'fk_cust', existing: FK_CUST },
        {
          kind: 'dropIndex',
          table: 'orders',
          name: 'ix_code',
          existing: { name: 'ix_code', columns: ['code'] },
        },
        {
          kind: 'dropUnique',
          table: 'orders',
          name: 'uq_code',
          existing: { name: 'uq_code', columns: ['code'] },
        },
        { kind: 'dropCheck', table: 'orders', name: 'ck_a', existing: { name: 'ck_a', sql: 'a > 0' } },
        { kind: 'renameColumn', table: 'orders', column: 'a', newName: 'amount' },
        { kind: 'addColumn', table: 'orders', column: { name: 'due', type: types.date(), nullable: true } },
        {
          kind: 'alterColumn',
          table: 'orders',
          column: 'code',
          type: types.string(40),
          existingType: types.string(20),
          existingNullable: true,
          allowDestructive: true,
        },
        { kind: 'createIndex', table: 'orders', index: { name: 'ix_due', columns: ['due'], unique: true } },
        { kind: 'addUnique', table: 'orders', unique: { name: 'uq_due', columns: ['due', 'code'] } },
        { kind: 'addForeignKey', table: 'orders', foreignKey: { ...FK_CUST, onDelete: 'SET NULL' } },
        { kind: 'addCheck', table: 'orders', check: { name: 'ck_amount', sql: 'amount > 0' } },
        {
          kind: 'dropColumn',
          table: 'orders',
          column: 'note',
          allowDestructive: true,
          existing: { name: 'note', type: types.text(), nullable: false, comment: 'free text' },
        },
      ],
      existing: {
        name: 'orders',
        columns: [
          { name: 'id', type: types.integer(), nullable: false, primaryKey: true, autoincrement: true },
          { name: 'a', type: types.integer(), nullable: true, autoincrement: false },
          { name: 'code', type: types.string(20), nullable: true, autoincrement: false },
          { name: 'cust_id', type: types.integer(), nullable: true, autoincrement: false },
          { name: 'note', type: types.text(), nullable: false, autoincrement: false, comment: 'free text' },
        ],
        primaryKey: ['id'],
        foreignKeys: [FK_CUST],
        uniques: [{ name: 'uq_code', columns: ['code'] }],
        checks: [{ name: 'ck_a', sql: 'a > 0' }],
        indexes: [{ name: 'ix_code', columns: ['code'] }],
      },
    },
  ],
  [
    'batch in a schema that changes a primary key, rebuilding always',
    {
      kind: 'batch',
      table: 'pairs',
      schema: 'app',
      recreate: 'always',
      operations: [
        {
          kind: 'alterPrimaryKey',
          table: 'pairs',
          schema: 'app',
          columns: ['a', 'b'],
          existing: { columns: ['a'] },
          allowDestructive: true,
        },
      ],
      existing: {
        name: 'pairs',
        schema: 'app',
        columns: [
          { name: 'a', type: types.integer(), nullable: false, primaryKey: true, autoincrement: true },
          { name: 'b', type: types.integer(), nullable: false, autoincrement: false },
        ],
        primaryKey: ['a'],
      },
    },
  ],
];

const CASES = [...OP_CASES, ...EXTRA];

function sqlOrError(op: MigrationOperation, dialect: (typeof DIALECT_NAMES)[number]): unknown {
  try {
    return compileOperation(op, getDialect(dialect)).map((s) => s.sql);
  } catch (e) {
    return (e as Error).message;
  }
}

function reverseSqlOrReason(op: MigrationOperation, dialect: (typeof DIALECT_NAMES)[number]): unknown {
  const back = reverseOperations([op]);
  if (isIrreversible(back)) return back.reason;
  return back.map((x) => sqlOrError(x, dialect));
}

describe('rendered migration operations', () => {
  it.each(CASES)('%s: the rendered call records what compiles to the same SQL on every dialect', (_, op) => {
    const recorded = evaluateBody(renderOperation(op));
    expect(recorded).toHaveLength(1);
    for (const dialect of DIALECT_NAMES) {
      expect(sqlOrError(recorded[0]!, dialect)).toEqual(sqlOrError(op, dialect));
      // The downgrade made from the rendered call is the one made from the operation.
      expect(reverseSqlOrReason(recorded[0]!, dialect)).toEqual(reverseSqlOrReason(op, dialect));
    }
  });

  it.each([
    [
      'createTable with a foreign key, an index and a comment',
      "op.createTable('mig_users', {\n  id: op.column(",
    ],
    ['createTable with a composite key, keys of every kind and a quoted column', "  'sku code': op.column("],
    [
      'dropColumn with its definition and consent',
      "op.dropColumn('orders', 'note', { schema: 'app', existing: op.column(",
    ],
    [
      'addForeignKey not valid',
      "op.createForeignKey('fk_cust', 'orders', 'customers', ['cust_id'], ['id'], { notValid: true })",
    ],
    ['addCheck in a schema', "op.createCheck('ck_a', 'orders', 'a > 0', { schema: 'app' })"],
    [
      'batch that rebuilds where ALTER cannot',
      "op.batchAlterTable('t', (b) => {\n  b.alterColumn('b', { nullable: false });\n}, {",
    ],
    [
      'batch of every kind with the table it changes',
      "  b.dropColumn('note', { existing: op.column(op.types.text(), { comment: 'free text', nullable: false }), allowDestructive: true });",
    ],
    [
      'batch of every kind with the table it changes',
      "  b.dropForeignKey('fk_cust', {\n    existing: { name: 'fk_cust',",
    ],
    [
      'batch in a schema that changes a primary key, rebuilding always',
      "}, {\n  schema: 'app',\n  recreate: 'always',\n  existing: {",
    ],
  ])('%s is written with the op / batch builder calls', (name, text) => {
    const op = CASES.find(([n]) => n === name)![1];
    const rendered = renderOperation(op);
    expect(rendered).toContain(text);
    expect(rendered).not.toContain('op.add(');
  });

  it('writes with op.add what the named calls cannot say: a key in another order than its columns', () => {
    const op = CASES.find(([n]) => n === 'createTable whose key lists its columns in another order')![1];
    expect(renderOperation(op)).toMatch(/^op\.add\(\{\n {2}kind: 'createTable'/);
    // A batch holding an unnamed unique drop (SQLite) keeps the whole batch as data.
    const batch: MigrationOperation = {
      kind: 'batch',
      table: 't',
      recreate: 'auto',
      operations: [{ kind: 'dropUnique', table: 't', existing: { columns: ['a'] } }],
    };
    expect(renderOperation(batch)).toMatch(/^op\.add\(\{\n {2}kind: 'batch'/);
  });

  it.each([
    ['alterPrimaryKey', "op.alterPrimaryKey('orders', ['id', 'region'], {"],
    ['alterColumn collation and generated expression', "op.alterColumn('orders', 'code', {"],
    ['recreateEnum with consent', "op.recreateEnum('mood', ['meh'], {"],
    [
      'alterTableComment sets a comment',
      "op.alterTableComment('mig_users', 'users\\' table', { existingComment: null })",
    ],
    ['alterColumn comment only', "op.alterColumn('mig_users', 'email', {"],
    ['renameEnumValue', "op.renameEnumValue('mood', 'ok', 'fine')"],
    ['validateConstraint', "op.validateConstraint('fk_o', 'mig_users')"],
    ['dropTable', "op.dropTable('mig_users', { schema: 'app' })"],
  ])('%s is written as the named call and records the same operation', (name, call) => {
    const op = CASES.find(([n]) => n === name)![1];
    const text = renderOperation(op);
    expect(text.startsWith(call)).toBe(true);
    expect(evaluateBody(text)).toEqual([op]);
  });

  it.each([
    [
      'addColumn NOT NULL with a default',
      "op.addColumn('mig_users', 'age', op.column(op.types.integer(), { serverDefault: 0, nullable: false }));",
    ],
    [
      'createIndex concurrently',
      "op.createIndex('ix_age', 'mig_users', ['age'], { unique: true, concurrently: true });",
    ],
    [
      'addColumn of a generated column',
      "op.addColumn('orders', 'twice', op.column(op.types.integer(), { computed: { sql: 'a * 2', stored: true } }));",
    ],
    [
      'createIndex of an expression with a predicate and a method',
      "op.createIndex('ix_lower', 'orders', [{ sql: 'lower(code)' }, 'a'], { schema: 'app', where: 'a > 0', using: 'btree' });",
    ],
  ])('%s is written as op.addColumn / op.createIndex', (name, call) => {
    const op = CASES.find(([n]) => n === name)![1];
    expect(renderOperation(op)).toBe(call);
  });

  it('writes what a named method cannot take with op.add', () => {
    // A drop of an unnamed constraint (SQLite) has no name to pass.
    const op: MigrationOperation = { kind: 'dropUnique', table: 't', existing: { columns: ['a'] } };
    expect(renderOperation(op)).toBe(
      "op.add({ kind: 'dropUnique', table: 't', existing: { columns: ['a'] } });",
    );
    expect(renderOperation({ kind: 'createEnum', name: 'e', values: ['a'], allowDestructive: true })).toMatch(
      /^op\.add\(/,
    );
  });

  it('the op methods for the newer kinds record typed operations', () => {
    const op = new MigrationOps();
    op.alterTableComment('t', null, { schema: 'app', existingComment: 'old' });
    op.alterPrimaryKey('t', ['a', 'b'], { existing: { columns: ['a'] } });
    op.recreateEnum('mood', ['a'], {
      existing: ['a', 'b'],
      columns: [{ table: 't', column: 'm', array: true }],
    });
    op.alterColumn('t', 'c', { collation: null, existingCollation: 'C', existingType: types.text() });
    op.batchAlterTable('t', (b) => b.alterPrimaryKey(['b'], { existing: { columns: ['a'] } }));
    expect(op.operations).toEqual([
      { kind: 'alterTableComment', table: 't', schema: 'app', comment: null, existingComment: 'old' },
      { kind: 'alterPrimaryKey', table: 't', columns: ['a', 'b'], existing: { columns: ['a'] } },
      {
        kind: 'recreateEnum',
        name: 'mood',
        values: ['a'],
        existing: ['a', 'b'],
        columns: [{ table: 't', column: 'm', array: true }],
      },
      {
        kind: 'alterColumn',
        table: 't',
        column: 'c',
        collation: null,
        existingCollation: 'C',
        existingType: types.text(),
      },
      {
        kind: 'batch',
        table: 't',
        recreate: 'auto',
        operations: [{ kind: 'alterPrimaryKey', table: 't', columns: ['b'], existing: { columns: ['a'] } }],
      },
    ]);
  });

  it('a createTable spec leaves out what its compilation implies', () => {
    const spec = conciseTableSpec({
      name: 't',
      columns: [
        { name: 'id', type: types.integer(), nullable: false, primaryKey: true, autoincrement: true },
        { name: 'code', type: types.string(5), nullable: true, autoincrement: false },
        { name: 'must', type: types.string(5), nullable: false, autoincrement: false },
      ],
      primaryKey: ['id'],
      foreignKeys: [],
      uniques: [{ columns: ['code'] }],
      checks: [],
      indexes: [],
    });
    expect(spec).toEqual({
      name: 't',
      columns: [
        { name: 'id', type: types.integer(), primaryKey: true },
        { name: 'code', type: types.string(5) },
        { name: 'must', type: types.string(5), nullable: false },
      ],
      uniques: [{ columns: ['code'] }],
    });
    // A lone integer key the database must not generate keeps saying so.
    const lone = conciseTableSpec({
      name: 't',
      columns: [
        { name: 'id', type: types.integer(), nullable: false, primaryKey: true, autoincrement: false },
      ],
      primaryKey: ['id'],
    });
    expect(lone.columns).toEqual([
      { name: 'id', type: types.integer(), primaryKey: true, autoincrement: false },
    ]);
    // A key list other than the flagged columns (another order, another column) is kept.
    const composite = conciseTableSpec({
      name: 't',
      columns: [
        { name: 'id', type: types.integer(), nullable: false, primaryKey: true, autoincrement: false },
        { name: 'b', type: types.integer(), nullable: false, autoincrement: false },
      ],
      primaryKey: ['b', 'id'],
    });
    expect(composite.columns).toEqual([
      { name: 'id', type: types.integer(), primaryKey: true },
      { name: 'b', type: types.integer() },
    ]);
    expect(composite.primaryKey).toEqual(['b', 'id']);
  });
});
