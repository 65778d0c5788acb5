/** Operations of every kind, for the compiled-SQL spec of the six dialects. */
import { types } from '../../lib/sql/types';
import { sqlDefault } from '../../lib/sql/schema/schema-options';
import type { MigrationOperation } from '../../lib/sql/migration';

export const OP_CASES: readonly (readonly [string, MigrationOperation])[] = [
  [
    'createTable with a foreign key, an index and a comment',
    {
      kind: 'createTable',
      spec: {
        name: 'mig_users',
        columns: [
          { name: 'id', type: types.integer(), primaryKey: true },
          { name: 'email', type: types.string(100), nullable: false, comment: 'login' },
          { name: 'org_id', type: types.integer() },
        ],
        foreignKeys: [
          {
            name: 'fk_org',
            columns: ['org_id'],
            referredTable: 'orgs',
            referredColumns: ['id'],
            onDelete: 'CASCADE',
          },
        ],
        indexes: [{ name: 'ix_email', columns: ['email'], unique: true }],
      },
    },
  ],
  ['dropTable', { kind: 'dropTable', table: 'mig_users', schema: 'app' }],
  ['renameTable', { kind: 'renameTable', table: 'mig_users', newName: 'mig_accounts' }],
  [
    'addColumn NOT NULL with a default',
    {
      kind: 'addColumn',
      table: 'mig_users',
      column: { name: 'age', type: types.integer(), nullable: false, serverDefault: 0 },
    },
  ],
  ['dropColumn', { kind: 'dropColumn', table: 'mig_users', column: 'age' }],
  [
    'alterColumn type, nullability and default',
    {
      kind: 'alterColumn',
      table: 'mig_users',
      column: 'email',
      type: types.string(200),
      existingType: types.string(100),
      nullable: true,
      existingNullable: false,
      serverDefault: sqlDefault("'x'"),
    },
  ],
  [
    'alterColumn dropping a default',
    {
      kind: 'alterColumn',
      table: 'mig_users',
      column: 'email',
      serverDefault: null,
      existingServerDefault: 'x',
      existingType: types.string(100),
    },
  ],
  ['renameColumn', { kind: 'renameColumn', table: 'mig_users', column: 'age', newName: 'years' }],
  [
    'createIndex concurrently',
    {
      kind: 'createIndex',
      table: 'mig_users',
      index: { name: 'ix_age', columns: ['age'], unique: true },
      concurrently: true,
    },
  ],
  ['dropIndex', { kind: 'dropIndex', table: 'mig_users', name: 'ix_age' }],
  ['addUnique', { kind: 'addUnique', table: 'mig_users', unique: { name: 'uq_email', columns: ['email'] } }],
  ['dropUnique', { kind: 'dropUnique', table: 'mig_users', name: 'uq_email' }],
  [
    'addForeignKey NOT VALID',
    {
      kind: 'addForeignKey',
      table: 'mig_users',
      foreignKey: { name: 'fk_o', columns: ['org_id'], referredTable: 'orgs', referredColumns: ['id'] },
      notValid: true,
    },
  ],
  ['dropForeignKey', { kind: 'dropForeignKey', table: 'mig_users', name: 'fk_o' }],
  ['addCheck', { kind: 'addCheck', table: 'mig_users', check: { name: 'ck_age', sql: 'age >= 0' } }],
  ['dropCheck', { kind: 'dropCheck', table: 'mig_users', name: 'ck_age' }],
  ['validateConstraint', { kind: 'validateConstraint', table: 'mig_users', name: 'fk_o' }],
  ['createEnum', { kind: 'createEnum', name: 'mood', values: ['happy', 'sad'] }],
  ['dropEnum', { kind: 'dropEnum', name: 'mood' }],
  ['addEnumValue', { kind: 'addEnumValue', name: 'mood', value: 'ok', after: 'sad' }],
  ['renameEnumValue', { kind: 'renameEnumValue', name: 'mood', value: 'ok', newValue: 'fine' }],
  ['execute', { kind: 'execute', sql: 'UPDATE mig_users SET age = 1' }],
  [
    'recreateEnum of a column and an array column',
    {
      kind: 'recreateEnum',
      name: 'mood',
      values: ['meh', 'happy'],
      existing: ['happy', 'sad', 'meh'],
      columns: [
        { table: 'feelings', column: 'now' },
        { table: 'feelings', column: 'history', array: true, serverDefault: sqlDefault("'{happy}'") },
      ],
    },
  ],
  [
    'alterColumn to an array of a named enum',
    {
      kind: 'alterColumn',
      table: 'feelings',
      column: 'history',
      type: types.array(types.enum(['happy', 'sad'], { name: 'mood' })),
      existingType: types.array(types.text()),
    },
  ],
  [
    'createTable with a table comment and a quoted column comment',
    {
      kind: 'createTable',
      spec: {
        name: 'mig_notes',
        schema: 'app',
        columns: [
          { name: 'id', type: types.integer(), primaryKey: true, autoincrement: false },
          { name: 'body', type: types.text(), comment: "the note's body" },
        ],
        comment: 'notes kept',
      },
    },
  ],
  [
    'alterTableComment sets a comment',
    { kind: 'alterTableComment', table: 'mig_users', comment: "users' table", existingComment: null },
  ],
  [
    'alterTableComment removes a comment',
    { kind: 'alterTableComment', table: 'mig_users', schema: 'app', comment: null, existingComment: 'x' },
  ],
  [
    'alterColumn comment only',
    {
      kind: 'alterColumn',
      table: 'mig_users',
      column: 'email',
      comment: 'login name',
      existingComment: null,
      existingType: types.string(100),
      existingNullable: false,
    },
  ],
  [
    'alterColumn comment removed',
    {
      kind: 'alterColumn',
      table: 'mig_users',
      column: 'email',
      comment: null,
      existingComment: 'login name',
      existingType: types.string(100),
      existingNullable: false,
    },
  ],
  [
    'batch that rebuilds where ALTER cannot',
    {
      kind: 'batch',
      table: 't',
      recreate: 'auto',
      operations: [{ kind: 'alterColumn', table: 't', column: 'b', nullable: false }],
      existing: {
        name: 't',
        columns: [
          { name: 'a', type: types.integer(), primaryKey: true },
          { name: 'b', type: types.string(10) },
        ],
        indexes: [{ name: 'ix_t_b', columns: ['b'] }],
      },
      dependents: {
        triggers: ['CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END'],
        views: [{ name: 'v', sql: 'CREATE VIEW v AS SELECT a FROM t' }],
      },
    },
  ],
  [
    'batch that renames and drops columns (rebuild always)',
    {
      kind: 'batch',
      table: 't',
      recreate: 'always',
      operations: [
        { kind: 'renameColumn', table: 't', column: 'b', newName: 'c' },
        { kind: 'dropColumn', table: 't', column: 'd' },
      ],
      existing: {
        name: 't',
        columns: [
          { name: 'a', type: types.integer(), primaryKey: true },
          { name: 'b', type: types.string(10) },
          { name: 'd', type: types.integer() },
        ],
      },
    },
  ],
];
