/**
 * Reads the parts of SQLite's stored CREATE TABLE / CREATE INDEX text that no pragma reports:
 * CHECK constraints, constraint names, collations, generated-column expressions, index
 * expressions and partial-index predicates.
 */

/** A token of SQLite schema SQL, with its span in the text. */
interface Token {
  readonly kind: 'word' | 'quoted' | 'string' | 'punct' | 'number';
  /** The identifier (unquoted) or the character. */
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '-' && sql[i + 1] === '-') {
      while (i < sql.length && sql[i] !== '\n') i++;
      continue;
    }
    if (ch === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      i = close < 0 ? sql.length : close + 2;
      continue;
    }
    if (ch === '"' || ch === '`' || ch === '[' || ch === "'") {
      const closeCh = ch === '[' ? ']' : ch;
      let j = i + 1;
      let value = '';
      for (; j < sql.length; j++) {
        if (sql[j] === closeCh) {
          if (closeCh !== ']' && sql[j + 1] === closeCh) {
            value += closeCh;
            j++;
            continue;
          }
          break;
        }
        value += sql[j];
      }
      tokens.push({ kind: ch === "'" ? 'string' : 'quoted', value, start: i, end: j + 1 });
      i = j + 1;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(sql.slice(i));
    if (word !== null) {
      tokens.push({ kind: 'word', value: word[0], start: i, end: i + word[0].length });
      i += word[0].length;
      continue;
    }
    const num = /^[0-9]+(\.[0-9]+)?/.exec(sql.slice(i));
    if (num !== null) {
      tokens.push({ kind: 'number', value: num[0], start: i, end: i + num[0].length });
      i += num[0].length;
      continue;
    }
    tokens.push({ kind: 'punct', value: ch, start: i, end: i + 1 });
    i++;
  }
  return tokens;
}

/** The index of the token closing the parenthesis opened at `open`. */
function closing(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'punct' && t.value === '(') depth++;
    if (t.kind === 'punct' && t.value === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return tokens.length - 1;
}

const isWord = (t: Token | undefined, ...words: string[]): boolean =>
  t !== undefined && t.kind === 'word' && words.includes(t.value.toUpperCase());
const isPunct = (t: Token | undefined, ch: string): boolean =>
  t !== undefined && t.kind === 'punct' && t.value === ch;

/** Splits the tokens between `from` and `to` (exclusive) at top-level commas. */
function splitItems(tokens: readonly Token[], from: number, to: number): [number, number][] {
  const items: [number, number][] = [];
  let depth = 0;
  let start = from;
  for (let i = from; i < to; i++) {
    const t = tokens[i]!;
    if (isPunct(t, '(')) depth++;
    if (isPunct(t, ')')) depth--;
    if (isPunct(t, ',') && depth === 0) {
      items.push([start, i]);
      start = i + 1;
    }
  }
  if (start < to) items.push([start, to]);
  return items;
}

/** A CHECK, UNIQUE or FOREIGN KEY constraint of the table (or one column). */
export interface ParsedConstraint {
  readonly name: string | undefined;
  readonly kind: 'check' | 'unique' | 'foreignKey' | 'primaryKey';
  /** CHECK: the predicate text. */
  readonly sql: string;
  /** UNIQUE / FOREIGN KEY / PRIMARY KEY: the columns. */
  readonly columns: readonly string[];
}

export interface ParsedColumn {
  readonly name: string;
  readonly collation: string | undefined;
  readonly generated: { sql: string; stored: boolean } | undefined;
}

export interface ParsedTable {
  readonly columns: readonly ParsedColumn[];
  readonly constraints: readonly ParsedConstraint[];
}

