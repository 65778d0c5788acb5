/**
 * Where autogenerate plugs into the CLI. `revision --autogenerate` and `check` call the hook
 * registered here (or the config's own); the implementation compares the declared metadata with
 * the database and renders the operations as the body of a migration file.
 */
import type { Engine } from '../drivers/engine';
import type { MetaData } from '../sql/schema/metadata';
import type { MigrationOperation } from '../sql/migration/operations';

/** What the CLI asks autogenerate for: a migration that brings `engine`'s database to `metadata`. */
export interface AutogenerateRequest {
  /** The engine of the database compared. */
  readonly engine: Engine;
  /** The declared schema the database should match. */
  readonly metadata: MetaData;
  /** The new revision's message. */
  readonly message: string;
  /** `--allow-destructive`: drops and narrowing changes are accepted without a per-operation acknowledgement. */
  readonly allowDestructive: boolean;
  /** `--answers FILE`: answers to the open questions (an unhinted drop + add: rename or not?). */
  readonly answersFile: string | undefined;
  /** Whether the terminal can ask the questions. */
  readonly interactive: boolean;
  /** The config's version table (its tables are never compared). */
  readonly versionTable?: string;
  /** Tables the comparison leaves alone (the config's `ignoreTables`). */
  readonly ignoreTables?: readonly string[];
}

/** What autogenerate answers: the operations and the bodies of the migration file. */
export interface AutogenerateResult {
  /** What changes; empty when the database matches the metadata. */
  readonly operations: readonly MigrationOperation[];
  /** The body of `upgrade(op)`, as TypeScript statements on `op`. */
  readonly upgrade: string;
  /** The body of `downgrade(op)`. */
  readonly downgrade: string;
  /** Questions left open: the CLI prints them as JSON and exits non-zero. */
  readonly questions?: readonly unknown[];
  /** Why the result was refused (destructive operations without consent): the CLI exits non-zero. */
  readonly refused?: readonly string[];
}

/** An autogenerate implementation (`autogenerateRevision` is the built-in one). */
export type AutogenerateHook = (request: AutogenerateRequest) => Promise<AutogenerateResult>;

let registered: AutogenerateHook | undefined;

/** Installs the autogenerate implementation the CLI uses. */
export function setAutogenerate(hook: AutogenerateHook | undefined): void {
  registered = hook;
}

/** The installed implementation, if any. */
export function getAutogenerate(): AutogenerateHook | undefined {
  return registered;
}
