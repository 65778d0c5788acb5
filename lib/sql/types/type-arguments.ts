import { ArgumentError } from '../../errors';

/**
 * A size argument of a column type (`string(n)`, `numeric(p, s)`, `binary(n)`): it is written
 * into DDL and CAST, so only a whole number in range gets there — never text from a caller.
 * @internal
 */
export function typeSize(type: string, what: string, value: unknown, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new ArgumentError(
      `types.${type}(): ${what} must be an integer >= ${min}, got ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`,
    );
  }
  return value;
}
