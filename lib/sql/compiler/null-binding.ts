import type { ValueProcessor } from '../types/sql-type';

/**
 * Bind processors of types whose `null` is a value of their own (`SqlType.bindsNull`: JSON null, a
 * decorated type that converts null). The compiler marks them; the statement cache, which re-binds
 * a cached statement's parameters with the processors alone, reads the mark to convert null too.
 */
const givenNull = new WeakSet<ValueProcessor>();

/** Marks `processor` as one that converts null values too; returns it. */
export function convertsNull(processor: ValueProcessor): ValueProcessor {
  givenNull.add(processor);
  return processor;
}

/** Whether a bind processor converts null values too. */
export function isNullConverting(processor: ValueProcessor | undefined): boolean {
  return processor !== undefined && givenNull.has(processor);
}
