import { Column, Table } from '../../lib/decorators';
import { inspect, Registry, types } from '../../lib';
import type { Mapper } from '../../lib/mapper';
import { planUpsert, upsertStatements, type UpsertOptions } from '../../lib/session/upsert';
import { expectCompiled } from '../sql/helpers';

const registry = new Registry();

@Table('accounts', { registry })
class Account {
  @Column({ primaryKey: true }) id!: number;
  @Column({ type: types.string(80), unique: true }) email!: string;
  @Column({ type: types.string(50), nullable: true }) nickname!: string | null;
}

beforeAll(() => registry.configure());

const statements = (rows: object[], options: UpsertOptions<Account>, maxParams = 1000) =>
  upsertStatements(
    planUpsert(inspect(Account) as Mapper<object>, rows, options as UpsertOptions<object>),
    maxParams,
  );
const rows = [
  { email: 'a@x', nickname: 'a' },
  { email: 'b@x', nickname: 'b' },
];
const params = ['a@x', 'a', 'b@x', 'b'];

describe('ORM upsert statements on every dialect', () => {
  it('insert-or-update on a unique key: ON CONFLICT, ON DUPLICATE KEY, MERGE', () => {
    expectCompiled(() => statements(rows, { onConflict: ['email'] })[0]!, {
      postgresql: {
        sql: 'INSERT INTO "accounts" ("email", "nickname") VALUES ($1, $2), ($3, $4) ON CONFLICT ("email") DO UPDATE SET "nickname" = EXCLUDED."nickname"',
        params,
      },
      sqlite: {
        sql: 'INSERT INTO "accounts" ("email", "nickname") VALUES (?, ?), (?, ?) ON CONFLICT ("email") DO UPDATE SET "nickname" = EXCLUDED."nickname"',
        params,
      },
      mysql: {
        sql: 'INSERT INTO `accounts` (`email`, `nickname`) VALUES (?, ?), (?, ?) ON DUPLICATE KEY UPDATE `nickname` = VALUES(`nickname`)',
        params,
      },
      mariadb: {
        sql: 'INSERT INTO `accounts` (`email`, `nickname`) VALUES (?, ?), (?, ?) ON DUPLICATE KEY UPDATE `nickname` = VALUES(`nickname`)',
        params,
      },
      mssql: {
        sql: 'MERGE INTO [accounts] WITH (HOLDLOCK) USING (VALUES (@p1, @p2), (@p3, @p4)) AS [src] ([email], [nickname]) ON [accounts].[email] = [src].[email] WHEN MATCHED THEN UPDATE SET [nickname] = [src].[nickname] WHEN NOT MATCHED THEN INSERT ([email], [nickname]) VALUES ([src].[email], [src].[nickname]);',
        params,
      },
      oracle: {
        sql: 'MERGE INTO "accounts" USING (SELECT :1 "email", :2 "nickname" FROM DUAL UNION ALL SELECT :3 "email", :4 "nickname" FROM DUAL) "src" ON ("accounts"."email" = "src"."email") WHEN MATCHED THEN UPDATE SET "nickname" = "src"."nickname" WHEN NOT MATCHED THEN INSERT ("email", "nickname") VALUES ("src"."email", "src"."nickname")',
        params,
      },
    });
  });

  it("update: 'nothing' inserts only the missing rows", () => {
    expectCompiled(() => statements(rows, { onConflict: ['email'], update: 'nothing' })[0]!, {
      postgresql: {
        sql: 'INSERT INTO "accounts" ("email", "nickname") VALUES ($1, $2), ($3, $4) ON CONFLICT ("email") DO NOTHING',
        params,
      },
      sqlite: {
        sql: 'INSERT INTO "accounts" ("email", "nickname") VALUES (?, ?), (?, ?) ON CONFLICT ("email") DO NOTHING',
        params,
      },
      mysql: {
        sql: 'INSERT INTO `accounts` (`email`, `nickname`) VALUES (?, ?), (?, ?) ON DUPLICATE KEY UPDATE `email` = `email`',
        params,
      },
      mariadb: {
        sql: 'INSERT INTO `accounts` (`email`, `nickname`) VALUES (?, ?), (?, ?) ON DUPLICATE KEY UPDATE `email` = `email`',
        params,
      },
      mssql: {
        sql: 'MERGE INTO [accounts] WITH (HOLDLOCK) USING (VALUES (@p1, @p2), (@p3, @p4)) AS [src] ([email], [nickname]) ON [accounts].[email] = [src].[email] WHEN NOT MATCHED THEN INSERT ([email], [nickname]) VALUES ([src].[email], [src].[nickname]);',
        params,
      },
      oracle: {
        sql: 'MERGE INTO "accounts" USING (SELECT :1 "email", :2 "nickname" FROM DUAL UNION ALL SELECT :3 "email", :4 "nickname" FROM DUAL) "src" ON ("accounts"."email" = "src"."email") WHEN NOT MATCHED THEN INSERT ("email", "nickname") VALUES ("src"."email", "src"."nickname")',
        params,
      },
    });
  });

  it('pages rows under the parameter limit and groups rows by the attributes they give', () => {
    const many = Array.from({ length: 5 }, (_, i) => ({ email: `${i}@x`, nickname: 'n' }));
    expect(
      statements(many, { onConflict: ['email'] }, 4).map((s) => s.toStatementNode().rows.length),
    ).toEqual([2, 2, 1]);
    const mixed = statements([{ email: 'a' }, { email: 'b', nickname: 'b' }, { email: 'c' }], {
      onConflict: ['email'],
    });
    expect(
      mixed.map((s) => {
        const node = s.toStatementNode();
        return [node.columns, node.rows.length, node.onConflict?.set?.map(([column]) => column)];
      }),
    ).toEqual([
      [['email'], 2, undefined], // a row giving no nickname does not overwrite it
      [['email', 'nickname'], 1, ['nickname']],
    ]);
  });
});
