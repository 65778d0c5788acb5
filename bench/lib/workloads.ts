/**
 * The timed workloads W1–W6: for each, the untimed preparation, the timed call into an entry, and
 * the check of what came back. W7 (memory) lives in `memory.ts`.
 */
import type { BenchDatabase } from './databases';
import { checkW1, checkW2, checkW3, checkW4, checkW5, checkW6 } from './checks';
import { SEED_ITEMS, W5_LAST, W6_FIRST_PARENT, newItems } from './data';
import type { BenchEntry, ItemLike, W6Task, WorkloadKey } from './types';

export interface RunSettings {
  w1Ops: number;
  w6Units: number;
}

/** A prepared run: `timed()` is measured, `check()` runs afterwards. */
interface PreparedRun {
  timed(): Promise<void>;
  check(): Promise<void>;
}

export interface WorkloadDef {
  key: WorkloadKey;
  title: string;
  /** Default number of measured rounds (plus one smaller warm-up round). */
  rounds: number;
  /** The warm-up run is smaller than a measured run, so its time is never the workload's figure. */
  smallWarmup?: boolean;
  /** The workload whose raw-driver median is this workload's floor. */
  floor: WorkloadKey;
  has(e: BenchEntry): boolean;
  /** Untimed preparation of one run; `warmup` runs use a smaller size where the workload allows. */
  prepare(
    e: BenchEntry,
    db: BenchDatabase,
    s: RunSettings,
    marker: number,
    warmup: boolean,
  ): Promise<PreparedRun>;
}

/** Runs `n` tasks with at most `concurrency` in flight. */
async function runConcurrently(
  n: number,
  concurrency: number,
  fn: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < n; i = next++) await fn(i);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
}

function w6(key: WorkloadKey, concurrency: number): WorkloadDef {
  return {
    key,
    title: `W6 OLTP unit of work ×units, concurrency ${concurrency}`,
    rounds: 2,
    smallWarmup: true,
    floor: key,
    has: (e) => !!e.W6,
    async prepare(e, db, s, marker, warmup) {
      const units = warmup ? Math.min(200, s.w6Units) : s.w6Units;
      await db.resetW6(s.w6Units);
      const tasks: W6Task[] = Array.from({ length: units }, (_, i) => ({
        parentId: W6_FIRST_PARENT + i,
        newChildren: Array.from({ length: 10 }, (_, j) => ({
          name: `w6-${marker}-${i}-${j}`,
          value: j,
          createdAt: new Date(Date.UTC(2024, 5, 1) + i * 1000 + j),
        })),
        updateValue: marker,
        updateName: `u${marker}`,
      }));
      const dates: Date[] = new Array<Date>(units);
      return {
        timed: () =>
          runConcurrently(units, concurrency, async (i) => {
            dates[i] = await e.W6!(tasks[i]);
          }),
        check: () => checkW6(`${e.name} ${key}`, db.admin, units, dates, marker),
      };
    },
  };
}

export const WORKLOADS: WorkloadDef[] = [
  {
    key: 'W1',
    title: 'W1 get one item by primary key ×ops, fresh session each',
    rounds: 3,
    smallWarmup: true,
    floor: 'W1',
    has: (e) => !!e.W1,
    async prepare(e, _pool, s, marker, warmup) {
      const n = warmup ? Math.min(1000, s.w1Ops) : s.w1Ops;
      // Ids above the W5 range, so every row still has its seeded values.
      const span = SEED_ITEMS - W5_LAST;
      const ids = Array.from({ length: n }, (_, k) => W5_LAST + 1 + ((k * 7919 + marker * 13) % span));
      const out: ItemLike[] = new Array<ItemLike>(n);
      return {
        async timed() {
          for (let k = 0; k < n; k++) out[k] = await e.W1!(ids[k]);
        },
        check: async () => checkW1(`${e.name} W1`, out, ids),
      };
    },
  },
  ...(['W2t', 'W2u'] as const).map((key): WorkloadDef => ({
    key,
    title: key === 'W2t' ? 'W2 select 10k items, tracked entities' : 'W2 select 10k items, plain / untracked',
    rounds: 10,
    floor: 'W2u',
    has: (e) => !!e[key],
    async prepare(e) {
      let out: ItemLike[] = [];
      return {
        timed: async () => {
          out = await e[key]!();
        },
        check: async () => checkW2(`${e.name} ${key}`, out),
      };
    },
  })),
  ...(['W3s', 'W3j'] as const).map((key): WorkloadDef => ({
    key,
    title: `W3 100 parents × 10 children, ${key === 'W3s' ? 'selectin' : 'joined'} loading`,
    rounds: 15,
    floor: 'W3s',
    has: (e) => !!e[key],
    async prepare(e) {
      let out: Awaited<ReturnType<NonNullable<BenchEntry['W3s']>>> = [];
      return {
        timed: async () => {
          out = await e[key]!();
        },
        check: async () => checkW3(`${e.name} ${key}`, out),
      };
    },
  })),
  {
    key: 'W4',
    title: 'W4 insert 10k new objects in one unit of work',
    rounds: 5,
    floor: 'W4',
    has: (e) => !!e.W4,
    async prepare(e, db, _s, marker) {
      await db.resetW4();
      const input = newItems(marker);
      let out: ItemLike[] = [];
      return {
        timed: async () => {
          out = await e.W4!(input);
        },
        check: () => checkW4(`${e.name} W4`, db.admin, input, out),
      };
    },
  },
  {
    key: 'W5',
    title: 'W5 load 10k objects, change 2 columns each, flush',
    rounds: 5,
    floor: 'W5',
    has: (e) => !!e.W5,
    async prepare(e, db, _s, marker) {
      const scoreBase = marker * 100_000;
      const description = `w5-${marker}`;
      let out: ItemLike[] = [];
      return {
        timed: async () => {
          out = await e.W5!(scoreBase, description);
        },
        check: () => checkW5(`${e.name} W5`, db.admin, out, scoreBase, description),
      };
    },
  },
  w6('W6c1', 1),
  w6('W6c10', 10),
];
