/**
 * Type-level tests for the `athanor/migrations` entry. Compiled by `tsc --noEmit` (never run by
 * jest). `autogenerateRevision()`'s request and result are importable under their own names,
 * distinct from the seam's `AutogenerateRequest` / `AutogenerateResult` (what any hook sees).
 */
import {
  autogenerateRevision,
  type AutogenerateHook,
  type AutogenerateQuestion,
  type AutogenerateRevisionRequest,
  type AutogenerateRevisionResult,
} from '../../lib/entries/migrations';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(_value?: T): void => undefined;

assertType<Equal<Parameters<typeof autogenerateRevision>[0], AutogenerateRevisionRequest>>();
assertType<Equal<Awaited<ReturnType<typeof autogenerateRevision>>, AutogenerateRevisionResult>>();
assertType<Equal<AutogenerateRevisionResult['questions'][number], AutogenerateQuestion>>();

// The built-in implementation is a hook the CLI or a config can install.
export const builtIn: AutogenerateHook = autogenerateRevision;

export async function plan(request: AutogenerateRevisionRequest): Promise<string[]> {
  const result = await autogenerateRevision(request);
  // @ts-expect-error: a question is a rename or a destructive operation, nothing else
  result.questions.filter((q) => q.type === 'other');
  return result.questions.map((q) => (q.type === 'rename' ? q.prompt : q.reason));
}
