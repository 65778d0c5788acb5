/**
 * create the conduit tables
 *
 * Revision 0441e33afdc6, follows nothing (a base).
 */
import type { MigrationOps } from '../../../lib/entries/migrations';

export const revision = '0441e33afdc6';
export const downRevision: string | readonly string[] | null = null;
export const message = 'create the conduit tables';

export function upgrade(op: MigrationOps): void {
  op.add({
    kind: 'createTable',
    spec: {
      name: 'users',
      columns: [
        {
          name: 'id',
          type: op.types.integer(),
          nullable: false,
          primaryKey: true,
          autoincrement: true,
        },
        { name: 'email', type: op.types.string(255), nullable: false, autoincrement: false },
        { name: 'username', type: op.types.string(80), nullable: false, autoincrement: false },
        { name: 'passwordHash', type: op.types.string(200), nullable: false, autoincrement: false },
        { name: 'bio', type: op.types.text(), nullable: true, autoincrement: false },
        { name: 'image', type: op.types.string(500), nullable: true, autoincrement: false },
      ],
      primaryKey: ['id'],
      foreignKeys: [],
      uniques: [{ columns: ['email'] }, { columns: ['username'] }],
      checks: [],
      indexes: [],
    },
  });
  op.add({
    kind: 'createTable',
    spec: {
      name: 'follows',
      columns: [
        {
          name: 'followerId',
          type: op.types.integer(),
          nullable: false,
          primaryKey: true,
          autoincrement: false,
        },
        {
          name: 'followedId',
          type: op.types.integer(),
          nullable: false,
          primaryKey: true,
          autoincrement: false,
        },
      ],
      primaryKey: ['followerId', 'followedId'],
      foreignKeys: [
        {
          columns: ['followerId'],
          referredTable: 'users',
          referredColumns: ['id'],
          onDelete: 'CASCADE',
        },
        {
          columns: ['followedId'],
          referredTable: 'users',
          referredColumns: ['id'],
          onDelete: 'CASCADE',
        },
      ],
      uniques: [],
      checks: [],
      indexes: [],
    },
  });
  op.add({
    kind: 'createTable',
    spec: {
      name: 'articles',
      columns: [
        {
          name: 'id',
          type: op.types.integer(),
          nullable: false,
          primaryKey: true,
          autoincrement: true,
        },
        { name: 'slug', type: op.types.string(255), nullable: false, autoincrement: false },
        { name: 'title', type: op.types.string(255), nullable: false, autoincrement: false },
        { name: 'description', type: op.types.string(500), nullable: false, autoincrement: false },
        { name: 'body', type: op.types.text(), nullable: false, autoincrement: false },
        {
          name: 'createdAt',
          type: op.types.dateTime({ timezone: true }),
          nullable: false,
          autoincrement: false,
        },
        {
          name: 'updatedAt',
          type: op.types.dateTime({ timezone: true }),
          nullable: false,
          autoincrement: false,
        },
        { name: 'authorId', type: op.types.integer(), nullable: false, autoincrement: false },
      ],
      primaryKey: ['id'],
      foreignKeys: [
        {
          columns: ['authorId'],
          referredTable: 'users',
          referredColumns: ['id'],
          onDelete: 'CASCADE',
        },
      ],
      uniques: [{ columns: ['slug'] }],
      checks: [],
      indexes: [],
    },
  });
  op.add({
    kind: 'createTable',
    spec: {
      name: 'tags',
      columns: [
        {
          name: 'id',
          type: op.types.integer(),
          nullable: false,
          primaryKey: true,
          autoincrement: true,
        },
        { name: 'name', type: op.types.string(80), nullable: false, autoincrement: false },
      ],
      primaryKey: ['id'],
      foreignKeys: [],
      uniques: [{ columns: ['name'] }],
      checks: [],
      indexes: [],
    },
  });
  op.add({
    kind: 'createTable',
    spec: {
      name: 'favorites',
      columns: [
        {
          name: 'userId',
          type: op.types.integer(),
          nullable: false,
          primaryKey: true,
          autoincrement: false,
        },
        {
          name: 'articleId',
          type: op.types.integer(),
          nullable: false,
          primaryKey: true,
          autoincrement: false,
        },
      ],
      primaryKey: ['userId', 'articleId'],
      foreignKeys: [
        { columns: ['userId'], referredTable: 'users', referredColumns: ['id'], onDelete: 'CASCADE' },
        {
          columns: ['articleId'],
          referredTable: 'articles',
          referredColumns: ['id'],
          onDelete: 'CASCADE',
        },
      ],
      uniques: [],
      checks: [],
      indexes: [],
    },
  });
  op.add({
    kind: 'createTable',
    spec: {
      name: 'comments',
      columns: [
        {
          name: 'id',
          type: op.types.integer(),
          nullable: false,
          primaryKey: true,
          autoincrement: true,
        },
        { name: 'body', type: op.types.text(), nullable: false, autoincrement: false },
        {
          name: 'createdAt',
          type: op.types.dateTime({ timezone: true }),
          nullable: false,
          autoincrement: false,
        },
        {
          name: 'updatedAt',
          type: op.types.dateTime({ timezone: true }),
          nullable: false,
          autoincrement: false,
        },
        { name: 'articleId', type: op.types.integer(), nullable: false, autoincrement: false },
        { name: 'authorId', type: op.types.integer(), nullable: false, autoincrement: false },
      ],
      primaryKey: ['id'],
      foreignKeys: [
        {
          columns: ['articleId'],
          referredTable: 'articles',
          referredColumns: ['id'],
          onDelete: 'CASCADE',
        },
        {
          columns: ['authorId'],
          referredTable: 'users',
          referredColumns: ['id'],
          onDelete: 'CASCADE',
        },
      ],
      uniques: [],
      checks: [],
      indexes: [],
    },
  });
  op.add({
    kind: 'createTable',
    spec: {
      name: 'article_tags',
      columns: [
        {
          name: 'articles_id',
          type: op.types.integer(),
          nullable: false,
          primaryKey: true,
          autoincrement: false,
        },
        {
          name: 'tags_id',
          type: op.types.integer(),
          nullable: false,
          primaryKey: true,
          autoincrement: false,
        },
      ],
      primaryKey: ['articles_id', 'tags_id'],
      foreignKeys: [
        {
          columns: ['articles_id'],
          referredTable: 'articles',
          referredColumns: ['id'],
          onDelete: 'CASCADE',
        },
        { columns: ['tags_id'], referredTable: 'tags', referredColumns: ['id'], onDelete: 'CASCADE' },
      ],
      uniques: [],
      checks: [],
      indexes: [],
    },
  });
}

