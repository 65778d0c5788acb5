/** The text of a new migration file. */
import { randomBytes } from 'node:crypto';
import { tsString } from '../sql/autogenerate/render';

/** A fresh revision id: 12 hex digits. */
export function newRevisionId(): string {
  return randomBytes(6).toString('hex');
}

/** `add users table` → `add_users_table`, for the file name. */
export function slug(message: string): string {
  return (
    message
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 40) || 'migration'
  );
}

function indent(body: string): string {
  return body
    .split('\n')
    .map((l) => (l.trim() === '' ? '' : `  ${l}`))
    .join('\n');
}

/** What `renderScript()` writes into a migration file. */
export interface ScriptParts {
  /** The revision's id. */
  readonly revision: string;
  /** The revisions it follows (none for a base). */
  readonly downRevisions: readonly string[];
  /** Its message, written into the file's doc comment and its `message` export. */
  readonly message: string;
  /** The body of `upgrade(op)` (empty when absent). */
  readonly upgrade?: string;
  /** The body of `downgrade(op)` (empty when absent). */
  readonly downgrade?: string;
}

/** A migration file: its revision, what it follows, and the bodies of upgrade and downgrade. */
export function renderScript(parts: ScriptParts): string {
  const down =
    parts.downRevisions.length === 0
      ? 'null'
      : parts.downRevisions.length === 1
        ? `'${parts.downRevisions[0]}'`
        : `[${parts.downRevisions.map((d) => `'${d}'`).join(', ')}]`;
  return [
    `/**`,
    ` * ${parts.message.replace(/\*\//g, '* /')}`,
    ` *`,
    ` * Revision ${parts.revision}, follows ${parts.downRevisions.join(' and ') || 'nothing (a base)'}.`,
    ` */`,
    `import type { MigrationOps } from 'athanor/migrations';`,
    ``,
    `export const revision = '${parts.revision}';`,
    `export const downRevision: string | readonly string[] | null = ${down};`,
    `export const message = ${tsString(parts.message)};`,
    ``,
    `export function upgrade(op: MigrationOps): void {`,
    indent(parts.upgrade ?? '// op.createTable(...), op.addColumn(...), …'),
    `}`,
    ``,
    `export function downgrade(op: MigrationOps): void {`,
    indent(parts.downgrade ?? '// undo what upgrade does'),
    `}`,
    ``,
  ].join('\n');
}
