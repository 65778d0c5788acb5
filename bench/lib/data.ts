/**
 * The shared schema, its deterministic seed, and the expected values the checks compare against.
 * Every entry maps its own entity definitions onto these three tables.
 */
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
