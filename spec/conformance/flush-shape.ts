/**
 * Reads the statements of a flush back as short, dialect-neutral lines, so conformance tests can
 * compare the order and row counts SQLAlchemy's `assert_sql_execution` asserts:
 *
 * - `INSERT users (name) ×1`: table (the unique suffix stripped), the columns given, rows sent;
 * - `UPDATE addresses SET userId ×2`: the columns set and the rows the statement covers (a batched
 *   `UPDATE … FROM (VALUES …)` or MySQL's multi-table form counts its VALUES rows);
 * - `DELETE addresses ×2`: rows named by the `IN (…)` list (or OR-ed version predicates);
 * - `SELECT addresses`: the first table read.
 *
 * Athanor sends the rows SQLAlchemy would send as an executemany as one multi-row statement:
 * where SQLAlchemy lists N parameter sets for one statement, the shape is one line `×N`.
 *
 * @example
 * expect(flushShape(c.sql.all)).toEqual(['INSERT users (name) ×1', 'INSERT addresses (email, userId) ×2']);
 */
import type { SentStatement } from './support';

const TRANSACTION_CONTROL = /^\s*(BEGIN|START TRANSACTION|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b/i;

/** `users_a1b2c3d` → `users`: the conformance tables carry a unique suffix. */
function baseName(quoted: string): string {
  return quoted.replace(/^[`"]|[`"]$/g, '').replace(/_[0-9a-z]+$/, '');
}

/** Splits `text` at top-level commas (outside parentheses and quotes). */
function topLevelItems(text: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote !== undefined) {
      if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === "'" || ch === '"' || ch === '`') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      items.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  items.push(text.slice(start).trim());
  return items.filter((s) => s.length > 0);
}

/** The text inside the parenthesis that opens at `open`. */
function parenthesized(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return text.slice(open + 1, i);
  }
  return text.slice(open + 1);
}

/** Rows of a `VALUES (…), (…)` list whose first tuple starts at or after `from`. */
function valuesRows(sql: string, from: number): number {
  let i = from;
  let rows = 0;
  for (;;) {
    while (sql[i] === ' ') i++;
    if (sql[i] !== '(') return rows;
    i += parenthesized(sql, i).length + 2;
    rows++;
    while (sql[i] === ' ') i++;
    if (sql[i] !== ',') return rows;
    i++;
  }
}

function unquote(name: string): string {
  return name.replace(/[`"]/g, '').split('.').pop()!;
}

function insertShape(sql: string): string {
  const m = /^INSERT INTO\s+([`"][^`"]+[`"]|\S+)\s*/i.exec(sql)!;
  const table = baseName(m[1]!);
  const after = sql.slice(m[0].length);
  if (/^DEFAULT VALUES/i.test(after)) return `INSERT ${table} () ×1`;
  const open = sql.indexOf('(', m[0].length);
  const columns = topLevelItems(parenthesized(sql, open)).map(unquote).sort();
  const values = sql.toUpperCase().indexOf('VALUES', open);
  return `INSERT ${table} (${columns.join(', ')}) ×${valuesRows(sql, values + 'VALUES'.length)}`;
}

function updateShape(sql: string): string {
  const m = /^UPDATE\s+([`"][^`"]+[`"]|\S+)/i.exec(sql)!;
  const table = baseName(m[1]!);
  const setAt = sql.search(/\sSET\s/i);
  const setEnd = sql.slice(setAt + 5).search(/\s(FROM|WHERE)\s/i);
  const setClause = setEnd < 0 ? sql.slice(setAt + 5) : sql.slice(setAt + 5, setAt + 5 + setEnd);
  const columns = topLevelItems(setClause)
    .map((item) => unquote(item.split('=')[0]!.trim()))
    .sort();
  let rows = 1;
  if (/athanor_rows/.test(sql)) {
    const union = sql.match(/UNION ALL SELECT/gi);
    if (union !== null) rows = union.length + 1;
    else {
      const values = sql.toUpperCase().indexOf('(VALUES ');
      rows = valuesRows(sql, values + '(VALUES '.length);
    }
  } else if (/\bCASE WHEN\b/i.test(sql)) {
    const whens = sql.match(/\bWHEN\b/gi)?.length ?? 0;
    rows = Math.max(1, Math.round(whens / Math.max(1, columns.length)));
  }
  return `UPDATE ${table} SET ${columns.join(', ')} ×${rows}`;
}

function deleteShape(sql: string, params: readonly unknown[]): string {
  const m = /^DELETE FROM\s+([`"][^`"]+[`"]|\S+)/i.exec(sql)!;
  const table = baseName(m[1]!);
  const where = sql.slice(sql.search(/\sWHERE\s/i));
  let rows = 1;
  const inAt = where.search(/\sIN \(/i);
  if (inAt >= 0) rows = topLevelItems(parenthesized(where, where.indexOf('(', inAt))).length;
  else if (/\sOR\s/i.test(where)) rows = where.split(/\sOR\s/i).length;
  else if (params.length === 0) rows = 0;
  return `DELETE ${table} ×${rows}`;
}

function selectShape(sql: string): string {
  const m = /\sFROM\s+([`"][^`"]+[`"]|\S+)/i.exec(sql);
  return `SELECT ${m === null ? '' : baseName(m[1]!)}`;
}

/** One statement as a shape line (see the module comment). */
export function statementShape(statement: SentStatement): string {
  const sql = statement.sql.trim();
  if (/^INSERT\b/i.test(sql)) return insertShape(sql);
  if (/^UPDATE\b/i.test(sql)) return updateShape(sql);
  if (/^DELETE\b/i.test(sql)) return deleteShape(sql, statement.params);
  if (/^SELECT\b/i.test(sql)) return selectShape(sql);
  return sql.split(/\s+/)[0]!.toUpperCase();
}

/** The shapes of the recorded statements, transaction control left out. */
export function flushShape(statements: readonly SentStatement[]): string[] {
  return statements.filter((s) => !TRANSACTION_CONTROL.test(s.sql)).map(statementShape);
}
