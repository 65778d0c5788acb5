import { InvalidValueError } from '../../errors';
import type { TypeOfKind, ValueProcessor } from './sql-type';

/**
 * Bind processors that refuse a value the database would store changed (rounded, coerced,
 * truncated, replaced): each throws `InvalidValueError`, which the compiler completes with the
 * column's name. A dialect's renderer composes them with its own conversions (`checked`), so every
 * path that binds a typed value — Core statements, the flush, the statement cache — checks it.
 */

/** `check` first, then `convert` (when the dialect converts the value too). */
export function checked(check: ValueProcessor, convert?: ValueProcessor): ValueProcessor {
  return convert === undefined ? check : (v) => convert(check(v));
}

/** A short, bounded picture of a refused value for the message. */
export function describeValue(v: unknown): string {
  let s: string;
  if (typeof v === 'string') s = JSON.stringify(v);
  else if (typeof v === 'bigint') s = `${v}n`;
  else if (v instanceof Date) s = 'Invalid Date';
  else if (Array.isArray(v)) s = 'an array';
  else if (typeof v === 'object' && v !== null) s = `an object (${v.constructor?.name ?? 'Object'})`;
  else s = String(v);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

function refuse(type: { readonly name: string }, v: unknown, why: string): never {
  throw new InvalidValueError(`${describeValue(v)} ${why}`, type.name);
}

const INTEGER_TEXT = /^[+-]?\d+$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** An integer as a bigint, or undefined when `v` is not an integer (fractions, NaN, text, …). */
function integerOf(v: unknown): bigint | undefined {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : undefined;
  if (typeof v === 'string' && INTEGER_TEXT.test(v)) return BigInt(v);
  return undefined;
}

/**
 * INTEGER and SMALLINT: whole numbers only (numbers, bigints or integer text such as a URL
 * parameter), never a fraction the server would round or text it would coerce (`'1 OR 1=1'`).
 * Range is the server's to check; SQLite stores any 64-bit integer exactly.
 */
export function integerCheck(type: TypeOfKind<'integer' | 'smallInteger'>): ValueProcessor {
  return (v) => {
    if (v === null || v === undefined) return v;
    if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
    const n = integerOf(v);
    if (n === undefined) refuse(type, v, 'is not an integer');
    if (typeof v === 'number') refuse(type, v, 'is beyond 2^53 and not exact as a number; pass a bigint');
    inInt64(type, v, n, false);
    return Number.isSafeInteger(Number(n)) ? Number(n) : n.toString();
  };
}

function inInt64(type: { readonly name: string }, v: unknown, n: bigint, unsigned: boolean): void {
  if (unsigned ? n < 0n || n > UINT64_MAX : n < INT64_MIN || n > INT64_MAX) {
    refuse(type, v, `is out of the ${unsigned ? 'unsigned ' : ''}64-bit integer range`);
  }
}

/**
 * BIGINT: whole numbers within the 64-bit range; in mode `'number'` a number beyond 2^53 is refused
 * (it was already rounded, and could not be read back). Values leave as they came.
 */
export function bigIntegerCheck(type: TypeOfKind<'bigInteger'>): ValueProcessor {
  return (v) => {
    if (v === null || v === undefined) return v;
    const n = integerOf(v);
    if (n === undefined) refuse(type, v, 'is not an integer');
    if (typeof v === 'number' && !Number.isSafeInteger(v)) {
      refuse(type, v, 'is beyond 2^53 and not exact as a number; pass a bigint or use mode bigint');
    }
    inInt64(type, v, n, type.unsigned);
    return v;
  };
}

const DECIMAL_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** FLOAT / DOUBLE: finite numbers (or numeric text); `allowNonFinite` where the server keeps NaN and ±Infinity. */
export function floatCheck(allowNonFinite: boolean) {
  return (type: TypeOfKind<'float'>): ValueProcessor =>
    (v) => {
      if (v === null || v === undefined) return v;
      let n: number;
      if (typeof v === 'number') n = v;
      else if (typeof v === 'string' && DECIMAL_TEXT.test(v)) n = Number(v);
      else if (typeof v === 'bigint' && Number.isSafeInteger(Number(v))) n = Number(v);
      else return refuse(type, v, 'is not a number');
      // Text that overflows (`'1e400'`) is never meant as Infinity.
      if (!Number.isFinite(n) && (!allowNonFinite || typeof v !== 'number')) {
        refuse(type, v, 'is not a finite number');
      }
      return n;
    };
}

/**
 * NUMERIC / DECIMAL: finite numbers or decimal text, with no more fractional digits than the scale
 * and no more integer digits than precision − scale (the server would round or clamp them).
 * Values leave as decimal text.
 */
export function numericCheck(type: TypeOfKind<'numeric'>): ValueProcessor {
  const { precision, scale } = type;
  return (v) => {
    if (v === null || v === undefined) return v;
    let text: string;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) refuse(type, v, 'is not a finite number');
      text = String(v);
    } else if (typeof v === 'bigint') text = v.toString();
    else if (typeof v === 'string' && DECIMAL_TEXT.test(v.trim())) text = v.trim();
    else return refuse(type, v, 'is not a decimal number');
    if (precision !== undefined) {
      const { intDigits, fracDigits } = decimalDigits(text);
      const s = scale ?? 0;
      if (fracDigits > s) refuse(type, v, `has more than ${s} decimal places and would be rounded`);
      if (intDigits > precision - s) refuse(type, v, `does not fit ${precision - s} integer digits`);
    }
    return text;
  };
}

