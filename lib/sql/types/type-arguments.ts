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

/** Words, numbers, spaces, dots, commas and brackets: a type name such as `geometry(Point, 4326)[]`. */
const TYPE_TEXT = /^[A-Za-z_][A-Za-z0-9_ .,()[\]]*$/;

/**
 * The text of `types.custom(…)`, checked to be a type name with arguments: no quotes, semicolons,
 * comments or unbalanced brackets, so it cannot end the column definition it is written into.
 * @internal
 */
export function checkTypeText(sql: unknown): void {
  let depth = 0;
  let balanced = typeof sql === 'string' && TYPE_TEXT.test(sql);
  for (const ch of balanced ? (sql as string) : '') {
    if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    if (depth < 0) balanced = false;
  }
  if (!balanced || depth !== 0) {
    throw new ArgumentError(
      `types.custom(): ${JSON.stringify(sql)} is not a type name; expected a name with optional ` +
        'arguments such as inet, geometry(Point, 4326) or varchar(20)[]',
    );
  }
}
