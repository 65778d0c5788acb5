/**
 * Settings of the property-based tests: a fixed seed so a failure reproduces, and a bounded number
 * of runs; `ATHANOR_FUZZ_RUNS` and `ATHANOR_FUZZ_SEED` raise or vary them (`npm run test:fuzz`).
 */
export function fuzzSettings(defaultRuns: number): { seed: number; numRuns: number } {
  const runs = Number(process.env['ATHANOR_FUZZ_RUNS'] ?? defaultRuns);
  const seed = Number(process.env['ATHANOR_FUZZ_SEED'] ?? 20261201);
  return { seed, numRuns: Number.isInteger(runs) && runs > 0 ? runs : defaultRuns };
}

/** How long a fuzz test may take: scaled with its number of runs. */
export function fuzzTimeout(numRuns: number, millisPerRun: number): number {
  return Math.max(30_000, numRuns * millisPerRun);
}
