/**
 * PostgreSQL's text form of an array (`{a,"b c",NULL}`), read into a JavaScript array. `pg`
 * parses the arrays of the types it knows by their OID; an array of a type made by the schema
 * (an enum's `mood[]`) has an OID of that database alone, so it arrives as this text.
 */

/** The array the literal writes: items as strings, NULL as null, nested arrays as arrays. */
export function parseArrayLiteral(text: string): unknown[] {
  // A lower bound other than 1 is written first: '[0:1]={a,b}'.
  const start = text.startsWith('[') ? text.indexOf('=') + 1 : 0;
  const reader = { text, at: start };
  return readArray(reader);
}

interface Reader {
  readonly text: string;
  at: number;
}

function readArray(r: Reader): unknown[] {
  const out: unknown[] = [];
  r.at++; // '{'
  if (r.text[r.at] === '}') {
    r.at++;
    return out;
  }
  for (;;) {
    const c = r.text[r.at];
    if (c === '{') out.push(readArray(r));
    else if (c === '"') out.push(readQuoted(r));
    else out.push(readBare(r));
    const next = r.text[r.at++];
    if (next !== ',') return out;
  }
}

function readQuoted(r: Reader): string {
  let s = '';
  r.at++; // opening quote
  for (;;) {
    const c = r.text[r.at++];
    if (c === undefined || c === '"') return s;
    s += c === '\\' ? (r.text[r.at++] ?? '') : c;
  }
}

function readBare(r: Reader): string | null {
  let end = r.at;
  while (end < r.text.length && r.text[end] !== ',' && r.text[end] !== '}') end++;
  const s = r.text.slice(r.at, end);
  r.at = end;
  // Unquoted NULL is the null item; a string 'NULL' comes quoted.
  return s.toUpperCase() === 'NULL' ? null : s;
}
