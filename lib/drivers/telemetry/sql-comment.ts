import type { SqlCommentTags } from './options';

/**
 * One sqlcommenter key or value, URL-encoded, quotes included: neither a quote nor the end of
 * the comment (its slash is encoded) can appear in it.
 */
const encode = (s: string): string => encodeURIComponent(s).replace(/'/g, '%27');

/**
 * The sqlcommenter comment for `tags` (`key='value'` pairs, keys sorted, comma-separated, inside
 * a block comment); undefined values are left out, and no tag with a value gives an empty string.
 */
export function sqlComment(tags: SqlCommentTags): string {
  const parts: string[] = [];
  for (const key of Object.keys(tags).sort()) {
    const value = tags[key];
    if (value !== undefined) parts.push(`${encode(key)}='${encode(value)}'`);
  }
  return parts.length ? `/*${parts.join(',')}*/` : '';
}
