/**
 * Hydrator micro-benchmark: rows/second turned into mapped instances (compiled row reader +
 * identity key + Object.create + InstanceState) against a plain loop copying the row's fields
 * into `{}` objects. Run: `npx ts-node --transpile-only bench/hydrator.ts`.
 */
import 'reflect-metadata';
import { Column, Table } from '../lib/decorators';
import { Registry, inspect } from '../lib/mapper';
import { types } from '../lib/sql';

const reg = new Registry();

@Table('bench_items', { registry: reg })
class Item {
  @Column({ primaryKey: true }) id!: number;
  @Column() name!: string;
  @Column() email!: string;
  @Column() age!: number;
  @Column() score!: number;
  @Column() active!: boolean;
  @Column() createdAt!: Date;
  @Column({ type: types.string(20) }) city!: string;
  @Column({ type: types.string(20) }) country!: string;
  @Column({ type: types.text() }) notes!: string;
}

const ROWS = 200_000;
const ROUNDS = 7;
const now = new Date();
const rows = Array.from({ length: ROWS }, (_, i) => ({
  id: i + 1,
  name: `name ${i}`,
  email: `user${i}@example.com`,
  age: i % 90,
  score: i * 1.5,
  active: i % 2 === 0,
  createdAt: now,
  city: 'Lyon',
  country: 'FR',
  notes: 'x',
}));
const keys = Object.keys(rows[0]!);

function plain(): number {
  const out: Record<string, unknown>[] = new Array(ROWS);
  for (let r = 0; r < ROWS; r++) {
    const row = rows[r]! as Record<string, unknown>;
    const obj: Record<string, unknown> = {};
    for (let k = 0; k < keys.length; k++) obj[keys[k]!] = row[keys[k]!];
    out[r] = obj;
  }
  return out.length;
}

const mapper = inspect(Item);
const reader = mapper.rowReader(mapper.selectColumns.map((c) => c.name));
function hydrate(withKey: boolean): number {
  const out: Item[] = new Array(ROWS);
  let keysLength = 0;
  for (let r = 0; r < ROWS; r++) {
    const row = rows[r]!;
    if (withKey) keysLength += reader.identityKey(row)!.length;
    out[r] = reader.hydrate(row);
  }
  if (out[ROWS - 1]!.email !== `user${ROWS - 1}@example.com`) throw new Error('wrong hydration');
  return out.length + keysLength * 0;
}

const entries: [string, () => number][] = [
  ['plain loop → {}', plain],
  ['hydrator (instances)', () => hydrate(false)],
  ['hydrator + identity key', () => hydrate(true)],
];
const times = new Map<string, number[]>(entries.map(([n]) => [n, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, fn] of entries) {
    const t0 = performance.now();
    fn();
    times.get(name)!.push(performance.now() - t0);
  }
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const floor = median(times.get('plain loop → {}')!);
console.log(`${ROWS} rows × 10 columns, median of ${ROUNDS} interleaved rounds (Node ${process.version})`);
console.log('entry                      |  ms/run | rows/second | vs plain');
console.log('---------------------------|---------|-------------|---------');
for (const [name] of entries) {
  const ms = median(times.get(name)!);
  const rps = Math.round((ROWS / ms) * 1000);
  console.log(
    `${name.padEnd(27)}| ${ms.toFixed(1).padStart(7)} | ${rps.toLocaleString('en').padStart(11)} | ${(ms / floor).toFixed(2)}×`,
  );
}