const CONSTRAINT_START = ['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'CHECK', 'FOREIGN'];

/** Parses `CREATE TABLE name (…) [options]` as SQLite stores it. */
export function parseCreateTable(sql: string): ParsedTable {
  const tokens = tokenize(sql);
  const open = tokens.findIndex((t) => isPunct(t, '('));
  if (open < 0) return { columns: [], constraints: [] };
  const close = closing(tokens, open);
  const columns: ParsedColumn[] = [];
  const constraints: ParsedConstraint[] = [];
  const text = (from: number, to: number): string =>
    from > to ? '' : sql.slice(tokens[from]!.start, tokens[to]!.end);
  const nameList = (at: number): [string[], number] => {
    const end = closing(tokens, at);
    const names = splitItems(tokens, at + 1, end).map(([a]) => tokens[a]!.value);
    return [names, end];
  };

  for (const [from, to] of splitItems(tokens, open + 1, close)) {
    const first = tokens[from]!;
    const tableLevel = first.kind === 'word' && CONSTRAINT_START.includes(first.value.toUpperCase());
    let i = tableLevel ? from : from + 1;
    let pendingName: string | undefined;
    let collation: string | undefined;
    let generated: ParsedColumn['generated'];
    const columnName = tableLevel ? undefined : first.value;
    while (i < to) {
      const t = tokens[i]!;
      if (isWord(t, 'CONSTRAINT')) {
        pendingName = tokens[i + 1]?.value;
        i += 2;
        continue;
      }
      if (isWord(t, 'CHECK') && isPunct(tokens[i + 1], '(')) {
        const end = closing(tokens, i + 1);
        constraints.push({ name: pendingName, kind: 'check', sql: text(i + 2, end - 1), columns: [] });
        pendingName = undefined;
        i = end + 1;
        continue;
      }
      if (isWord(t, 'UNIQUE')) {
        if (isPunct(tokens[i + 1], '(')) {
          const [names, end] = nameList(i + 1);
          constraints.push({ name: pendingName, kind: 'unique', sql: '', columns: names });
          i = end + 1;
        } else {
          constraints.push({ name: pendingName, kind: 'unique', sql: '', columns: [columnName!] });
          i++;
        }
        pendingName = undefined;
        continue;
      }
      if (isWord(t, 'PRIMARY') && isWord(tokens[i + 1], 'KEY')) {
        if (isPunct(tokens[i + 2], '(')) {
          const [names, end] = nameList(i + 2);
          constraints.push({ name: pendingName, kind: 'primaryKey', sql: '', columns: names });
          i = end + 1;
        } else {
          constraints.push({ name: pendingName, kind: 'primaryKey', sql: '', columns: [columnName!] });
          i += 2;
        }
        pendingName = undefined;
        continue;
      }
      if (isWord(t, 'FOREIGN') && isWord(tokens[i + 1], 'KEY') && isPunct(tokens[i + 2], '(')) {
        const [names, end] = nameList(i + 2);
        constraints.push({ name: pendingName, kind: 'foreignKey', sql: '', columns: names });
        pendingName = undefined;
        i = end + 1;
        continue;
      }
      if (isWord(t, 'REFERENCES') && columnName !== undefined) {
        constraints.push({ name: pendingName, kind: 'foreignKey', sql: '', columns: [columnName] });
        pendingName = undefined;
        i++;
        continue;
      }
      if (isWord(t, 'COLLATE')) {
        collation = tokens[i + 1]?.value;
        i += 2;
        continue;
      }
      if (isWord(t, 'AS') && isPunct(tokens[i + 1], '(')) {
        const end = closing(tokens, i + 1);
        const stored = isWord(tokens[end + 1], 'STORED');
        generated = { sql: text(i + 2, end - 1), stored };
        i = end + 1;
        continue;
      }
      if (isPunct(t, '(')) {
        i = closing(tokens, i) + 1;
        continue;
      }
      i++;
    }
    if (columnName !== undefined) columns.push({ name: columnName, collation, generated });
  }
  return { columns, constraints };
}

/** Parses `CREATE [UNIQUE] INDEX name ON table (elements) [WHERE predicate]`. */
export function parseCreateIndex(sql: string): { elements: string[]; where: string | undefined } {
  const tokens = tokenize(sql);
  const open = tokens.findIndex((t) => isPunct(t, '('));
  if (open < 0) return { elements: [], where: undefined };
  const close = closing(tokens, open);
  const elements = splitItems(tokens, open + 1, close).map(([a, b]) =>
    sql.slice(tokens[a]!.start, tokens[b - 1]!.end),
  );
  const whereAt = tokens.findIndex((t, i) => i > close && isWord(t, 'WHERE'));
  const where =
    whereAt < 0 ? undefined : sql.slice(tokens[whereAt + 1]!.start, tokens[tokens.length - 1]!.end).trim();
  return { elements, where };
}

/** The identifier an index element names, or undefined for an expression. */
export function elementColumn(element: string): string | undefined {
  const tokens = tokenize(element).filter((t) => !isWord(t, 'ASC', 'DESC') && !isWord(t, 'COLLATE'));
  if (tokens.length !== 1) return undefined;
  const t = tokens[0]!;
  return t.kind === 'word' || t.kind === 'quoted' ? t.value : undefined;
}
