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
