/**
 * Helpers for the canonical spellings inspectors give types, defaults and expressions, so that the
 * text a database prints and the text Athanor writes compare equal when they mean the same.
 */

/** Splits SQL into runs outside quotes (transformed) and quoted runs (kept as they are). */
export function mapOutsideQuotes(sql: string, outside: (run: string) => string, quotes = `'`): string {
  let out = '';
  let run = '';
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i]!;
    if (quotes.includes(ch)) {
      out += outside(run);
      run = '';
      let j = i + 1;
      for (; j < sql.length; j++) {
        if (sql[j] === ch) {
          if (sql[j + 1] === ch) j++;
          else break;
        }
      }
      out += sql.slice(i, j + 1);
      i = j;
    } else {
      run += ch;
    }
  }
  return out + outside(run);
}

/** A PostgreSQL cast suffix: `::text`, `::character varying(20)`, `::timestamp with time zone`, `::int[]`. */
const PG_CAST =
  /::\s*(?:character varying|double precision|(?:timestamp|time)(?:\s*\(\d+\))?\s+with(?:out)?\s+time\s+zone|[a-z_][a-z0-9_.]*)(?:\s*\([0-9,\s]*\))?(?:\[\])*/g;

/**
 * An expression squashed for comparison: identifier quotes removed, lower case outside string
 * literals, PostgreSQL casts (`::text`) dropped, parentheses and whitespace removed. Lossy, and
 * meant only for telling whether two spellings of one expression are the same.
 */
export function squashExpression(sql: string): string {
  const unquoted = mapOutsideQuotes(sql, (run) =>
    run.replace(/["`]/g, '').replace(/\[([A-Za-z_][^\]]*)\]/g, '$1'),
  );
  return mapOutsideQuotes(unquoted, (run) =>
    run
      .toLowerCase()
      .replace(PG_CAST, '')
      .replace(/[()\s]/g, ''),
  );
}

/** Collapses whitespace outside string literals and trims. */
export function collapseSpaces(sql: string): string {
  return mapOutsideQuotes(sql, (run) => run.replace(/\s+/g, ' ')).trim();
}

/** Splits a list on top-level commas (outside parentheses and quotes). */
export function splitTopLevel(sql: string, separator = ','): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  let quote: string | undefined;
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i]!;
    if (quote !== undefined) {
      current += ch;
      if (ch === quote) {
        if (sql[i + 1] === quote) current += sql[++i];
        else quote = undefined;
      }
      continue;
    }
    if (ch === "'" || ch === '"' || ch === '`' || ch === '[') {
      quote = ch === '[' ? ']' : ch;
      current += ch;
      continue;
    }
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === separator && depth === 0) {
      parts.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  if (current.trim() !== '') parts.push(current.trim());
  return parts;
}

/** Unquotes a SQL string literal `'it''s'` → `it's` (undefined when `sql` is not one literal). */
export function unquoteLiteral(sql: string): string | undefined {
  const m = /^'((?:[^']|'')*)'$/s.exec(sql.trim());
  return m === null ? undefined : m[1]!.replace(/''/g, "'");
}

/** A numeric literal without trailing fractional zeros (`0.00` → `0`, `1.50` → `1.5`); other text unchanged. */
export function canonicalNumber(sql: string): string {
  const m = /^(-?\d+)(?:\.(\d*?)0*)?$/.exec(sql);
  if (m === null) return sql;
  return m[2] ? `${m[1]}.${m[2]}` : m[1]!;
}