/** Significant integer and fractional digits of a decimal literal (exponent applied). */
function decimalDigits(text: string): { intDigits: number; fracDigits: number } {
  const m = /^[+-]?(\d*)\.?(\d*)(?:[eE]([+-]?\d+))?$/.exec(text)!;
  const exp = m[3] === undefined ? 0 : Number(m[3]);
  const digits = `${m[1]}${m[2]}`;
  let point = m[1]!.length + exp;
  // Normalise: strip leading zeros of the integer part and trailing zeros of the fraction.
  let lead = 0;
  while (lead < digits.length && lead < point && digits[lead] === '0') lead++;
  let end = digits.length;
  while (end > Math.max(point, lead) && digits[end - 1] === '0') end--;
  point -= lead;
  const len = end - lead;
  // A point left of the first digit (`5e-3`: point −2) puts zeros before it in the fraction.
  return { intDigits: Math.max(0, point), fracDigits: Math.max(0, len - point) };
}

/**
 * Whether a string is well-formed UTF-16 (no lone surrogate), by the runtime's own scan: Node 20,
 * the oldest the package supports, has `String.prototype.isWellFormed` (not yet in TypeScript's
 * ES2023 library). A regular expression searching for a lone surrogate cost several times more.
 */
const wellFormed = (s: string): boolean => (s as unknown as { isWellFormed(): boolean }).isWellFormed();

/**
 * Text kinds (string, text, uuid, enum): strings only — an object would be stored as
 * `[object Object]`, an array as an array literal — and well-formed UTF-16 (a lone surrogate
 * cannot be encoded and would be replaced). `rejectNul` where the server refuses U+0000.
 */
export function textCheck(rejectNul: boolean) {
  return (type: { readonly name: string }): ValueProcessor =>
    (v) => {
      if (v === null || v === undefined) return v;
      if (typeof v !== 'string') return refuse(type, v, 'is not a string');
      if (!wellFormed(v)) refuse(type, v, 'contains a lone UTF-16 surrogate');
      if (rejectNul && v.includes('\u0000')) refuse(type, v, 'contains a NUL character (U+0000)');
      return v;
    };
}

/** BOOLEAN: `true` / `false` (and 0 / 1), never text such as `'false'`, which SQLite would read as true. */
export function booleanCheck(type: TypeOfKind<'boolean'>): ValueProcessor {
  return (v) => {
    if (v === null || v === undefined || typeof v === 'boolean') return v;
    if (v === 0 || v === 1) return v === 1;
    return refuse(type, v, 'is not a boolean');
  };
}

const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME_TEXT =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Whether year-month-day (and hour:minute:second) name a real calendar moment. */
function realCalendar(m: RegExpExecArray): boolean {
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return false;
  const [h, mi, s] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  return h < 24 && mi < 60 && s < 60;
}

/** DATE and DATETIME: a valid Date between years 1 and 9999, or ISO text naming a real day. */
export function temporalCheck(type: { readonly name: string; readonly kind: string }): ValueProcessor {
  const pattern = type.kind === 'date' ? DATE_TEXT : DATE_TIME_TEXT;
  return (v) => {
    if (v === null || v === undefined) return v;
    if (v instanceof Date) {
      const t = v.getTime();
      if (Number.isNaN(t)) refuse(type, v, 'is not a valid date');
      const year = v.getUTCFullYear();
      if (year < 1 || year > 9999) refuse(type, v.toISOString(), 'is outside years 1 to 9999');
      return v;
    }
    if (typeof v === 'string') {
      const m = pattern.exec(v.trim());
      if (m === null || !realCalendar(m)) refuse(type, v, 'is not a valid ISO-8601 date');
      return v;
    }
    return refuse(type, v, 'is not a Date or an ISO-8601 string');
  };
}

/** BINARY: bytes only (a Buffer or Uint8Array); a string would be stored as its text encoding. */
export function binaryCheck(type: TypeOfKind<'binary'>): ValueProcessor {
  return (v) => {
    if (v === null || v === undefined || v instanceof Uint8Array) return v;
    return refuse(type, v, 'is not a Buffer or Uint8Array');
  };
}

/**
 * JSON: a document JSON can hold exactly — NaN and ±Infinity would become null, `undefined` and
 * functions would vanish, bigints cannot be written. Returns the JSON text.
 */
export function jsonCheck(type: { readonly name: string; readonly nullAsJson?: boolean }): ValueProcessor {
  const jsonNull = type.nullAsJson === true;
  return (v) => {
    if (v === null && jsonNull) return 'null';
    if (v === null || v === undefined) return v;
    let text: string | undefined;
    try {
      text = JSON.stringify(v, (_key, x: unknown) => {
        if (typeof x === 'number' && !Number.isFinite(x)) refuse(type, x, 'cannot be stored in JSON');
        if (typeof x === 'bigint') refuse(type, x, 'cannot be stored in JSON; convert it to a string');
        return x;
      });
    } catch (e) {
      if (e instanceof InvalidValueError) throw e;
      refuse(type, v, `cannot be written as JSON (${(e as Error).message})`);
    }
    if (text === undefined) refuse(type, v, 'cannot be written as JSON');
    return text;
  };
}