export function downgrade(op: MigrationOps): void {
  op.add({
    kind: 'dropTable',
    table: 'article_tags',
    existing: {
      name: 'article_tags',
      columns: [
        {
          name: 'articles_id',
          type: op.types.integer(),
          nullable: false,
          primaryKey: true,
          autoincrement: false,
        },
        {
          name: 'tags_id',
          type: op.types.integer(),
          nullable: false,
          primaryKey: true,
          autoincrement: false,
        },
      ],
      primaryKey: ['articles_id', 'tags_id'],
      foreignKeys: [
        {
          columns: ['articles_id'],
          referredTable: 'articles',
          referredColumns: ['id'],
          onDelete: 'CASCADE',
        },
        { columns: ['tags_id'], referredTable: 'tags', referredColumns: ['id'], onDelete: 'CASCADE' },
      ],
      uniques: [],
      checks: [],
      indexes: [],
    },
  });
  op.add({
    kind: 'dropTable',
    table: 'comments',
    existing: {
      name: 'comments',
      columns: [
        {
          name: 'id',
          type: op.types.integer(),
          nullable: false,
          primaryKey: true,
          autoincrement: true,
        },
        { name: 'body', type: op.types.text(), nullable: false, autoincrement: false },
        {
          name: 'createdAt',
          type: op.types.dateTime({ timezone: true }),
          nullable: false,
          autoincrement: false,
        },
        {
          name: 'updatedAt',
          type: op.types.dateTime({ timezone: true }),
          nullable: false,
          autoincrement: false,
        },
        { name: 'articleId', type: op.types.integer(), nullable: false, autoincrement: false },
        { name: 'authorId', type: op.types.integer(), nullable: false, autoincrement: false },
      ],
      primaryKey: ['id'],
      foreignKeys: [
        {
          columns: ['articleId'],
          referredTable: 'articles',
          referredColumns: ['id'],
          onDelete: 'CASCADE',
        },
        {
          columns: ['authorId'],
          referredTable: 'users',
          referredColumns: ['id'],
          onDelete: 'CASCADE',
        },
      ],
      uniques: [],
      checks: [],
      indexes: [],
    },
  });
  op.add({
    kind: 'dropTable',
    table: 'favorites',
    existing: {
      name: 'favorites',
      columns: [
        {
          name: 'userId',
          type: op.types.integer(),
          nullable: false,
          primaryKey: true,
          autoincrement: false,
        },
        {
          name: 'articleId',
          type: op.types.integer(),
          nullable: false,
          primaryKey: true,
          autoincrement: false,
        },
      ],
      primaryKey: ['userId', 'articleId'],
      foreignKeys: [
        { columns: ['userId'], referredTable: 'users', referredColumns: ['id'], onDelete: 'CASCADE' },
        {
          columns: ['articleId'],
          referredTable: 'articles',
          referredColumns: ['id'],
          onDelete: 'CASCADE',
        },
      ],
      uniques: [],
      checks: [],
      indexes: [],
    },
  });
  op.add({
    kind: 'dropTable',
    table: 'tags',
    existing: {
      name: 'tags',
      columns: [
        {
          name: 'id',
          type: op.types.integer(),
          nullable: false,
          primaryKey: true,
          autoincrement: true,
        },
        { name: 'name', type: op.types.string(80), nullable: false, autoincrement: false },
      ],
      primaryKey: ['id'],
      foreignKeys: [],
      uniques: [{ columns: ['name'] }],
      checks: [],
      indexes: [],
    },
  });
  op.add({
    kind: 'dropTable',
    table: 'articles',
    existing: {
      name: 'articles',
      columns: [
        {
          name: 'id',
          type: op.types.integer(),
          nullable: false,
          primaryKey: true,
          autoincrement: true,
        },
        { name: 'slug', type: op.types.string(255), nullable: false, autoincrement: false },
        { name: 'title', type: op.types.string(255), nullable: false, autoincrement: false },
        { name: 'description', type: op.types.string(500), nullable: false, autoincrement: false },
        { name: 'body', type: op.types.text(), nullable: false, autoincrement: false },
        {
          name: 'createdAt',
          type: op.types.dateTime({ timezone: true }),
          nullable: false,
          autoincrement: false,
        },
        {
          name: 'updatedAt',
          type: op.types.dateTime({ timezone: true }),
          nullable: false,
          autoincrement: false,
        },
        { name: 'authorId', type: op.types.integer(), nullable: false, autoincrement: false },
      ],
      primaryKey: ['id'],
      foreignKeys: [
        {
          columns: ['authorId'],
          referredTable: 'users',
          referredColumns: ['id'],
          onDelete: 'CASCADE',
        },
      ],
      uniques: [{ columns: ['slug'] }],
      checks: [],
      indexes: [],
    },
  });
  op.add({
    kind: 'dropTable',
    table: 'follows',
    existing: {
      name: 'follows',
      columns: [
        {
          name: 'followerId',
          type: op.types.integer(),
          nullable: false,
          primaryKey: true,
          autoincrement: false,
        },
        {
          name: 'followedId',
          type: op.types.integer(),
          nullable: false,
          primaryKey: true,
          autoincrement: false,
        },
      ],
      primaryKey: ['followerId', 'followedId'],
      foreignKeys: [
        {
          columns: ['followerId'],
          referredTable: 'users',
          referredColumns: ['id'],
          onDelete: 'CASCADE',
        },
        {
          columns: ['followedId'],
          referredTable: 'users',
          referredColumns: ['id'],
          onDelete: 'CASCADE',
        },
      ],
      uniques: [],
      checks: [],
      indexes: [],
    },
  });
  op.add({
    kind: 'dropTable',
    table: 'users',
    existing: {
      name: 'users',
      columns: [
        {
          name: 'id',
          type: op.types.integer(),
          nullable: false,
          primaryKey: true,
          autoincrement: true,
        },
        { name: 'email', type: op.types.string(255), nullable: false, autoincrement: false },
        { name: 'username', type: op.types.string(80), nullable: false, autoincrement: false },
        { name: 'passwordHash', type: op.types.string(200), nullable: false, autoincrement: false },
        { name: 'bio', type: op.types.text(), nullable: true, autoincrement: false },
        { name: 'image', type: op.types.string(500), nullable: true, autoincrement: false },
      ],
      primaryKey: ['id'],
      foreignKeys: [],
      uniques: [{ columns: ['email'] }, { columns: ['username'] }],
      checks: [],
      indexes: [],
    },
  });
}
