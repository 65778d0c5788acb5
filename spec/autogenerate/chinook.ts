import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';
import sqlite3 from 'sqlite3';
import type { TestTarget } from '../support/dialects';
import { uniqueName } from '../support/dialects';

const DATASET = join(__dirname, '..', '..', '..', 'shared', 'datasets', 'chinook');

/** The Chinook script of a database, without its DROP / CREATE / USE DATABASE lines. */
function script(file: string): string {
  const candidates = [join(DATASET, file), join('/work/shared/datasets/chinook', file)];
  for (const path of candidates) {
    try {
      return readFileSync(path, 'utf8')
        .split('\n')
        .filter((line) => !/^\s*(DROP DATABASE|CREATE DATABASE|USE |\\c )/i.test(line))
        .join('\n');
    } catch {
      // next candidate
    }
  }
  throw new Error(`the Chinook dataset is missing (${file} under ${DATASET})`);
}

/** Whether the dataset is present (the suite is skipped without it). */
export function chinookAvailable(): boolean {
  try {
    script('Chinook_Sqlite.sql');
    return true;
  } catch {
    return false;
  }
}

export interface LoadedChinook {
  /** A URL of a database holding Chinook and nothing else. */
  readonly url: string;
  drop(): Promise<void>;
}

/** Loads Chinook into a database of its own: a file on SQLite, a new database on the servers. */
export async function loadChinook(target: TestTarget, baseUrl: string): Promise<LoadedChinook> {
  const name = uniqueName('chinook').toLowerCase();
  if (target === 'sqlite') {
    const file = join(tmpdir(), `${name}.db`);
    const db = new sqlite3.Database(file);
    await new Promise<void>((resolve, reject) =>
      db.exec(script('Chinook_Sqlite.sql'), (err) => (err ? reject(err) : resolve())),
    );
    await new Promise<void>((resolve) => db.close(() => resolve()));
    return { url: `sqlite:///${file}`, drop: async () => rmSync(file, { force: true }) };
  }
  if (target === 'postgresql') {
    const admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(baseUrl);
    url.pathname = `/${name}`;
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      await client.query(script('Chinook_PostgreSql.sql'));
    } finally {
      await client.end();
    }
    return {
      url: url.toString(),
      drop: async () => {
        try {
          await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        } finally {
          await admin.end();
        }
      },
    };
  }
  const url = new URL(baseUrl);
  const conn = await mysql.createConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username || 'root'),
    password: decodeURIComponent(url.password),
    multipleStatements: true,
  });
  await conn.query(`CREATE DATABASE \`${name}\``);
  await conn.query(`USE \`${name}\`; ${script('Chinook_MySql.sql')}`);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      try {
        await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
      } finally {
        await conn.end();
      }
    },
  };
}
