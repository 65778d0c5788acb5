import { CompileError } from '../../errors';

/**
 * How a dialect quotes identifiers and writes string literals (SQLAlchemy's IdentifierPreparer).
 * Both the statement compiler and the DDL compiler quote through it.
 */
export interface IdentifierPreparer {
  /** An identifier in quotes, the closing quote character doubled inside it. */
  quoteIdentifier(name: string): string;
  /** A string literal, for the few places SQL cannot take a parameter (DDL defaults, CHECKs). */
  quoteLiteral(value: string): string;
}

/** How a dialect's quoting differs from standard SQL. */
export interface QuotingRules {
  /** The opening identifier quote (`"`, a backtick, `[`). */
  readonly open: string;
  /** The closing identifier quote; the opening one when absent. */
  readonly close?: string;
  /** Written before a string literal (SQL Server's `N` for Unicode literals). */
  readonly literalPrefix?: string;
  /** Backslashes are escapes inside string literals (MySQL unless NO_BACKSLASH_ESCAPES). */
  readonly backslashEscapes?: boolean;
  /** The longest identifier in UTF-8 bytes, where the server silently truncates longer ones (PostgreSQL's 63). */
  readonly maxIdentifierBytes?: number;
}

/**
 * An identifier preparer for quoting rules. Identifiers and literals with a NUL character are a
 * CompileError on every dialect: no database stores them, and drivers may cut the text there.
 *
 * @example identifierPreparer({ open: '[', close: ']', literalPrefix: 'N' }).quoteIdentifier('a]b') // '[a]]b]'
 */
export function identifierPreparer(rules: QuotingRules): IdentifierPreparer {
  const { open } = rules;
  const close = rules.close ?? open;
  const closeRe = new RegExp(close.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g');
  const doubled = close + close;
  const prefix = rules.literalPrefix ?? '';
  const backslashes = rules.backslashEscapes ?? false;
  const maxBytes = rules.maxIdentifierBytes;
  return Object.freeze({
    quoteIdentifier(name: string): string {
      if (name.includes('\u0000'))
        throw new CompileError(`identifier ${JSON.stringify(name)} contains a NUL character`);
      if (maxBytes !== undefined && name.length * 3 > maxBytes && Buffer.byteLength(name) > maxBytes) {
        throw new CompileError(
          `identifier ${JSON.stringify(name)} is ${Buffer.byteLength(name)} bytes; the server keeps only ` +
            `${maxBytes} bytes and would silently truncate it (two long names could then collide)`,
        );
      }
      return `${open}${name.replace(closeRe, doubled)}${close}`;
    },
    quoteLiteral(value: string): string {
      if (value.includes('\u0000'))
        throw new CompileError('a string literal in DDL contains a NUL character');
      const quoted = `'${value.replace(/'/g, "''")}'`;
      return prefix + (backslashes ? quoted.replace(/\\/g, '\\\\') : quoted);
    },
  });
}

/** Standard SQL quoting: `"name"` and `'text'`. */
export const STANDARD_PREPARER: IdentifierPreparer = identifierPreparer({ open: '"' });
