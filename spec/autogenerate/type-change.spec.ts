import { typeChangeNarrows } from '../../lib/sql/autogenerate';

describe('typeChangeNarrows', () => {
  it.each([
    ['varchar(10)', 'varchar(20)', false],
    ['varchar(20)', 'varchar(10)', true],
    ['varchar(20)', 'text', false],
    ['text', 'varchar(200)', true],
    ['integer', 'bigint', false],
    ['bigint', 'integer', true],
    ['int', 'int unsigned', true],
    ['int unsigned', 'bigint', false],
    ['numeric(10,2)', 'numeric(12,2)', false],
    ['numeric(10,2)', 'numeric(10,3)', true],
    ['numeric(10,2)', 'numeric(9,1)', true],
    ["enum('a','b')", "enum('a','b','c')", false],
    ["enum('a','b')", "enum('a')", true],
    ['jsonb', 'text', true],
    ['boolean', 'boolean', false],
  ])('%s → %s narrows: %s', (from, to, narrows) => {
    expect(typeChangeNarrows(from, to)).toBe(narrows);
  });
});
