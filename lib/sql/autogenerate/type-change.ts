/**
 * Whether a change between two canonical type spellings can lose data. Conservative: a change
 * this file cannot prove safe (another type family, fewer digits, fewer enum values) narrows.
 */
import { splitTopLevel } from '../reflection/canonical';

interface ParsedType {
  readonly base: string;
  readonly args: readonly string[];
  readonly rest: string;
}

function parse(sql: string): ParsedType {
  const s = sql.trim().toLowerCase();
  const open = s.indexOf('(');
  if (open < 0) {
    const [base, ...rest] = s.split(/\s+/);
    return { base: base ?? '', args: [], rest: rest.join(' ') };
  }
  let depth = 0;
  let close = open;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')' && --depth === 0) {
      close = i;
      break;
    }
  }
  return {
    base: s.slice(0, open).trim(),
    args: splitTopLevel(s.slice(open + 1, close)),
    rest: s.slice(close + 1).trim(),
  };
}

/** Integer families, narrowest first: a move to the right keeps every value. */
const INTEGER_RANKS: readonly (readonly string[])[] = [
  ['tinyint', 'int1'],
  ['smallint', 'int2'],
  ['mediumint', 'int3'],
  ['int', 'integer', 'int4'],
  ['bigint', 'int8'],
];
const rank = (base: string): number => INTEGER_RANKS.findIndex((names) => names.includes(base));

/** Text types that hold any string: a move to one of them never truncates. */
const UNBOUNDED_TEXT = new Set(['text', 'longtext', 'mediumtext', 'clob']);
const BOUNDED_TEXT = new Set(['varchar', 'char', 'nvarchar', 'nchar', 'character', 'tinytext']);

/** Whether a value of type `from` may not survive a conversion to type `to`. */
export function typeChangeNarrows(from: string, to: string): boolean {
  if (from.trim().toLowerCase() === to.trim().toLowerCase()) return false;
  const a = parse(from);
  const b = parse(to);
  if (a.base === 'enum' && b.base === 'enum') {
    const kept = new Set(b.args);
    return a.args.some((v) => !kept.has(v));
  }
  const ra = rank(a.base);
  const rb = rank(b.base);
  if (ra >= 0 && rb >= 0) {
    const unsignedA = a.rest.includes('unsigned');
    const unsignedB = b.rest.includes('unsigned');
    if (unsignedA === unsignedB) return rb < ra;
    // signed → unsigned loses negatives; unsigned → signed needs a wider type
    return unsignedB || rb <= ra;
  }
  if (UNBOUNDED_TEXT.has(b.base) && (BOUNDED_TEXT.has(a.base) || UNBOUNDED_TEXT.has(a.base))) {
    return false;
  }
  if (a.base !== b.base || a.rest !== b.rest) return true;
  // Same type, other size: narrowing when any size shrinks (a missing size is the widest).
  if (a.args.length === 0) return b.args.length > 0;
  if (b.args.length === 0) return false;
  if (a.base === 'numeric' || a.base === 'decimal') {
    const [pa, sa] = a.args.map(Number);
    const [pb, sb] = b.args.map(Number);
    const intA = (pa ?? 0) - (sa ?? 0);
    const intB = (pb ?? 0) - (sb ?? 0);
    return intB < intA || (sb ?? 0) < (sa ?? 0);
  }
  return a.args.some((arg, i) => {
    const x = Number(arg);
    const y = Number(b.args[i]);
    return Number.isNaN(x) || Number.isNaN(y) ? arg !== b.args[i] : y < x;
  });
}
