/**
 * `revision --autogenerate` and `check` against a live database: reflect the schema, compare it
 * with the metadata, and either hand back the migration's operations and rendered bodies, or the
 * questions that must be answered first — renames it will not guess and destructive operations
 * nobody consented to. On an interactive terminal the questions are asked; otherwise they come
 * back as data (the CLI prints them as JSON and exits non-zero) and `--answers FILE` answers them.
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { ArgumentError } from '../errors';
import type { Engine } from '../drivers/engine';
import type { MetaData } from '../sql/schema/metadata';
import type { MigrationOperation } from '../sql/migration/operations';
import {
  autogenerate,
  type Answers,
  type AutogenerateOutcome,
  type DestructiveOperation,
  type OpenQuestion,
} from '../sql/autogenerate/autogenerate';
import { normalizerFor } from '../sql/autogenerate/compare';

/**
 * What {@link autogenerateRevision} compares: `engine`'s database with `metadata`. The CLI's
 * `revision --autogenerate` and `check` make one from the config and the command line.
 */
export interface AutogenerateRevisionRequest {
  /** The engine of the database compared. */
  readonly engine: Engine;
  /** The declared schema the database should match. */
  readonly metadata: MetaData;
  /** The new revision's message. */
  readonly message: string;
  /** `--allow-destructive`: consent to every drop and narrowing change. */
  readonly allowDestructive: boolean;
  /** `--answers FILE`: a JSON object of answers (see `Answers`). */
  readonly answersFile?: string;
  /** Ask open questions on the terminal (stdin and stdout are a TTY). */
  readonly interactive: boolean;
  /** Tables the comparison leaves alone besides the version tables (another application's). */
  readonly ignoreTables?: readonly string[];
  /** The version table's name, when not `athanor_version`. */
  readonly versionTable?: string;
}

/** A question or a refusal, as the CLI prints it. */
export type AutogenerateQuestion =
  | ({
      /** A drop and an add of the same shape: a rename, or not? */
      readonly type: 'rename';
    } & OpenQuestion)
  | ({
      /** A destructive operation nobody consented to. */
      readonly type: 'destructive';
    } & DestructiveOperation);

/**
 * What {@link autogenerateRevision} answers: the migration's operations and the bodies of its
 * file, or the questions to answer before anything may be written.
 */
export interface AutogenerateRevisionResult {
  /** The upgrade's operations: empty when the database matches the metadata. */
  readonly operations: readonly MigrationOperation[];
  /** The body of `upgrade(op)`, as TypeScript statements on `op`. */
  readonly upgrade: string;
  /** The body of `downgrade(op)`. */
  readonly downgrade: string;
  /** Non-empty: nothing may be written; answer them (`--answers FILE`) or allow destruction. */
  readonly questions: readonly AutogenerateQuestion[];
  /** Changes no operation expresses, written into the upgrade as notes. */
  readonly notes: readonly string[];
}

/** Reads an answers file: a JSON object of question ids to an old name, null, or "allow". */
export function readAnswers(file: string): Answers {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ArgumentError(`--answers ${file}: not a readable JSON file (${(error as Error).message})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ArgumentError(`--answers ${file}: expected a JSON object of question ids to answers`);
  }
  for (const [key, value] of Object.entries(parsed)) {
    if (value !== null && typeof value !== 'string') {
      throw new ArgumentError(`--answers ${file}: the answer to '${key}' must be a string or null`);
    }
  }
  return parsed as Answers;
}

function questionsOf(outcome: AutogenerateOutcome): AutogenerateQuestion[] {
  return [
    ...outcome.questions.map((q) => ({ type: 'rename' as const, ...q })),
    ...outcome.refused.map((r) => ({ type: 'destructive' as const, ...r })),
  ];
}

/** Asks each open question on the terminal; returns the answers given. */
async function ask(questions: readonly AutogenerateQuestion[]): Promise<Record<string, string | null>> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answers: Record<string, string | null> = {};
  try {
    for (const q of questions) {
      if (q.type === 'rename') {
        const choices = q.candidates.map((c, i) => `${i + 1}) rename from '${c}'`).join(', ');
        const reply = (await rl.question(`${q.prompt}\n  ${choices}, n) new (drop and add): `)).trim();
        const index = Number(reply) - 1;
        answers[q.id] =
          Number.isInteger(index) && q.candidates[index] !== undefined ? q.candidates[index]! : null;
      } else {
        const reply = (await rl.question(`This migration ${q.reason}. Allow it? [y/N] `)).trim();
        if (/^y(es)?$/i.test(reply)) answers[q.id] = 'allow';
      }
    }
  } finally {
    rl.close();
  }
  return answers;
}

/**
 * Compares the metadata with the engine's database and plans the migration: the built-in
 * implementation behind `revision --autogenerate` and `check` (an `AutogenerateHook`).
 */
export async function autogenerateRevision(
  request: AutogenerateRevisionRequest,
): Promise<AutogenerateRevisionResult> {
  const { engine } = request;
  const dialect = await engine.resolveDialect();
  const inspector = await engine.schemaInspector();
  const reflected = await engine.reflectSchema();
  const version = request.versionTable ?? 'athanor_version';
  const ignored = new Set([version, `${version}_progress`, ...(request.ignoreTables ?? [])]);
  const declared = [...request.metadata.tables.values()].filter((t) => !ignored.has(t.name));
  let answers: Answers = request.answersFile === undefined ? {} : readAnswers(request.answersFile);
  const run = (): AutogenerateOutcome =>
    autogenerate(declared, reflected, normalizerFor(dialect, inspector), dialect, {
      includeTable: (name) => !ignored.has(name),
      answers,
      allowDestructive: request.allowDestructive,
    });
  let outcome = run();
  // Answers can raise new questions (a rename answered "new" leaves a drop to consent to).
  while (request.interactive && questionsOf(outcome).length) {
    const given = await ask(questionsOf(outcome));
    if (Object.keys(given).every((k) => k in answers)) break; // nothing new: the refusals stand
    answers = { ...answers, ...given };
    outcome = run();
  }
  return {
    operations: outcome.operations,
    upgrade: outcome.upgrade,
    downgrade: outcome.downgrade,
    questions: questionsOf(outcome),
    notes: outcome.unexpressed.map((u) => u.reason),
  };
}
