/**
 * Quick start: an in-memory SQLite database, a table, an insert, a query, and the SQL it ran.
 * Run with `npm run quickstart` — no server needed.
 */
import { createEngine } from '../lib';
import { ormQuickStart } from './orm-quick-start';
import { column, func, insert, MetaData, select, table, types } from '../lib/sql';

const metadata = new MetaData();
const users = table(
  'users',
  {
    id: column(types.integer(), { primaryKey: true }),
    name: column(types.string(50), { nullable: false }),
    createdAt: column(types.dateTime({ timezone: true }), { name: 'created_at', default: () => new Date() }),
  },
  { metadata },
);

async function main(): Promise<void> {
  const engine = createEngine('sqlite://', {
    echo: (sql) => console.log(`  sql> ${sql.replace(/\n/g, '\n       ')}`),
  });
  try {
    await metadata.createAll(engine);

    await engine.transaction(async (conn) => {
      await conn.execute(
        insert(users).values([{ name: 'sandy' }, { name: 'squidward' }, { name: 'patrick' }]),
      );
    });

    const rows = (
      await engine.execute(
        select(users.c.id, users.c.name, users.c.createdAt)
          .where(users.c.name.like('s%'))
          .orderBy(users.c.id),
      )
    ).all();
    console.log('\nusers whose name starts with s:');
    for (const row of rows) console.log(`  #${row.id} ${row.name} (created ${row.createdAt?.toISOString()})`);

    const count = (await engine.execute(select(func.count().as('n')).from(users))).scalar();
    console.log(`\n${count} users in total`);
  } finally {
    await engine.dispose();
  }
}

main()
  .then(ormQuickStart)
  .catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
