export type * from './changes';
export { compareSchema, normalizerFor, type CompareOptions, type RenameHints } from './compare';
export type { Normalizer } from './normal-form';
export { typeChangeNarrows } from './type-change';
export { planOperations, type PlannedOperations, type UnexpressedChange } from './operations';
export { constraintName } from './key-specs';
export { renderBodies, renderOperations, renderType, renderValue, type MigrationFileParts } from './render';
export {
  autogenerate,
  openQuestions,
  type Answers,
  type AutogenerateOptions,
  type AutogenerateOutcome,
  type DestructiveOperation,
  type OpenQuestion,
} from './autogenerate';
export { generateEntities, type CodegenOptions } from './codegen';
