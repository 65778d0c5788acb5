/**
 * PostgreSQL's text form of timestamps read without pg's general parser: the same instant as that
 * parser gives for every text of the common shape, and no answer (so the general parser is used)
 * for anything else.
 */
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { timestampTextMillis } from '../../lib/dialects/postgresql/timestamp-text';

const pg = createRequire(__filename)('pg') as typeof import('pg');
const pgParse = pg.types.getTypeParser(1184, 'text') as (s: string) => Date;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** A text as PostgreSQL writes a timestamptz (DateStyle ISO): fraction and offset as given. */
function pgText(utcMillis: number, fraction: string, offset: string): string {
  const d = new Date(utcMillis);
  const date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return `${date} ${time}${fraction}${offset}`;
}

const offsets = fc.oneof(
  fc.constant(''),
  fc.constant('+00'),
  fc
    .tuple(
      fc.constantFrom('+', '-'),
      fc.integer({ min: 0, max: 15 }),
      fc.constantFrom(undefined, 0, 30, 45),
      fc.constantFrom(undefined, 0, 17),
    )
    .map(([sign, h, m, s]) => {
      let text = `${sign}${pad(h)}`;
      if (m !== undefined) text += `:${pad(m)}`;
      if (m !== undefined && s !== undefined) text += `:${pad(s)}`;
      return text;
    }),
);

const fractions = fc.oneof(
  fc.constant(''),
  fc.stringMatching(/^[0-9]{1,6}$/).map((digits) => `.${digits}`),
);

describe('PostgreSQL timestamp text', () => {
  it('gives the instant pg gives, for every text of the common shape', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1000, 0, 1), max: Date.UTC(9999, 11, 31, 23, 59, 59) }),
        fractions,
        offsets,
        (millis, fraction, offset) => {
          const text = pgText(millis, fraction, offset || '+00');
          expect(timestampTextMillis(text)).toBe(pgParse(text).getTime());
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('reads a text without an offset as UTC wall time, as naive timestamps are stored', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1000, 0, 1), max: Date.UTC(9999, 11, 31, 23, 59, 59) }),
        fractions,
        (millis, fraction) => {
          const text = pgText(millis, fraction, '');
          const iso = `${text.replace(' ', 'T')}Z`;
          expect(timestampTextMillis(text)).toBe(new Date(iso).getTime());
        },
      ),
    );
  });

  it.each([
    ['2024-06-01 12:34:56.789+00', Date.UTC(2024, 5, 1, 12, 34, 56, 789)],
    ['2024-06-01 12:34:56.123999+05:30', Date.UTC(2024, 5, 1, 7, 4, 56, 123)],
    ['2024-06-01 12:34:56-03', Date.UTC(2024, 5, 1, 15, 34, 56)],
    ['1900-01-01 00:00:00+00:19:32', Date.UTC(1899, 11, 31, 23, 40, 28)],
  ])('reads %s', (text, expected) => {
    expect(timestampTextMillis(text)).toBe(expected);
  });

  it.each([
    'infinity',
    '-infinity',
    '0099-06-01 12:34:56+00',
    '0999-06-01 12:34:56+00',
    '12024-06-01 12:34:56+00',
    '2024-06-01 12:34:56+00 BC',
    '2024-06-01 12:34:56.+00',
    '2024-06-01T12:34:56+00',
    '2024-06-01 12:34:56Z',
    '2024-06-01 12:34:56+0',
    '2024-06-01 12:34:56+00:3',
    '2024-06-01',
    '2024-6-01 12:34:56+00',
  ])('leaves %s to the general parser', (text) => {
    expect(timestampTextMillis(text)).toBeUndefined();
  });
});
