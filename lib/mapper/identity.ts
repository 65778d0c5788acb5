/**
 * Encodes one primary key value for an identity key. Numbers and bigints share a form, so a key
 * read back as `1n` matches `get(User, 1)`; strings are JSON-quoted so that `|` inside them cannot
 * make two keys collide.
 * @internal
 */
export function encodeKeyValue(value: unknown): string {
  switch (typeof value) {
    case 'number':
    case 'bigint':
    case 'boolean':
      return String(value);
    case 'string':
      return JSON.stringify(value);
    default:
      if (value === null || value === undefined) return 'null';
      if (value instanceof Date) return `D${value.toISOString()}`;
      if (value instanceof Uint8Array) return `B${Buffer.from(value).toString('hex')}`;
      return JSON.stringify(value);
  }
}

/**
 * The integer written after position `bar` (a '|') of an identity key to its end, when it is
 * written exactly as `String()` writes a safe integer (no sign but '-', no leading zero, at most
 * 15 characters); else undefined. For keys that end in such an integer, `key.slice(0, bar) + '|' +
 * n` gives the key back, so the pair can stand for the key without keeping the string.
 * @internal
 */
export function integerAfter(key: string, bar: number): number | undefined {
  const end = key.length;
  let i = bar + 1;
  if (bar < 0 || i >= end || end - i > 15) return undefined;
  const negative = key.charCodeAt(i) === 45;
  if (negative && ++i === end) return undefined;
  // Zero is the only integer written with a leading zero, and never as -0.
  if (key.charCodeAt(i) === 48 && (negative || i + 1 !== end)) return undefined;
  let n = 0;
  for (; i < end; i++) {
    const digit = key.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return undefined;
    n = n * 10 + digit;
  }
  return negative ? -n : n;
}
