/**
 * The shared schema, its deterministic seed, and the expected values the checks compare against.
 * Every entry maps its own entity definitions onto these three tables.
 */
import type { Pool } from 'pg';
import type { NewItem } from './types';

/** Items 1..SEED_ITEMS exist; W2 reads 1..10k, W5 rewrites 10,001..20k, W7 reads all; W4 adds above. */
export const SEED_ITEMS = 100_000;
export const W2_ROWS = 10_000;
export const W5_FIRST = 10_001;
export const W5_LAST = 20_000;
export const W4_ROWS = 10_000;
/** Parents 1..100 have 10 children each (W3, W7 units); W6 uses parents 101.. with 3 children each. */
export const W3_PARENTS = 100;
export const W3_CHILDREN = 10;
export const W6_FIRST_PARENT = 101;
export const W6_SEED_CHILDREN = 3;

const BASE_MS = Date.UTC(2024, 0, 1);

export function itemCreatedAt(id: number): Date {
  return new Date(BASE_MS + id * 1000);
}
export function parentCreatedAt(id: number): Date {
  return new Date(BASE_MS + id * 60_000);
}
export function childCreatedAt(id: number): Date {
  return new Date(BASE_MS + id * 7_000);
}

/** The seeded values of item `id` (the SQL in `createSchema` produces exactly these). */
export function expectedItem(id: number): NewItem & { id: number } {
  return {
    id,
    name: `item-${id}`,
    code: `C${id % 1000}`,
    quantity: id % 100,
    price: id * 0.5,
    active: id % 2 === 0,
    category: id % 10,
    description: `desc ${id}`,
    score: id,
    createdAt: itemCreatedAt(id),
  };
}

/** The data of the W4 items of one round; `marker` makes every round's rows distinguishable. */
export function newItems(marker: number): NewItem[] {
  const out: NewItem[] = [];
  for (let j = 0; j < W4_ROWS; j++) {
    out.push({
      name: `new-${marker}-${j}`,
      code: `N${j % 1000}`,
      quantity: j % 50,
      price: j * 0.25,
      active: j % 3 === 0,
      category: j % 7,
      description: `new item ${j}`,
      score: marker * 100_000 + j,
      createdAt: new Date(BASE_MS + 86_400_000 + j * 1000),
    });
  }
  return out;
}

const TS = `timestamptz '2024-01-01 00:00:00+00'`;

/** Drops and recreates the three tables and seeds them; `w6Parents` W6 parents are created. */
export async function createSchema(pool: Pool, w6Parents: number): Promise<void> {
  await pool.query('DROP TABLE IF EXISTS bench_child, bench_parent, bench_item');
  await pool.query(`CREATE TABLE bench_item (
    id serial PRIMARY KEY, name text NOT NULL, code varchar(32) NOT NULL, quantity integer NOT NULL,
    price double precision NOT NULL, active boolean NOT NULL, category integer NOT NULL,
    description text NOT NULL, score integer NOT NULL, created_at timestamptz NOT NULL)`);
  await pool.query(`CREATE TABLE bench_parent (
    id serial PRIMARY KEY, name text NOT NULL, created_at timestamptz NOT NULL)`);
  await pool.query(`CREATE TABLE bench_child (
    id serial PRIMARY KEY, parent_id integer NOT NULL REFERENCES bench_parent (id),
    name text NOT NULL, value integer NOT NULL, created_at timestamptz NOT NULL)`);
  await pool.query('CREATE INDEX bench_child_parent_id ON bench_child (parent_id)');
  await pool.query(
    `INSERT INTO bench_item (name, code, quantity, price, active, category, description, score, created_at)
     SELECT 'item-' || i, 'C' || (i % 1000), i % 100, i * 0.5, i % 2 = 0, i % 10, 'desc ' || i, i,
            ${TS} + i * interval '1 second'
     FROM generate_series(1, $1::int) AS i ORDER BY i`,
    [SEED_ITEMS],
  );
  await pool.query(
    `INSERT INTO bench_parent (name, created_at)
     SELECT 'parent-' || p, ${TS} + p * interval '1 minute' FROM generate_series(1, $1::int) AS p ORDER BY p`,
    [W6_FIRST_PARENT - 1 + w6Parents],
  );
  await pool.query(
    `INSERT INTO bench_child (parent_id, name, value, created_at)
     SELECT (c - 1) / $2::int + 1, 'child-' || c, c, ${TS} + c * interval '7 seconds'
     FROM generate_series(1, $1::int * $2::int) AS c ORDER BY c`,
    [W3_PARENTS, W3_CHILDREN],
  );
  await resetW6(pool, w6Parents);
  await pool.query('VACUUM ANALYZE bench_item, bench_parent, bench_child');
}

/** Gives every W6 parent exactly 3 fresh children again (run untimed before each W6 run). */
export async function resetW6(pool: Pool, w6Parents: number): Promise<void> {
  await pool.query('DELETE FROM bench_child WHERE parent_id >= $1', [W6_FIRST_PARENT]);
  await pool.query(
    `INSERT INTO bench_child (parent_id, name, value, created_at)
     SELECT p, 'seed-' || k, k, ${TS} FROM generate_series($1::int, $2::int) AS p, generate_series(1, $3::int) AS k
     ORDER BY p, k`,
    [W6_FIRST_PARENT, W6_FIRST_PARENT - 1 + w6Parents, W6_SEED_CHILDREN],
  );
}

/** Removes the rows W4 inserted (run untimed before each W4 run). */
export async function resetW4(pool: Pool): Promise<void> {
  await pool.query('DELETE FROM bench_item WHERE id > $1', [SEED_ITEMS]);
}
