/**
 * W7: heap retained per 100k tracked objects, and heap growth across 1,000 small units of work.
 * Needs `node --expose-gc`; both figures are heapUsed differences after two full collections.
 */
import { SEED_ITEMS, W3_PARENTS } from './data';
import { POOL_IDLE_MS, type BenchEntry } from './types';

export interface MemoryResult {
  /** MiB retained per 100,000 loaded objects (with the session/identity map that tracks them). */
  perHundredK?: number;
  /** KiB of heap growth across `units` units of work, after as many to reach steady state. */
  growthKiB?: number;
  error?: string;
}

/**
 * Waits past the pools' idle timeout first: a pooled connection may still reference the last
 * result it produced, which must not be counted in the next baseline.
 */
async function settledHeap(): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, POOL_IDLE_MS + 500));
  return heapAfterGc();
}

function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc!;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

export function gcAvailable(): boolean {
  return typeof (globalThis as { gc?: unknown }).gc === 'function';
}

export async function measureMemory(e: BenchEntry, units: number): Promise<MemoryResult> {
  const res: MemoryResult = {};
  try {
    if (e.W7load) {
      await (await e.W7load()).release(); // warm-up: metadata, caches, pools
      const before = await settledHeap();
      const kept = await e.W7load();
      const after = heapAfterGc();
      if (kept.count !== SEED_ITEMS) {
        throw new Error(`W7 loaded ${kept.count} objects, expected ${SEED_ITEMS}`);
      }
      res.perHundredK = ((after - before) * (100_000 / kept.count)) / 2 ** 20;
      await kept.release();
      await settledHeap();
    }
    if (e.W7unit) {
      // A first batch of units reaches steady state (JIT code, statement caches, pool); the
      // growth is measured across the second batch.
      for (let i = 0; i < units; i++) await e.W7unit((i % W3_PARENTS) + 1, i);
      const before = heapAfterGc();
      for (let i = 0; i < units; i++) await e.W7unit((i % W3_PARENTS) + 1, i);
      res.growthKiB = (heapAfterGc() - before) / 1024;
    }
  } catch (err) {
    res.error = err instanceof Error ? err.message : String(err);
  }
  return res;
}
