/**
 * Result checks, run after every timed run (outside the timing). A failed check throws, naming the
 * entry, the workload and the first wrong value: an entry that returns wrong data gets no figure.
 */
import { asBool, asDate, type Admin } from './databases';
import {
  W2_ROWS,
  W3_CHILDREN,
  W3_PARENTS,
  W4_ROWS,
  W5_FIRST,
  W5_LAST,
  SEED_ITEMS,
  W6_FIRST_PARENT,
  W6_SEED_CHILDREN,
  childCreatedAt,
  expectedItem,
  parentCreatedAt,
} from './data';
import type { ChildLike, ItemLike, NewItem, ParentLike } from './types';

export class CheckError extends Error {}

function fail(what: string, detail: string): never {
  throw new CheckError(`${what}: ${detail}`);
}

function isDate(v: unknown): v is Date {
  return v instanceof Date && !Number.isNaN(v.getTime());
}

/** Compares every column of `row` with the seeded item `id`. */
export function checkItem(what: string, row: ItemLike | undefined, id: number): void {
  if (!row) fail(what, `item ${id} missing`);
  const exp = expectedItem(id);
  for (const key of Object.keys(exp) as (keyof typeof exp)[]) {
    const got = row[key];
    if (key === 'createdAt') {
      if (!isDate(got)) fail(what, `item ${id}.createdAt is ${typeof got} ${String(got)}, not a Date`);
      if (got.getTime() !== exp.createdAt.getTime()) fail(what, `item ${id}.createdAt ${got.toISOString()}`);
    } else if (got !== exp[key]) {
      fail(what, `item ${id}.${key} = ${JSON.stringify(got)}, expected ${JSON.stringify(exp[key])}`);
    }
  }
}

export function checkW1(what: string, rows: ItemLike[], ids: number[]): void {
  if (rows.length !== ids.length) fail(what, `${rows.length} results for ${ids.length} lookups`);
  for (let i = 0; i < ids.length; i++) checkItem(what, rows[i], ids[i]);
}

export function checkW2(what: string, rows: ItemLike[]): void {
  if (rows.length !== W2_ROWS) fail(what, `${rows.length} rows, expected ${W2_ROWS}`);
  for (let i = 0; i < rows.length; i++) checkItem(what, rows[i], i + 1);
}

export function checkW3(what: string, parents: ParentLike[]): void {
  if (parents.length !== W3_PARENTS) fail(what, `${parents.length} parents, expected ${W3_PARENTS}`);
  parents.forEach((p, i) => {
    const id = i + 1;
    if (p.id !== id || p.name !== `parent-${id}`) fail(what, `parent #${i} is ${p.id} ${p.name}`);
    if (!isDate(p.createdAt) || p.createdAt.getTime() !== parentCreatedAt(id).getTime()) {
      fail(what, `parent ${id}.createdAt is ${String(p.createdAt)}`);
    }
    const kids: ChildLike[] = [...p.children].sort((a, b) => a.id - b.id);
    if (kids.length !== W3_CHILDREN) fail(what, `parent ${id} has ${kids.length} children`);
    kids.forEach((c, k) => {
      const cid = (id - 1) * W3_CHILDREN + k + 1;
      if (c.id !== cid || c.name !== `child-${cid}`) fail(what, `child ${c.id} ${c.name} under parent ${id}`);
      if (!isDate(c.createdAt) || c.createdAt.getTime() !== childCreatedAt(cid).getTime()) {
        fail(what, `child ${cid}.createdAt is ${String(c.createdAt)}`);
      }
    });
  });
}

export async function checkW4(what: string, db: Admin, input: NewItem[], out: ItemLike[]): Promise<void> {
  if (out.length !== W4_ROWS) fail(what, `${out.length} objects returned, expected ${W4_ROWS}`);
  const ids = new Set<number>();
  out.forEach((o, i) => {
    if (typeof o.id !== 'number' || o.id <= SEED_ITEMS) fail(what, `object #${i} has id ${String(o.id)}`);
    if (o.name !== input[i].name) fail(what, `object #${i} is ${o.name}, expected ${input[i].name}`);
    if (!isDate(o.createdAt)) fail(what, `object #${i}.createdAt is not a Date`);
    ids.add(o.id);
  });
  if (ids.size !== W4_ROWS) fail(what, `${ids.size} distinct ids`);
  // Read back on the admin connection: every stored row matches the input of the returned id.
  const rows = await db.query(
    'SELECT id, name, price, active, score, created_at FROM bench_item WHERE id > ? ORDER BY id',
    [SEED_ITEMS],
  );
  if (rows.length !== W4_ROWS) fail(what, `${rows.length} rows in the table`);
  const byId = new Map(out.map((o, i) => [o.id, input[i]]));
  for (const r of rows) {
    const exp = byId.get(Number(r.id));
    if (
      !exp ||
      r.name !== exp.name ||
      Number(r.price) !== exp.price ||
      asBool(r.active) !== exp.active ||
      Number(r.score) !== exp.score ||
      asDate(r.created_at).getTime() !== exp.createdAt.getTime()
    ) {
      fail(what, `row ${String(r.id)} stored as ${JSON.stringify(r)}`);
    }
  }
}

export async function checkW5(
  what: string,
  db: Admin,
  out: ItemLike[],
  scoreBase: number,
  description: string,
): Promise<void> {
  const n = W5_LAST - W5_FIRST + 1;
  if (out.length !== n) fail(what, `${out.length} objects loaded, expected ${n}`);
  for (const o of out) if (!isDate(o.createdAt)) fail(what, `item ${o.id}.createdAt is not a Date`);
  const rows = await db.query(
    'SELECT id, name, score, description FROM bench_item WHERE id BETWEEN ? AND ?',
    [W5_FIRST, W5_LAST],
  );
  const ok = rows.filter(
    (r) =>
      Number(r.score) === scoreBase + Number(r.id) &&
      r.description === description &&
      r.name === `item-${String(r.id)}`,
  ).length;
  if (ok !== n) fail(what, `${ok} of ${n} rows updated`);
}

export async function checkW6(
  what: string,
  db: Admin,
  units: number,
  dates: Date[],
  marker: number,
): Promise<void> {
  if (dates.length !== units) fail(what, `${dates.length} results for ${units} units`);
  dates.forEach((d, i) => {
    if (!isDate(d) || d.getTime() !== parentCreatedAt(W6_FIRST_PARENT + i).getTime()) {
      fail(what, `unit ${i} returned createdAt ${String(d)}`);
    }
  });
  const rows = await db.query('SELECT name, value FROM bench_child WHERE parent_id BETWEEN ? AND ?', [
    W6_FIRST_PARENT,
    W6_FIRST_PARENT + units - 1,
  ]);
  const r = { total: rows.length, upd: 0, added: 0, seeds: 0 };
  for (const row of rows) {
    const name = String(row.name);
    if (Number(row.value) === marker && name === `u${marker}`) r.upd++;
    if (name.startsWith(`w6-${marker}-`)) r.added++;
    if (name.startsWith('seed-')) r.seeds++;
  }
  const exp = { total: units * (W6_SEED_CHILDREN - 1 + 10), upd: units * 2, added: units * 10, seeds: units };
  if (r.total !== exp.total || r.upd !== exp.upd || r.added !== exp.added) {
    fail(what, `children after the run: ${JSON.stringify(r)}, expected ${JSON.stringify(exp)}`);
  }
  if (r.seeds !== 0) fail(what, `${r.seeds} seeded children left unchanged`);
}
