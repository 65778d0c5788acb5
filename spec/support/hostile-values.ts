/**
 * Strings that break out of a quoted SQL literal when a value is escaped for the wrong server
 * mode (backslash escapes on or off), plus bytes and characters drivers have mishandled.
 */
export const HOSTILE_VALUES: readonly string[] = Object.freeze([
  "\\' OR 1=1 -- ",
  "\\' OR '1'='1",
  "' OR 1=1 -- ",
  "' OR '1'='1",
  "\\'; DELETE FROM victims; -- ",
  "\\\\' OR 1=1 #",
  '\\" OR 1=1 -- ',
  "%' OR 'a'='a",
  "alice\\' OR owner LIKE '%",
  "\\'",
  '\\',
  "''",
  "\\''",
  '\u0000',
  'a\u0000b',
  '\\0\\Z\\n\\r\\t\\b',
  '\u001a',
  '?',
  '??',
  ':name',
  '$1',
  '\u00bf\u0027 OR 1=1 -- ',
  '\u2019 OR 1=1 -- ',
  '\u02bc OR 1=1 -- ',
  'line\nbreak\rand\ttab',
  '😀 emoji',
]);
