/**
 * Reading PostgreSQL's text form of `timestamp` and `timestamptz` values (DateStyle ISO, as `pg`
 * sets it) without regular expressions: `YYYY-MM-DD HH:MM:SS[.f…][±HH[:MM[:SS]]]`. The values a
 * table holds are almost all of that shape, and `pg`'s general parser (three regular expressions
 * and a split per value) was the largest single cost of reading rows with a timestamp column.
 * Anything else — years beyond 9999 or before 1000, BC dates, `infinity` — is left to the caller's
 * general parser by returning `undefined`.
 */

const ZERO = 48;

/** The digit at `i`, or -1 if there is none. */
function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - ZERO;
  return c >= 0 && c <= 9 ? c : -1;
}

/** The two-digit number at `i`, or -1. */
function two(s: string, i: number): number {
  const a = digit(s, i);
  const b = digit(s, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/**
 * The instant of `s` in milliseconds since the epoch, with `s`'s UTC offset applied (a text
 * without one is read as UTC: naive timestamps hold UTC wall time); `undefined` when `s` is not
 * of the common shape. Fractions past milliseconds are cut off, as the general parser cuts them.
 */
export function timestampTextMillis(s: string): number | undefined {
  const n = s.length;
  if (n < 19 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 32) return undefined;
  if (s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return undefined;
  const y1 = two(s, 0);
  const y2 = two(s, 2);
  const month = two(s, 5);
  const day = two(s, 8);
  const hour = two(s, 11);
  const minute = two(s, 14);
  const second = two(s, 17);
  // A year below 1000 would be read by Date.UTC as 19xx when below 100: the general parser
  // handles it.
  if (y1 < 10 || y2 < 0 || month < 1 || day < 1 || hour < 0 || minute < 0 || second < 0) return undefined;
  let i = 19;
  let millis = 0;
  if (i < n && s.charCodeAt(i) === 46) {
    i++;
    let scale = 100;
    let d = digit(s, i);
    if (d < 0) return undefined;
    for (; d >= 0; d = digit(s, ++i)) {
      millis += d * scale;
      scale /= 10;
    }
    millis = Math.trunc(millis);
  }
  let offsetSeconds = 0;
  if (i < n) {
    const sign = s.charCodeAt(i);
    if (sign !== 43 && sign !== 45) return undefined;
    const oh = two(s, i + 1);
    if (oh < 0) return undefined;
    i += 3;
    let om = 0;
    let os = 0;
    if (i < n) {
      if (s.charCodeAt(i) !== 58 || (om = two(s, i + 1)) < 0) return undefined;
      i += 3;
      if (i < n) {
        if (s.charCodeAt(i) !== 58 || (os = two(s, i + 1)) < 0) return undefined;
        i += 3;
      }
    }
    if (i !== n) return undefined;
    offsetSeconds = (sign === 45 ? -1 : 1) * (oh * 3600 + om * 60 + os);
  }
  const utc = Date.UTC(y1 * 100 + y2, month - 1, day, hour, minute, second, millis);
  return utc - offsetSeconds * 1000;
}
