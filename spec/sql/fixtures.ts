import { MetaData, column, table, types, sqlDefault } from '../../lib/sql';

/** The schema the compiler specs share: users ← posts, a self-referencing employees table. */
export const metadata = new MetaData();

export const users = table(
  'users',
  {
    id: column(types.integer(), { primaryKey: true }),
    name: column(types.string(50), { nullable: false }),
    email: column(types.string(100)),
    age: column(types.integer()),
    active: column(types.boolean(), { nullable: false, default: true }),
  },
  { metadata },
);

export const posts = table(
  'posts',
  {
    id: column(types.integer(), { primaryKey: true }),
    userId: column(types.integer(), { name: 'user_id', nullable: false, foreignKey: 'users.id' }),
    title: column(types.string(200), { nullable: false }),
    score: column(types.integer()),
    createdAt: column(types.dateTime(), {
      name: 'created_at',
      serverDefault: sqlDefault('CURRENT_TIMESTAMP'),
    }),
  },
  { metadata },
);

export const employees = table(
  'employees',
  {
    id: column(types.integer(), { primaryKey: true }),
    name: column(types.string(50), { nullable: false }),
    managerId: column(types.integer(), { name: 'manager_id', foreignKey: 'employees.id' }),
  },
  { metadata },
);
